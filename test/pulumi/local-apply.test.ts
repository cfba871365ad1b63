/**
 * `mbx apply --local` against the emulator: contoso applied through the program under the mock
 * runtime holds what the spec says (mbx verify agrees, without probes), a second run converges
 * without duplicates, a run with bad config changes nothing, and a tenant off loopback is refused.
 * It plans first, as pulumi preview does (--dry-run stops there), and keeps state: a mailbox the
 * spec drops is released with its mail, or removed where the spec says onDelete: remove.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as applyModule from '../../src/cli/commands/apply.js';
import type { Spec } from '../../src/spec/types.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { verify } from '../../src/verify/index.js';
import { built } from '../helpers/built.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

const { applyCommand, renderApply } = await built<typeof applyModule>('cli/commands/apply');
const CONTOSO = resolve('examples/contoso.yaml');
const saved = { ...process.env };
let emulator: TestEmulator;
let admin: TenantAdmin;
let dir: string;
let spec: Spec;

const count = async (cmdlet: string, parameters: Record<string, unknown>) => ((await admin.exo(cmdlet, parameters)).body.value as unknown[]).length;

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  Object.assign(process.env, emulator.env);
  dir = mkdtempSync(join(tmpdir(), 'mbx-apply-'));
  const loaded = await loadSpecFile(CONTOSO);
  if (!loaded.ok) throw new Error('contoso does not load');
  spec = loaded.spec;
  for (const user of spec.users) await admin.user(user.address, { licensed: false });
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mbx apply --local', () => {
  it('refuses, changing nothing, a run without its certificate', async () => {
    await expect(applyCommand(CONTOSO, { local: true })).rejects.toThrow('pass --certificate <file>');
    expect(await count('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox' })).toBe(0);
  });

  it('plans every object as a create on a dry run, and changes nothing', async () => {
    const outcome = await applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem'), dryRun: true });
    if (outcome.kind !== 'applied') throw new Error('the spec did not load');
    expect(outcome.result.ok).toBe(true);
    expect(new Set(outcome.result.plan.map((entry) => entry.step))).toEqual(new Set(['create']));
    const text = renderApply(CONTOSO, outcome);
    expect(text).toMatch(new RegExp(`Plan: ${outcome.result.plan.length} to create, 0 to update, 0 to delete, 0 to release, 0 unchanged\\.`));
    expect(text).toContain('Dry run: nothing was changed.');
    expect(await count('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox' })).toBe(0);
  });

  it('provisions contoso so that mbx verify finds every configuration check passing', async () => {
    const outcome = await applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem') });
    expect(outcome.kind === 'applied' && outcome.result.ok, JSON.stringify(outcome)).toBe(true);
    const verified = await verify({ file: CONTOSO, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the spec');
    expect(
      [...verified.report.results]
        .filter((result) => result.status === 'fail' || result.status === 'error')
        .map((result) => `${result.checkId} ${result.mailbox ?? ''}: ${result.message}`),
    ).toEqual([]);
  });

  it('changes nothing and duplicates nothing when run again', async () => {
    const before = {
      mailboxes: await count('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox' }),
      grants: await count('Get-MailboxPermission', { Identity: 'team@contoso.com' }),
      apps: (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso mail connectors'`)).body.value.length,
    };
    const outcome = await applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem') });
    expect(outcome.kind === 'applied' && outcome.result.ok).toBe(true);
    expect({
      mailboxes: await count('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox' }),
      grants: await count('Get-MailboxPermission', { Identity: 'team@contoso.com' }),
      apps: (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso mail connectors'`)).body.value.length,
    }).toEqual({ ...before, apps: 1 });
    const grants = (await admin.graph('GET', 'oauth2PermissionGrants')).body.value as { scope: string }[];
    expect(grants.filter((grant) => grant.scope.includes('IMAP.AccessAsUser.All'))).toHaveLength(1);
  });

  it('plans no change once applied, then an update and the releases for a changed spec, keeping the dropped mailbox and its grants', async () => {
    const again = await applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem'), dryRun: true });
    if (again.kind !== 'applied') throw new Error('the spec did not load');
    expect(again.result.plan.filter((entry) => entry.step !== 'same')).toEqual([]);
    const changed = join(dir, 'changed.yaml');
    const text = readFileSync(CONTOSO, 'utf8').replace('displayName: Contoso Sales', 'displayName: Contoso Sales Team');
    writeFileSync(changed, text.slice(0, text.indexOf('  - address: team@contoso.com')));
    // The same spec, edited: its state is contoso's (a state is kept per spec file).
    const state = again.stateFile;
    const planned = await applyCommand(changed, { local: true, certificate: join(dir, 'app.pem'), dryRun: true, state });
    if (planned.kind !== 'applied') throw new Error('the spec did not load');
    const steps = planned.result.plan.filter((entry) => entry.step !== 'same');
    expect(steps.filter((entry) => entry.step === 'update')).toEqual([
      expect.objectContaining({ kind: 'shared-mailbox', name: 'sales@contoso.com', changed: ['displayName'] }),
    ]);
    expect(steps.some((entry) => entry.step === 'delete' || entry.step === 'create')).toBe(false);
    expect(steps.filter((entry) => entry.step === 'release').map((entry) => `${entry.kind} ${entry.name}`)).toContain('shared-mailbox team@contoso.com');
    expect(renderApply(changed, planned)).toContain('> release shared-mailbox');
    const applied = await applyCommand(changed, { local: true, certificate: join(dir, 'app.pem'), state });
    expect(applied.kind === 'applied' && applied.result.ok, JSON.stringify(applied)).toBe(true);
    expect((await admin.exo('Get-Mailbox', { Identity: 'sales@contoso.com' })).body.value[0].DisplayName).toBe('Contoso Sales Team');
    expect(await count('Get-Mailbox', { Identity: 'team@contoso.com' })).toBe(1);
    expect(await count('Get-MailboxPermission', { Identity: 'team@contoso.com' })).toBeGreaterThan(1);
    const kept = JSON.parse(readFileSync(applied.kind === 'applied' ? applied.stateFile : '', 'utf8')) as { resources: { urn: string }[] };
    expect(kept.resources.some((resource) => resource.urn.endsWith('::team@contoso.com'))).toBe(false);
  });

  it('removes a dropped mailbox only where the spec said onDelete: remove', async () => {
    const scratch = join(dir, 'scratch.yaml');
    const base = [
      'version: 1',
      'tenant: { primaryDomain: contoso.onmicrosoft.com, acceptedDomains: [contoso.com, contoso.onmicrosoft.com] }',
      'sharedMailboxes:',
    ];
    writeFileSync(scratch, [...base, '  - { address: scratch@contoso.com, displayName: Scratch, onDelete: remove }', ''].join('\n'));
    const state = join(dir, 'scratch-state.json');
    expect((await applyCommand(scratch, { local: true, state })).kind).toBe('applied');
    expect(await count('Get-Mailbox', { Identity: 'scratch@contoso.com' })).toBe(1);
    writeFileSync(scratch, [...base.slice(0, 2), 'sharedMailboxes: []', ''].join('\n'));
    const dropped = await applyCommand(scratch, { local: true, state });
    if (dropped.kind !== 'applied') throw new Error('the spec did not load');
    expect(dropped.result.plan.filter((entry) => entry.step === 'delete').map((entry) => `${entry.kind} ${entry.name}`)).toContain(
      'shared-mailbox scratch@contoso.com',
    );
    expect(dropped.result.ok, JSON.stringify(dropped.result.resources)).toBe(true);
    expect((await admin.exo('Get-Mailbox', { Identity: 'scratch@contoso.com' })).status).toBe(404);
  });

  it('refuses a state file it did not write, naming it', async () => {
    const state = join(dir, 'bad-state.json');
    writeFileSync(state, '{"not": "a state"}');
    await expect(applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem'), state })).rejects.toThrow(
      /bad-state\.json is not a state mbx apply wrote/,
    );
  });

  it('refuses a tenant that is not on loopback', async () => {
    const graphUrl = process.env.MBX_GRAPH_URL;
    process.env.MBX_GRAPH_URL = 'https://graph.microsoft.com';
    try {
      await expect(applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem') })).rejects.toThrow('is not on loopback');
    } finally {
      process.env.MBX_GRAPH_URL = graphUrl;
    }
    await expect(applyCommand(CONTOSO, {})).rejects.toThrow('pulumi up');
  });
});
