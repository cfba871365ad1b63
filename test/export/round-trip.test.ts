/**
 * mbx export round trips (issue 19): a tenant provisioned from contoso, groups and archive exports
 * to a spec that validates and that verify finds no fault with; applied to an empty emulator (with
 * the people), it exports again to the identical file. A mailbox pattern that matches nothing
 * writes nothing and is bad usage.
 */
import { applySpecs } from '../helpers/apply-local.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as applyModule from '../../src/cli/commands/apply.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { main } from '../../src/cli/main.js';
import { loadSpecText } from '../../src/spec/load.js';
import { verify } from '../../src/verify/index.js';
import { built } from '../helpers/built.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { withoutOtherApps } from '../helpers/export-text.js';

const { applyCommand } = await built<typeof applyModule>('cli/commands/apply');
const SOURCES = ['examples/contoso.yaml', 'examples/groups.yaml', 'examples/archive.yaml'].map((file) => resolve(file));
const PEOPLE = ['max.mustermann', 'erika.musterfrau', 'svc-genesys', 'lena.schmidt'].map((name) => `${name}@contoso.com`);
const saved = { ...process.env };
let dir: string;
let first: TestEmulator;
let exported: string;

/** Point this process at an emulator, create the people, apply the specs. */
async function tenant(emulator: TestEmulator, specs: readonly string[]): Promise<void> {
  process.env = { ...saved, ...emulator.env };
  await applySpecs(emulator, PEOPLE, specs, join(dir, 'app.pem'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-export-'));
  first = await startTestEmulator();
  await tenant(first, SOURCES);
  exported = (await exportCommand({}, process.env)).result.text;
});
afterAll(async () => {
  process.env = saved;
  await first.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mbx export', () => {
  it('writes a spec with the schema modeline that validates, naming what it does not export', () => {
    expect(exported.startsWith('# yaml-language-server: $schema=https://mbx.dev/schemas/mailbox-spec/v1.json\n')).toBe(true);
    expect(exported).toContain('software that signs in as a delegate is never inferred');
    const loaded = loadSpecText(exported, 'exported.yaml');
    expect(loaded.ok, JSON.stringify(loaded.ok ? [] : loaded.errors)).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.spec.sharedMailboxes.map((mailbox) => mailbox.address)).toEqual([
      'info@contoso.com',
      'records@contoso.com',
      'sales@contoso.com',
      'support@contoso.com',
      'team@contoso.com',
    ]);
    const sales = loaded.spec.sharedMailboxes.find((mailbox) => mailbox.address === 'sales@contoso.com');
    // contoso grants Erika directly, groups.yaml the group: a user's grant keeps the default auto-mapping, a group's is false.
    expect(sales?.fullAccess.map((grant) => [grant.trustee, grant.autoMapping])).toEqual([
      ['erika.musterfrau@contoso.com', true],
      ['sales-team@contoso.com', false],
    ]);
    expect(loaded.spec.groups.map((group) => [group.address, group.members])).toEqual([
      ['sales-leads@contoso.com', ['lena.schmidt@contoso.com']],
      ['sales-team@contoso.com', ['erika.musterfrau@contoso.com', 'sales-leads@contoso.com']],
    ]);
    const records = loaded.spec.sharedMailboxes.find((mailbox) => mailbox.address === 'records@contoso.com');
    expect(records).toMatchObject({
      licence: 'EXCHANGEENTERPRISE',
      usageLocation: 'DE',
      archive: true,
      litigationHold: true,
      maxSendSizeMB: 20,
      hiddenFromAddressLists: true,
    });
    // A setting at Exchange's default is left out, as the spec leaves it.
    expect(loaded.spec.sharedMailboxes.filter((mailbox) => 'maxSendSizeMB' in mailbox).map((mailbox) => mailbox.address)).toEqual(['records@contoso.com']);
    expect(exported).not.toMatch(/secret|password|BEGIN/i);
  });

  it('verifies on the same tenant with no fail, error or warning', async () => {
    const file = join(dir, 'exported.yaml');
    writeFileSync(file, exported);
    const verified = await verify({ file, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the exported spec');
    expect(
      [...verified.report.results]
        .filter((result) => ['fail', 'error', 'warn'].includes(result.status))
        .map((result) => `${result.checkId} ${result.mailbox ?? ''} ${result.subject ?? ''}: ${result.message}`),
    ).toEqual([]);
  });

  it('reads automatic replies on request, as the text a reader sees, and the export verifies green with them', async () => {
    const { result } = await exportCommand({ automaticReplies: true, mailbox: ['team@contoso.com'] }, process.env);
    const loaded = loadSpecText(result.text, 'replies.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.spec.sharedMailboxes[0]?.automaticReplies).toEqual({
      status: 'scheduled',
      externalAudience: 'all',
      internalMessage: 'The team is away between Christmas and New Year.',
      externalMessage: 'Thank you for your message. We are back on 2 January and will answer then.',
      start: '2026-12-23T23:00:00.000Z',
      end: '2027-01-01T23:00:00.000Z',
    });
    const file = join(dir, 'replies.yaml');
    writeFileSync(file, result.text);
    const verified = await verify({ file, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the export');
    expect([...verified.report.results].find((found) => found.checkId === 'MBX.AUTOREPLY.1')?.status).toBe('pass');
    expect([...verified.report.results].filter((found) => ['fail', 'error', 'warn'].includes(found.status)).map((found) => found.checkId)).toEqual([]);
  });

  it('exports only the mailboxes a pattern names, and refuses a pattern that matches nothing, writing nothing', async () => {
    const some = await exportCommand({ mailbox: ['s*@contoso.com'] }, process.env);
    expect(some.result.mailboxes).toBe(2);
    const out = join(dir, 'none.yaml');
    await expect(exportCommand({ mailbox: ['nobody*@contoso.com'], out }, process.env)).rejects.toThrow(
      "--mailbox 'nobody*@contoso.com' matched no shared mailbox",
    );
    const { existsSync } = await import('node:fs');
    expect(existsSync(out)).toBe(false);
  });

  it('names what it could not read (in the file and the result), exports the rest, and says so for exit 3', async () => {
    await first.control('PUT', 'faults', { rules: [{ surface: 'exchange', operation: 'Get-RecipientPermission', status: 403 }] });
    try {
      const { result } = await exportCommand({}, process.env);
      expect(result.unreadable.map((entry) => entry.what)).toEqual(['Send As (Get-RecipientPermission)']);
      expect(result.unreadable[0]?.error).toContain('access refused');
      expect(result.text).toContain('# Could not read Send As (Get-RecipientPermission):');
      expect(result.mailboxes).toBe(5);
      expect(loadSpecText(result.text, 'partial.yaml').ok).toBe(true);
    } finally {
      await first.control('PUT', 'faults', { rules: [] });
    }
  });

  it('as a command: exit 0 with the file written, 2 for a pattern that matches nothing, 3 for something unreadable', async () => {
    const run = async (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
      return { code, stdout, stderr };
    };
    const out = join(dir, 'cli.yaml');
    const written = await run('export', '--out', out);
    expect([written.code, written.stderr]).toEqual([0, `mbx: 5 shared mailboxes exported to ${out}\n`]);
    expect(readFileSync(out, 'utf8')).toBe(exported);
    const none = await run('export', '--mailbox', 'nobody@contoso.com');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--mailbox 'nobody@contoso.com' matched no shared mailbox in the tenant; nothing was written.");
    await first.control('PUT', 'faults', { rules: [{ surface: 'graph', operation: 'users.list', status: 403 }] });
    try {
      const partial = await run('export', '--mailbox', 'info@contoso.com');
      expect(partial.code).toBe(3);
      expect(partial.stderr).toContain('mbx: could not read users (Microsoft Graph User.Read.All)');
      expect(partial.stdout).toContain('address: info@contoso.com');
      // The grant stays: an address is taken for a user when the users cannot be read, and the licence is named as unknown.
      expect(partial.stdout).toContain('- trustee: max.mustermann@contoso.com');
      expect(partial.stdout).toContain('max.mustermann@contoso.com: its licence could not be read');
    } finally {
      await first.control('PUT', 'faults', { rules: [] });
    }
  });

  it('applied to the tenant it came from, adopts every object and changes nothing: the export after is the same', async () => {
    const file = join(dir, 'adopt.yaml');
    writeFileSync(file, exported);
    const outcome = await applyCommand(file, { local: true, certificate: join(dir, 'app.pem') });
    expect(outcome.kind === 'applied' && outcome.result.ok, JSON.stringify(outcome)).toBe(true);
    expect((await exportCommand({}, process.env)).result.text).toBe(exported);
  });

  it('applied to an empty emulator (with the people), exports again to the identical file', async () => {
    const file = join(dir, 'exported.yaml');
    writeFileSync(file, exported);
    const second = await startTestEmulator();
    try {
      await tenant(second, [file]);
      // The only difference: the first tenant's app (contoso's, whose delegated consent export cannot
      // place) is named as not exported; the second tenant has no app to name.
      // The first tenant's other apps (otherApps) are not the export's to create either.
      const withoutApp = withoutOtherApps(exported)
        .split('\n')
        .filter((line) => !line.startsWith('# The app "Contoso'))
        .join('\n');
      expect(exported).toContain('# The app "Contoso mail connectors" is not exported: it holds delegated');
      expect((await exportCommand({}, process.env)).result.text).toBe(withoutApp);
    } finally {
      process.env = { ...saved, ...first.env };
      await second.stop();
    }
  });
});
