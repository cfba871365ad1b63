/**
 * verify --shard i/n (issue 21): the shards' results together are the unsharded run's, result for
 * result, and each shard reads Full Access only for its own mailboxes (and the first shard for
 * those an app signs in to by itself), so the shards make the per-mailbox requests once between them.
 */
import { applySpecs } from '../helpers/apply-local.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/verify/index.js';
import type { Report } from '../../src/verify/results.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const CONTOSO = resolve('examples/contoso.yaml');
const saved = { ...process.env };
let emulator: TestEmulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-shards-'));
  emulator = await startTestEmulator();
  process.env = { ...saved, ...emulator.env };
  const people = ['max.mustermann', 'erika.musterfrau', 'svc-genesys', 'lena.schmidt'].map((person) => `${person}@contoso.com`);
  await applySpecs(emulator, people, [CONTOSO], join(dir, 'app.pem'));
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (shard?: { index: number; count: number }): Promise<Report> => {
  const outcome = await verify({ file: CONTOSO, env: process.env, version: 'test', probes: false, ...(shard === undefined ? {} : { shard }) });
  if (!outcome.ok) throw new Error('verify refused contoso');
  return outcome.report;
};
const keyed = (report: Report): string[] =>
  [...report.results].map((result) => `${result.checkId} ${result.mailbox ?? '-'} ${result.status} ${result.message}`).sort();

describe('verify --shard', () => {
  it('gives the unsharded results between the shards, reading each mailbox once between them', async () => {
    const whole = await run();
    const shards = [await run({ index: 1, count: 3 }), await run({ index: 2, count: 3 }), await run({ index: 3, count: 3 })];
    expect(shards.flatMap(keyed).sort()).toEqual(keyed(whole));
    // Each shard still reads the tenant-wide lists, but the one-mailbox-at-a-time reads are split
    // between them: three shards cost less than three whole runs.
    const sharded = shards.reduce((sum, shard) => sum + shard.requests.exchange, 0);
    expect(sharded).toBeLessThan(3 * whole.requests.exchange);
  });
});
