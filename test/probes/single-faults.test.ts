/**
 * One fault at each probe step (issue 15, item 8): on contoso provisioned as the spec says, a
 * single dropped connection or a single throttle at any one IMAP, SMTP, Graph or token-endpoint
 * step changes no verdict: the retry policy tries the step again and every probe still passes
 * (exit 0), with nothing left behind. A drop during IMAP AUTHENTICATE, which once crashed
 * `mbx verify`, is run through the installed binary. POP's steps are test/probes/mail.test.ts's
 * (contoso has no POP client).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { provisionWithProbeCredentials } from '../helpers/provision.js';
import { ROOT } from '../helpers/spec.js';
import { TenantAdmin } from '../helpers/tenant.js';

const SPEC = 'examples/contoso.yaml';
const dir = mkdtempSync(join(tmpdir(), 'mbx-single-faults-'));
let emulator: TestEmulator;
let env: NodeJS.ProcessEnv;

/** The probes of one mailbox, as `check mailbox subject status` lines, and the exit code. */
async function probe(mailbox: string) {
  const result = await verifyCommand(SPEC, { format: 'json', failOn: 'info', mailbox: [mailbox] }, { env, version: 'test', colour: false, probesOnly: true });
  if (result.kind !== 'report') throw new Error('contoso must be valid');
  const lines = [...result.report.results]
    .filter((found) => found.skipReason !== 'not-applicable')
    .map((found) => `${found.checkId} ${found.subject ?? ''} ${found.status}`);
  return { lines, exitCode: result.exitCode, retries: result.report.requests.retries };
}

/** Probe messages left in the tenant. */
async function leftovers(): Promise<number> {
  const state = await (await emulator.control('GET', 'state')).text();
  return state.match(/"subject":"mbx probe [0-9a-f-]{36}"/g)?.length ?? 0;
}

const clean = new Map<string, string[]>();

beforeAll(async () => {
  emulator = await startTestEmulator();
  const admin = new TenantAdmin(emulator);
  ({ env } = await provisionWithProbeCredentials(admin, SPEC, dir, emulator.env));
  for (const mailbox of ['info@contoso.com', 'sales@contoso.com', 'support@contoso.com']) clean.set(mailbox, (await probe(mailbox)).lines);
}, 60_000);
afterEach(() => emulator.control('PUT', 'faults', { rules: [] }));
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Each step a probe takes, the surface and operation the emulator knows it by, and the mailbox whose probes take it. */
const STEPS: readonly (readonly [string, string, string])[] = [
  ['imap', 'AUTHENTICATE', 'info@contoso.com'],
  ['imap', 'LIST', 'info@contoso.com'],
  ['imap', 'EXAMINE', 'info@contoso.com'],
  ['imap', 'SELECT', 'info@contoso.com'],
  ['imap', 'UID SEARCH', 'info@contoso.com'],
  ['smtp', 'AUTH', 'info@contoso.com'],
  ['smtp', 'MAIL', 'info@contoso.com'],
  ['smtp', 'DATA', 'support@contoso.com'],
  ['graph', 'messages.list', 'sales@contoso.com'],
  ['graph', 'sendMail', 'sales@contoso.com'],
  ['graph', 'messages.list', 'support@contoso.com'],
  ['entra', 'token', 'info@contoso.com'],
  ['entra', 'token', 'support@contoso.com'],
];

describe('a single fault at one probe step changes no verdict', () => {
  it('starts from probes that all pass', () => {
    for (const lines of clean.values()) {
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line.endsWith(' pass'))).toBe(true);
    }
  });

  it.each(
    STEPS.flatMap(([surface, operation, mailbox]) => [
      ['drop', surface, operation, mailbox],
      ['throttle', surface, operation, mailbox],
    ]),
  )(
    'a %s at %s %s (%s): tried again, every probe passes, nothing left behind',
    async (kind, surface, operation, mailbox) => {
      await emulator.control('DELETE', 'counters');
      const rule =
        kind === 'drop'
          ? { surface, operation, drop: true, times: 1 }
          : { surface, operation, retryAfterSeconds: 1, ...(surface === 'graph' || surface === 'entra' ? { status: 429 } : {}), times: 1 };
      await emulator.control('PUT', 'faults', { rules: [rule] });
      const run = await probe(mailbox);
      const counters = (await (await emulator.control('GET', 'counters')).json()) as { operations: Record<string, { faults: number }> };
      // The fault fired, at the step named.
      expect(counters.operations[`${surface} ${operation}`]?.faults).toBe(1);
      expect(run.lines).toEqual(clean.get(mailbox));
      expect(run.exitCode).toBe(0);
      expect(await leftovers()).toBe(0);
    },
    60_000,
  );

  it('a connection dropped during IMAP AUTHENTICATE does not crash the installed binary: a report, and exit 0 after the retry', async () => {
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'imap', operation: 'AUTHENTICATE', drop: true, times: 1 }] });
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin/mbx.js'), 'probe', SPEC, '--mailbox', 'info@contoso.com', '--format', 'json'],
        { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
      );
    });
    expect(run.stderr).not.toContain('INTERNAL');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { checkId: string; status: string }[] };
    expect([...report.results].find((result) => result.checkId === 'MBX.IMAP.1')?.status).toBe('pass');
  }, 60_000);
});
