/**
 * mbx snapshot and mbx diff (issue 19): a snapshot of a provisioned tenant valid against its schema;
 * drifts made on the wire (a grant added, one removed, a group member added, a setting changed)
 * come back as exactly those changes, against the live tenant and between two snapshots, as text,
 * JSON and Markdown, with the exit codes pipelines gate on; who made each grant and membership
 * change, and when, from the Exchange admin audit log (live, or kept with mbx snapshot --since).
 */
import { applySpecs } from '../helpers/apply-local.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

const saved = { ...process.env };
let dir: string;
let emulator: TestEmulator;
let admin: TenantAdmin;

async function mbx(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-snapshot-'));
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  process.env = { ...saved, ...emulator.env };
  const people = ['max.mustermann', 'erika.musterfrau', 'svc-genesys', 'lena.schmidt'].map((person) => `${person}@contoso.com`);
  await applySpecs(
    emulator,
    people,
    ['examples/contoso.yaml', 'examples/groups.yaml'].map((spec) => resolve(spec)),
    join(dir, 'app.pem'),
  );
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormatsModule as unknown as typeof addFormatsModule.default)(ajv, ['date-time']);
const validate = ajv.compile(JSON.parse(readFileSync('schemas/snapshot.schema.json', 'utf8')));

const DRIFTS = [
  '+ lena.schmidt@contoso.com got Full Access on info@contoso.com',
  '- max.mustermann@contoso.com lost Send As on info@contoso.com',
  '~ team@contoso.com: hiddenFromAddressLists changed from (none) to true',
  '+ max.mustermann@contoso.com joined the group sales-leads@contoso.com',
];

describe('mbx snapshot and mbx diff', () => {
  it('takes a snapshot valid against schemas/snapshot.schema.json, and finds no change against the live tenant', async () => {
    const before = join(dir, 'before.json');
    expect((await mbx('snapshot', '--out', before)).code).toBe(0);
    const snapshot = JSON.parse(readFileSync(before, 'utf8'));
    expect(validate(snapshot), JSON.stringify(validate.errors)).toBe(true);
    expect(snapshot.tenant.sharedMailboxes.map((mailbox: { address: string }) => mailbox.address)).toEqual([
      'info@contoso.com',
      'sales@contoso.com',
      'support@contoso.com',
      'team@contoso.com',
    ]);
    const same = await mbx('diff', before);
    expect([same.code, same.stdout]).toEqual([0, expect.stringMatching(/^No changes from .*before\.json \(.*\) to the live tenant \(.*\)\.\n$/)]);
  });

  it('says who got and lost which right, which member joined which group and what setting changed (exit 1)', async () => {
    await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'lena.schmidt@contoso.com', AccessRights: ['FullAccess'] });
    await admin.exo('Remove-RecipientPermission', {
      Identity: 'info@contoso.com',
      Trustee: 'max.mustermann@contoso.com',
      AccessRights: ['SendAs'],
      Confirm: false,
    });
    await admin.exo('Set-Mailbox', { Identity: 'team@contoso.com', HiddenFromAddressListsEnabled: true });
    await admin.exo('Add-DistributionGroupMember', { Identity: 'sales-leads@contoso.com', Member: 'max.mustermann@contoso.com' });
    const live = await mbx('diff', join(dir, 'before.json'));
    expect(live.code).toBe(1);
    const lines = live.stdout.split('\n').slice(1, -2);
    expect(lines.map((line) => line.replace(/ \(by .*\)$/, ''))).toEqual(DRIFTS);
    // The emulator's bootstrap admin app made each change; the setting is not attributed (only grants and members are).
    const by = / \(by (.+), (\d{4}-\d\d-\d\d \d\d:\d\d) UTC, ([A-Za-z-]+)\)$/;
    expect(lines.map((line) => by.exec(line)?.[3])).toEqual(['Add-MailboxPermission', 'Remove-RecipientPermission', undefined, 'Add-DistributionGroupMember']);
    expect(by.exec(lines[0] as string)?.[1]).toMatch(/\S/);
    expect(live.stdout).toContain('Who and when: from the Exchange admin audit log');
  });

  it('compares two snapshots as JSON and Markdown, and refuses a file that is not a snapshot (exit 2)', async () => {
    const after = join(dir, 'after.json');
    expect((await mbx('snapshot', '--out', after, '--since', join(dir, 'before.json'))).code).toBe(0);
    const kept = JSON.parse(readFileSync(after, 'utf8'));
    expect(validate(kept), JSON.stringify(validate.errors)).toBe(true);
    expect(kept.audit.entries.length).toBeGreaterThanOrEqual(3);
    const json = await mbx('diff', join(dir, 'before.json'), after, '--format', 'json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { changes: { kind: string; text: string; operation?: string; at?: string }[] };
    expect(parsed.changes.map((change) => change.kind)).toEqual(['grant-added', 'grant-removed', 'setting-changed', 'member-added']);
    expect(parsed.changes.map((change) => change.operation)).toEqual([
      'Add-MailboxPermission',
      'Remove-RecipientPermission',
      undefined,
      'Add-DistributionGroupMember',
    ]);
    const taken = JSON.parse(readFileSync(join(dir, 'before.json'), 'utf8')).takenAt as string;
    expect(parsed.changes[0]?.at !== undefined && parsed.changes[0].at > taken).toBe(true);
    const markdown = await mbx('diff', join(dir, 'before.json'), after, '--format', 'markdown');
    expect(markdown.stdout).toMatch(/\| \+ \| lena\.schmidt@contoso\.com got Full Access on info@contoso\.com \| .+ \| \d{4}-\d\d-\d\d \d\d:\d\d UTC \|/);
    // A later snapshot taken without --since cannot say who: the diff says how to get it.
    const plain = join(dir, 'plain.json');
    expect((await mbx('snapshot', '--out', plain)).code).toBe(0);
    const unattributed = await mbx('diff', join(dir, 'before.json'), plain);
    expect(unattributed.stdout).not.toContain('(by ');
    expect(unattributed.stdout).toContain('mbx snapshot --since');
    expect((await mbx('diff', after, after)).code).toBe(0);
    const notSnapshot = join(dir, 'spec.json');
    writeFileSync(notSnapshot, '{"version": 1}');
    const refused = await mbx('diff', notSnapshot, after);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not an mbx snapshot');
  });

  it('claims no change in what a snapshot could not read: the users throttled past the retries (issue 29)', async () => {
    const whole = join(dir, 'whole.json');
    const taken = await mbx('snapshot', '--out', whole);
    expect(taken.code).toBe(0);
    // A line says what was written, where a silent success left the user guessing (issue 30).
    expect(taken.stderr).toMatch(/^mbx: snapshot of \d+ shared mailboxes taken at \S+ written to .*whole\.json\n$/);
    const blind = join(dir, 'blind.json');
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'graph', operation: 'users.list', status: 429, retryAfterSeconds: 0 }] });
    try {
      expect((await mbx('snapshot', '--out', blind)).code).toBe(3);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
    // The stand-in licences of the blind snapshot (EXCHANGESTANDARD) are no change, either way round.
    for (const [a, b] of [
      [whole, blind],
      [blind, whole],
    ] as const) {
      const diff = await mbx('diff', a, b);
      expect(diff.code).toBe(3);
      expect(diff.stdout).not.toMatch(/licence changed|no longer holds rights|now holds rights/);
      expect(diff.stdout).toContain('No changes from');
      expect(diff.stdout).toContain('Not compared, because a snapshot could not read them (no change is claimed there): the users holding rights; licences');
      const json = JSON.parse((await mbx('diff', a, b, '--format', 'json')).stdout) as { notCompared: string[]; changes: unknown[] };
      expect(json.notCompared).toEqual(['users', 'licences']);
      expect(json.changes).toEqual([]);
    }
  });
});
