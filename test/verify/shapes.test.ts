/**
 * Real tenants' shapes end to end (issue 18): examples/groups.yaml and examples/archive.yaml
 * applied with `mbx apply --local` to a fresh emulator verify green; then each drift made on the
 * wire fails with its own check, and the fix the finding offers (its PowerShell, or `mbx apply`
 * again) makes it green again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as applyModule from '../../src/cli/commands/apply.js';
import type { CheckResult } from '../../src/verify/result.js';
import { verify } from '../../src/verify/index.js';
import { built } from '../helpers/built.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { runPowerShell } from '../helpers/powershell.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';
import { createTransport } from 'nodemailer';
import { appCredential } from '../../src/m365/credential.js';
import { endpointsFrom } from '../../src/m365/endpoints.js';

const { applyCommand } = await built<typeof applyModule>('cli/commands/apply');
const GROUPS = resolve('examples/groups.yaml');
const ARCHIVE = resolve('examples/archive.yaml');
const RBAC_SMTP = resolve('examples/rbac-smtp.yaml');
const saved = { ...process.env };
let emulator: TestEmulator;
let admin: TenantAdmin;
let dir: string;

async function apply(file: string): Promise<void> {
  const outcome = await applyCommand(file, { local: true, certificate: join(dir, 'app.pem') });
  expect(outcome.kind === 'applied' && outcome.result.ok, JSON.stringify(outcome)).toBe(true);
}

async function results(file: string): Promise<readonly CheckResult[]> {
  // One emulator holds the three specs, so each spec's app reaches the others' mailboxes: MBX.ACCESS.1
  // rightly fails for them, and its own tests (test/checks/access, test/verify/access-drifts) cover it.
  const verified = await verify({ file, env: process.env, version: 'test', probes: false, skip: ['MBX.ACCESS.1'] });
  if (!verified.ok) throw new Error(`verify refused ${file}`);
  return [...verified.report.results];
}

/** What is not green: fails, errors and warnings, as `check mailbox subject`. */
const notGreen = (all: readonly CheckResult[]): string[] =>
  all
    .filter((result) => result.status === 'fail' || result.status === 'error' || result.status === 'warn')
    .map((result) => `${result.status} ${result.checkId} ${result.mailbox ?? 'organization'} ${result.subject ?? ''}`.trim());

const result = (all: readonly CheckResult[], checkId: string, subject?: string): CheckResult | undefined =>
  all.find((candidate) => candidate.checkId === checkId && (subject === undefined || candidate.subject === subject));

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  Object.assign(process.env, emulator.env);
  dir = mkdtempSync(join(tmpdir(), 'mbx-shapes-'));
  // mbx does not create people: the delegates exist, without a licence until mbx apply gives them one.
  for (const person of ['erika.musterfrau@contoso.com', 'lena.schmidt@contoso.com']) await admin.user(person, { licensed: false });
  await admin.user('max.mustermann@contoso.com');
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('groups: examples/groups.yaml', () => {
  it('is applied with no manual step and verifies green, saying who reaches sales@ through which group', async () => {
    await apply(GROUPS);
    const all = await results(GROUPS);
    expect(notGreen(all)).toEqual([]);
    expect(result(all, 'MBX.GROUP.2')?.message).toBe(
      '2 users reach sales@contoso.com (Full Access and Send As) through the group sales-team@contoso.com: erika.musterfrau@contoso.com, lena.schmidt@contoso.com.',
    );
    expect(result(all, 'MBX.FULLACCESS.1')?.status).toBe('pass');
  });

  it('probes as a member of the group: Erika reads sales@ over IMAP and sends as it signed in to SMTP as herself, and nothing is left behind', async () => {
    const credentials = join(dir, 'probe-credentials.json');
    const delegates = { 'erika.musterfrau@contoso.com': { password: 'Test-Pass-1' }, 'lena.schmidt@contoso.com': { password: 'Test-Pass-1' } };
    writeFileSync(credentials, JSON.stringify({ delegates, app: { certificatePath: join(dir, 'app.pem') } }), { mode: 0o600 });
    const verified = await verify({ file: GROUPS, env: { ...process.env, MBX_PROBE_CREDENTIALS: credentials }, version: 'test', probes: true });
    if (!verified.ok) throw new Error('verify refused the spec');
    const probes = [...verified.report.results].filter((found) => ['MBX.IMAP.1', 'MBX.SMTP.1', 'MBX.ROUNDTRIP.1'].includes(found.checkId));
    expect(probes.map((found) => `${found.checkId} ${found.subject ?? ''} ${found.status}`)).toEqual([
      'MBX.IMAP.1 erika.musterfrau@contoso.com pass',
      'MBX.SMTP.1 sales@contoso.com pass',
      'MBX.ROUNDTRIP.1 erika.musterfrau@contoso.com pass',
    ]);
    expect(probes[1]?.message).toContain('XOAUTH2 as erika.musterfrau@contoso.com');
    expect(notGreen([...verified.report.results])).toEqual([]);
    const reader = await admin.app('Probe counter');
    await admin.grantRoles(reader.spId, GRAPH_APP_ID, ['Mail.Read']);
    const token = await admin.appToken(reader.appId, await admin.secret(reader.id), 'https://graph.microsoft.com');
    for (const mailbox of ['sales@contoso.com', 'erika.musterfrau@contoso.com']) {
      const listed = (await admin.graph('GET', `users/${mailbox}/messages?$select=subject&$top=100`, undefined, token)).body.value as { subject: string }[];
      expect(
        listed.filter((message) => message.subject.startsWith('mbx probe')),
        mailbox,
      ).toEqual([]);
    }
  });

  it('fails for a member added on the wire (MBX.GROUP.1 and MBX.GROUP.2), and its PowerShell fix makes it green', async () => {
    expect((await admin.exo('Add-DistributionGroupMember', { Identity: 'sales-leads@contoso.com', Member: 'max.mustermann@contoso.com' })).status).toBe(200);
    const all = await results(GROUPS);
    expect(notGreen(all)).toEqual([
      'fail MBX.GROUP.1 organization max.mustermann@contoso.com',
      'fail MBX.GROUP.2 sales@contoso.com max.mustermann@contoso.com',
    ]);
    expect(result(all, 'MBX.GROUP.2')?.message).toContain('through the group sales-team@contoso.com (as a member of sales-leads@contoso.com)');
    await runPowerShell(admin, result(all, 'MBX.GROUP.1', 'max.mustermann@contoso.com')?.remediation?.powershell ?? '');
    expect(notGreen(await results(GROUPS))).toEqual([]);
  });

  it("fails, without probes, for the delegate's side: its account disabled, its Exchange plan disabled, SMTP AUTH off for its own mailbox; each fix works", async () => {
    const erika = (await admin.graph('GET', 'users/erika.musterfrau@contoso.com')).body as { id: string };
    await admin.graph('PATCH', `users/${erika.id}`, { accountEnabled: false });
    expect(notGreen(await results(GROUPS))).toEqual(['fail MBX.DELEGATE.1 sales@contoso.com erika.musterfrau@contoso.com']);
    // Update-MgUser -AccountEnabled:$true, as the finding says, through Graph.
    await admin.graph('PATCH', `users/${erika.id}`, { accountEnabled: true });

    const skus = (await admin.graph('GET', 'subscribedSkus')).body.value as {
      skuId: string;
      skuPartNumber: string;
      servicePlans: { servicePlanId: string }[];
    }[];
    const standard = skus.find((sku) => sku.skuPartNumber === 'EXCHANGESTANDARD');
    await admin.graph('POST', `users/${erika.id}/assignLicense`, {
      addLicenses: [{ skuId: standard?.skuId, disabledPlans: standard?.servicePlans.map((plan) => plan.servicePlanId) }],
      removeLicenses: [],
    });
    expect(notGreen(await results(GROUPS))).toEqual(['fail MBX.LICENCE.2 sales@contoso.com erika.musterfrau@contoso.com']);
    await apply(GROUPS);
    expect(notGreen(await results(GROUPS))).toEqual([]);

    await admin.exo('Set-CASMailbox', { Identity: 'erika.musterfrau@contoso.com', SmtpClientAuthenticationDisabled: true });
    const all = await results(GROUPS);
    expect(notGreen(all)).toEqual(['fail MBX.DELEGATE.2 sales@contoso.com erika.musterfrau@contoso.com']);
    await runPowerShell(admin, result(all, 'MBX.DELEGATE.2')?.remediation?.powershell ?? '');
    expect(notGreen(await results(GROUPS))).toEqual([]);
  });

  it('fails for a client secret added to the certificate-only app (MBX.APP.3: severity by intent)', async () => {
    const apps = (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso sales connector'`)).body.value as { id: string }[];
    await admin.secret(apps[0]?.id as string);
    const all = await results(GROUPS);
    expect(notGreen(all)).toEqual([expect.stringMatching(/^fail MBX\.APP\.3 organization secret /)]);
    const failed = result(all, 'MBX.APP.3', notGreen(all)[0]?.split(' ').slice(3).join(' '));
    expect(failed?.message).toContain('that the spec does not declare');
    // Remove-MgApplicationPassword, as the finding says, through Graph.
    expect(failed?.remediation?.powershell).toMatch(/^Remove-MgApplicationPassword -ApplicationId \S+ -KeyId (\S+)$/);
    const keyId = /-KeyId (\S+)$/.exec(failed?.remediation?.powershell ?? '')?.[1];
    expect((await admin.graph('POST', `applications/${apps[0]?.id}/removePassword`, { keyId })).status).toBeLessThan(300);
    expect(notGreen(await results(GROUPS))).toEqual([]);
  });
});

describe('archives and licensing: examples/archive.yaml', () => {
  it('is applied with no manual step (usage location, licence, then archive) and verifies green', async () => {
    await apply(ARCHIVE);
    const all = await results(ARCHIVE);
    expect(notGreen(all)).toEqual([]);
    expect(result(all, 'MBX.ARCHIVE.1')).toMatchObject({ status: 'pass', actual: 'archive' });
    expect(result(all, 'MBX.LICENCE.1')).toMatchObject({ status: 'pass', actual: 'licensed with archiving' });
    expect(result(all, 'MBX.ADDRESSLIST.1')).toMatchObject({ status: 'pass', actual: 'hidden' });
    expect(result(all, 'MBX.SETTINGS.1', 'MaxSendSize')).toMatchObject({ status: 'pass', actual: '20 MB' });
  });

  it('fails for a send size changed on the wire, and its PowerShell fix puts it back', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'records@contoso.com', MaxSendSize: '10MB' });
    const all = await results(ARCHIVE);
    expect(notGreen(all)).toEqual(['fail MBX.SETTINGS.1 records@contoso.com MaxSendSize']);
    await runPowerShell(admin, result(all, 'MBX.SETTINGS.1', 'MaxSendSize')?.remediation?.powershell ?? '');
    expect(notGreen(await results(ARCHIVE))).toEqual([]);
  });

  it('fails for an archive disabled on the wire, and mbx apply enables it again', async () => {
    expect((await admin.exo('Disable-Mailbox', { Identity: 'records@contoso.com', Archive: true })).status).toBe(200);
    const all = await results(ARCHIVE);
    expect(notGreen(all)).toEqual(['fail MBX.ARCHIVE.1 records@contoso.com archive']);
    await apply(ARCHIVE);
    expect(notGreen(await results(ARCHIVE))).toEqual([]);
  });

  it('fails for a mailbox shown in the address book again, and its PowerShell fix hides it', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'records@contoso.com', HiddenFromAddressListsEnabled: false });
    const all = await results(ARCHIVE);
    expect(notGreen(all)).toEqual(['fail MBX.ADDRESSLIST.1 records@contoso.com HiddenFromAddressListsEnabled']);
    await runPowerShell(admin, result(all, 'MBX.ADDRESSLIST.1')?.remediation?.powershell ?? '');
    expect(notGreen(await results(ARCHIVE))).toEqual([]);
  });

  it('fails for a licence without archiving (Plan 1 in place of Plan 2)', async () => {
    const skus = (await admin.graph('GET', 'subscribedSkus')).body.value as { skuId: string; skuPartNumber: string }[];
    const sku = (part: string) => skus.find((candidate) => candidate.skuPartNumber === part)?.skuId;
    const user = (await admin.graph('GET', 'users/records@contoso.com')).body as { id: string };
    await admin.graph('POST', `users/${user.id}/assignLicense`, {
      addLicenses: [{ skuId: sku('EXCHANGESTANDARD'), disabledPlans: [] }],
      removeLicenses: [sku('EXCHANGEENTERPRISE')],
    });
    const all = await results(ARCHIVE);
    expect(notGreen(all)).toEqual(['fail MBX.LICENCE.1 records@contoso.com']);
    expect(result(all, 'MBX.LICENCE.1')?.message).toContain('which does not cover an archive and litigation hold on a shared mailbox');
    await apply(ARCHIVE);
    expect(notGreen(await results(ARCHIVE))).toEqual([]);
  });
});

describe('address identity', () => {
  it('finds a mailbox whose spec address became an alias: one failure with a working fix, and every other check still runs', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'records@contoso.com', EmailAddresses: { Add: ['SMTP:compliance@contoso.com'] } });
    const all = await results(ARCHIVE);
    expect(notGreen(all).sort()).toEqual([
      'fail MBX.ALIASES.1 records@contoso.com compliance@contoso.com',
      'fail MBX.ALIASES.1 records@contoso.com records@contoso.com',
    ]);
    expect(all.filter((candidate) => candidate.skipReason === 'mailbox-missing')).toEqual([]);
    expect(result(all, 'MBX.EXIST.1')?.message).toBe(
      'records@contoso.com belongs to the shared mailbox compliance@contoso.com, as a secondary address (MBX.ALIASES.1 reports the primary).',
    );
    expect(result(all, 'MBX.ARCHIVE.1')?.status).toBe('pass');
    const primary = result(all, 'MBX.ALIASES.1', 'records@contoso.com');
    expect(primary?.remediation?.powershell).toBe('Set-Mailbox -Identity compliance@contoso.com -EmailAddresses @{Add="SMTP:records@contoso.com"}');
    await runPowerShell(admin, primary?.remediation?.powershell ?? '');
    const after = await results(ARCHIVE);
    expect(notGreen(after)).toEqual(['fail MBX.ALIASES.1 records@contoso.com compliance@contoso.com']);
    await runPowerShell(admin, result(after, 'MBX.ALIASES.1', 'compliance@contoso.com')?.remediation?.powershell ?? '');
    expect(notGreen(await results(ARCHIVE))).toEqual([]);
  });

  it('mbx apply gives a mailbox its spec address back as the primary, keeping the mailbox', async () => {
    const before = (await admin.exo('Get-Mailbox', { Identity: 'records@contoso.com' })).body.value[0].Guid;
    await admin.exo('Set-Mailbox', { Identity: 'records@contoso.com', EmailAddresses: { Add: ['SMTP:compliance@contoso.com'] } });
    await apply(ARCHIVE);
    expect(notGreen(await results(ARCHIVE))).toEqual([]);
    expect((await admin.exo('Get-Mailbox', { Identity: 'records@contoso.com' })).body.value[0]).toMatchObject({
      Guid: before,
      PrimarySmtpAddress: 'records@contoso.com',
    });
  });
});

describe("Microsoft's second SMTP model for apps: examples/rbac-smtp.yaml", () => {
  /** Send as notify@ over SMTP with the app's own token (its certificate), as the notification service does. */
  async function sendAsTheApp(): Promise<string> {
    const apps = (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso notifications'`)).body.value as { appId: string }[];
    const credential = appCredential(emulator.tenantId, apps[0]?.appId as string, { certificatePath: join(dir, 'app.pem') }, endpointsFrom(process.env));
    const token = (await credential.getToken('https://outlook.office365.com/.default'))?.token as string;
    const [host, port] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
    const transport = createTransport({
      host,
      port: Number(port),
      secure: false,
      requireTLS: true,
      tls: { ca: emulator.ca },
      auth: { type: 'OAuth2', user: 'notify@contoso.com', accessToken: token },
    } as never);
    try {
      return (await transport.sendMail({ from: 'notify@contoso.com', to: 'notify@contoso.com', subject: 'Your order shipped', text: 'x' })).response;
    } catch (error) {
      return (error as { response?: string }).response ?? String(error);
    } finally {
      transport.close();
    }
  }

  it('is applied with the role and its scope and no Entra permission, verifies green, and the app sends with no mailbox permission', async () => {
    await apply(RBAC_SMTP);
    const all = await results(RBAC_SMTP);
    expect(notGreen(all)).toEqual([]);
    const assignments = (await admin.exo('Get-ManagementRoleAssignment', {})).body.value as { Role: string; CustomResourceScope: string | null }[];
    expect(
      assignments.filter((assignment) => assignment.Role.startsWith('Application ')).map((assignment) => [assignment.Role, assignment.CustomResourceScope]),
    ).toEqual([
      ['Application Mail.ReadWrite', 'mbx Contoso notifications'],
      ['Application SMTP.SendAsApp', 'mbx Contoso notifications'],
    ]);
    // No Entra permission SMTP.SendAsApp: its claim would bring the mailbox-permission check back.
    expect(result(all, 'MBX.APPPERM.1')?.status).toBe('pass');
    expect(
      (await admin.exo('Get-RecipientPermission', { Identity: 'notify@contoso.com' })).body.value.filter(
        (row: { Trustee: string }) => row.Trustee !== 'NT AUTHORITY\\SELF',
      ),
    ).toEqual([]);
    expect(await sendAsTheApp()).toMatch(/^250 2\.0\.0 OK/);
  });

  it('probes the way the service works: the SMTP probe sends as the app by the RBAC role, the Graph reader deletes what it sent', async () => {
    const credentials = join(dir, 'app-credentials.json');
    writeFileSync(credentials, JSON.stringify({ delegates: {}, app: { certificatePath: join(dir, 'app.pem') } }), { mode: 0o600 });
    const verified = await verify({
      file: RBAC_SMTP,
      env: { ...process.env, MBX_PROBE_CREDENTIALS: credentials },
      version: 'test',
      probes: true,
      skip: ['MBX.ACCESS.1'],
    });
    if (!verified.ok) throw new Error('verify refused the spec');
    const probes = [...verified.report.results].filter((found) => ['MBX.SMTP.1', 'MBX.GRAPH.1'].includes(found.checkId) && found.status !== 'skip');
    expect(probes.map((found) => `${found.checkId} ${found.subject ?? ''} ${found.status}`).sort()).toEqual([
      'MBX.GRAPH.1 the app pass',
      'MBX.SMTP.1 notify@contoso.com pass',
    ]);
    expect(notGreen([...verified.report.results])).toEqual([]);
    const reader = await admin.app('Notify counter');
    await admin.grantRoles(reader.spId, GRAPH_APP_ID, ['Mail.Read']);
    const token = await admin.appToken(reader.appId, await admin.secret(reader.id), 'https://graph.microsoft.com');
    const listed = (await admin.graph('GET', 'users/notify@contoso.com/messages?$select=subject&$top=100', undefined, token)).body.value as {
      subject: string;
    }[];
    expect(listed.filter((message) => message.subject.startsWith('mbx probe'))).toEqual([]);
  });

  it('fails MBX.APPPERM.1 when the Entra permission SMTP.SendAsApp is consented, saying it defeats the model, as the tenant shows: SendAsDenied', async () => {
    const apps = (await admin.graph('GET', `servicePrincipals?$filter=displayName eq 'Contoso notifications'`)).body.value as { id: string }[];
    await admin.grantRoles(apps[0]?.id as string, EXCHANGE_APP_ID, ['SMTP.SendAsApp']);
    const all = await results(RBAC_SMTP);
    expect(notGreen(all)).toEqual(['fail MBX.APPPERM.1 organization Office 365 Exchange Online SMTP.SendAsApp (application)']);
    expect(result(all, 'MBX.APPPERM.1', 'Office 365 Exchange Online SMTP.SendAsApp (application)')?.message).toContain(
      'Exchange checks mailbox permissions for every send',
    );
    expect(await sendAsTheApp()).toMatch(/^554 5\.2\.252 SendAsDenied/);
    // Remove-MgServicePrincipalAppRoleAssignment, as the finding says: the RBAC model holds again.
    const granted = (await admin.graph('GET', `servicePrincipals/${apps[0]?.id}/appRoleAssignments`)).body.value as {
      id: string;
      resourceDisplayName?: string;
    }[];
    for (const assignment of granted) await admin.graph('DELETE', `servicePrincipals/${apps[0]?.id}/appRoleAssignments/${assignment.id}`);
    expect(notGreen(await results(RBAC_SMTP))).toEqual([]);
    expect(await sendAsTheApp()).toMatch(/^250 2\.0\.0 OK/);
  });
});
