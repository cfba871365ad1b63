/**
 * `mbx apply --local` against the emulator: contoso applied through the program under the mock
 * runtime holds what the spec says (mbx verify agrees, without probes), a second run converges
 * without duplicates, a run with bad config changes nothing, and a tenant off loopback is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

const { applyCommand } = await built<typeof applyModule>('cli/commands/apply');
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

  it('provisions contoso so that mbx verify finds every configuration check passing', async () => {
    const outcome = await applyCommand(CONTOSO, { local: true, certificate: join(dir, 'app.pem') });
    expect(outcome.kind === 'applied' && outcome.result.ok, JSON.stringify(outcome)).toBe(true);
    const verified = await verify({ file: CONTOSO, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the spec');
    expect(
      verified.report.results
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
