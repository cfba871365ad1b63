/**
 * mbx export of a tenant with groups, an archive and an app (issue 19's second round trip): the
 * groups, archive and rbac-smtp examples applied together. The notification service of
 * rbac-smtp.yaml (RBAC roles for Graph and SMTP, no Entra permission) is the one app reaching the
 * mailboxes and is fully explained by what it holds, so it exports with its inferred clients; the
 * export verifies green on the same tenant, and applied to an empty emulator (with the people)
 * exports again to the identical file. Its Pulumi import file names the app's Entra objects by the
 * ids they have in the tenant and by the names the Pulumi program declares them under.
 */
import { applySpecs } from '../helpers/apply-local.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as runtime from '../../src/pulumi/local/runtime.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { loadSpecText } from '../../src/spec/load.js';
import { verify } from '../../src/verify/index.js';
import { built } from '../helpers/built.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { withoutOtherApps } from '../helpers/export-text.js';
import { TenantAdmin } from '../helpers/tenant.js';
import { tenantMocks } from '../helpers/pulumi-mocks.js';

const { runProgram } = await built<typeof runtime>('pulumi/local/runtime');
const saved = { ...process.env };
let dir: string;
let first: TestEmulator;
let exported: string;

/** Point this process at the emulator, create the people, apply the specs. */
async function apply(emulator: TestEmulator, files: readonly string[]): Promise<void> {
  process.env = { ...saved, ...emulator.env };
  await applySpecs(emulator, ['erika.musterfrau@contoso.com', 'lena.schmidt@contoso.com'], files, join(dir, 'app.pem'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-export-app-'));
  first = await startTestEmulator();
  await apply(
    first,
    ['examples/groups.yaml', 'examples/archive.yaml', 'examples/rbac-smtp.yaml'].map((file) => resolve(file)),
  );
  exported = (await exportCommand({}, process.env)).result.text;
});
afterAll(async () => {
  process.env = saved;
  await first.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mbx export of a tenant with groups, an archive and an app', () => {
  it('infers the app and its clients from the roles it holds, and verifies green on the same tenant', async () => {
    const loaded = loadSpecText(exported, 'exported.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.spec.app).toMatchObject({ displayName: 'Contoso notifications', mailboxScope: 'rbac', credential: { kind: 'certificate' } });
    expect(loaded.spec.sharedMailboxes.map((mailbox) => mailbox.address)).toEqual(['notify@contoso.com', 'records@contoso.com', 'sales@contoso.com']);
    expect(loaded.spec.groups.map((group) => group.address)).toEqual(['sales-leads@contoso.com', 'sales-team@contoso.com']);
    expect(loaded.spec.sharedMailboxes[1]).toMatchObject({ archive: true, litigationHold: true, licence: 'EXCHANGEENTERPRISE' });
    // The sales connector of groups.yaml holds delegated consent only and reaches no mailbox as itself: it is no candidate.
    expect(loaded.spec.sharedMailboxes[0]?.clients.map((client) => [client.profile, client.inbound, client.outbound, client.smtpAuthorization])).toEqual([
      ['generic-graph', 'graph', 'none', undefined],
      ['generic-smtp', 'none', 'smtp', 'rbac'],
    ]);
    const file = join(dir, 'exported.yaml');
    writeFileSync(file, exported);
    const verified = await verify({ file, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the export');
    expect(
      [...verified.report.results]
        .filter((result) => ['fail', 'error', 'warn'].includes(result.status))
        .map((result) => `${result.checkId}: ${result.message}`),
    ).toEqual([]);
  });

  it('writes a Pulumi import file naming the app by its ids in the tenant and its names in the program', async () => {
    const file = join(dir, 'exported.yaml');
    writeFileSync(file, exported);
    const imports = join(dir, 'imports.json');
    const outcome = await exportCommand({ pulumiImport: imports }, process.env);
    expect(outcome.pulumiImport?.written).toBe(true);
    const { resources } = JSON.parse(readFileSync(imports, 'utf8')) as { resources: { type: string; name: string; id: string }[] };
    const admin = new TenantAdmin(first);
    const registration = (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso notifications'`)).body.value[0];
    const principal = (await admin.graph('GET', `servicePrincipals?$filter=appId eq '${registration.appId}'`)).body.value[0];
    expect(resources).toEqual([
      { type: 'azuread:index/application:Application', name: 'app', id: `/applications/${registration.id}` },
      { type: 'azuread:index/servicePrincipal:ServicePrincipal', name: 'app', id: `/servicePrincipals/${principal.id}` },
      {
        type: 'azuread:index/applicationCertificate:ApplicationCertificate',
        name: 'app',
        id: `${registration.id}/certificate/${registration.keyCredentials[0].keyId}`,
      },
    ]);
    // Each entry is a resource the program declares for the exported spec: the import lands on its URN.
    const run = await runProgram({
      config: { 'mbx:spec': file, 'mbx:emulator': 'true', 'mbx:appCertificate': readFileSync(join(dir, 'app.pem'), 'utf8') },
      mocks: tenantMocks,
    });
    expect(run.error).toBeUndefined();
    const declared = new Set(run.registrations.map((registration) => `${registration.type} ${registration.name}`));
    expect(resources.filter((resource) => !declared.has(`${resource.type} ${resource.name}`))).toEqual([]);
  });

  it('applied to an empty emulator, exports again to the identical file', async () => {
    const file = join(dir, 'exported.yaml');
    writeFileSync(file, exported);
    const second = await startTestEmulator();
    try {
      await apply(second, [file]);
      // What mbx does not own (otherApps) is not the export's to create in the second tenant.
      expect((await exportCommand({}, process.env)).result.text).toBe(withoutOtherApps(exported));
    } finally {
      process.env = { ...saved, ...first.env };
      await second.stop();
    }
  });
});
