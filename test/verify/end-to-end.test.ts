/**
 * mbx verify end to end: the emulator provisioned as examples/contoso.yaml says, verified with the
 * credentials it prints; then drifted through the admin APIs, one change at a time, and each drift
 * must show up as exactly the failing result it causes, with the right exit code and reports.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { loadSpecFile } from '../../src/spec/load.js';
import type { Report } from '../../src/verify/results.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { provisionSpec } from '../helpers/provision.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const SPEC = 'examples/contoso.yaml';
let emulator: TestEmulator;
let admin: TenantAdmin;
let app: { appId?: string; appSpId?: string };
const outDir = mkdtempSync(join(tmpdir(), 'mbx-verify-'));

/** The configuration checks (the probes, which need MBX_PROBE_CREDENTIALS, are test/probes/end-to-end.test.ts's). */
async function run(extra: Record<string, unknown> = {}) {
  const result = await verifyCommand(SPEC, { format: 'json', failOn: 'info', probes: false, ...extra }, { env: emulator.env, version: 'test', colour: false });
  if (result.kind !== 'report') throw new Error(JSON.stringify(result.errors));
  return result;
}

function failing(report: Report): string[] {
  return [...report.results]
    .filter((result) => result.status === 'fail' || result.status === 'error')
    .map((result) => `${result.checkId} ${result.mailbox ?? 'organization'} ${result.subject ?? ''}`.trim());
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  const loaded = await loadSpecFile(SPEC);
  if (!loaded.ok) throw new Error('examples/contoso.yaml must be valid');
  app = await provisionSpec(admin, loaded.spec);
});
afterAll(async () => {
  await emulator.stop();
  rmSync(outDir, { recursive: true, force: true });
});

describe('a tenant provisioned as the spec says', () => {
  it('passes every check, in every format, with exit code 0', async () => {
    const result = await run({ format: 'text,json,junit,sarif,markdown,html', outDir });
    expect(failing(result.report)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.report.summary.pass).toBeGreaterThan(30);
    expect(result.written.map((path) => path.slice(outDir.length + 1)).sort()).toEqual([
      'mbx-report.html',
      'mbx-report.json',
      'mbx-report.junit.xml',
      'mbx-report.md',
      'mbx-report.sarif',
      'mbx-report.txt',
    ]);
    expect(result.output).toContain('results:');
  });

  it('writes a JSON report valid against schemas/report.schema.json, and JUnit that parses', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormatsModule as unknown as typeof addFormatsModule.default)(ajv, ['date', 'date-time']);
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')));
    const report = JSON.parse(readFileSync(join(outDir, 'mbx-report.json'), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(outDir, 'mbx-report.junit.xml'), 'utf8'));
    expect(Number(junit.testsuites['@_tests'])).toBe(report.results.length);
  });

  it('makes about one request per mailbox plus a constant', async () => {
    const { report } = await run();
    const mailboxes = await loadSpecFile(SPEC).then((loaded) => (loaded.ok ? loaded.spec.sharedMailboxes.length : 0));
    // One $batch a mailbox (its Full Access, automatic replies, inbox rules and three folders' permissions).
    // The constant: 10 bulk Exchange requests (mailboxes, CAS, Send As, organization, transport, service
    // principals, role assignments, access policies, groups, and a scope with the mailboxes it finds) and
    // 16 Graph (users, SKUs, the app and its federated credentials, its consent in one $batch, its
    // delegated grants, the usage report, the directory audits; for every app reaching mail: Graph's and
    // Exchange's service principals, who holds their roles, the grants for all users, their names in one $batch).
    expect(report.requests.total).toBeLessThanOrEqual(Math.ceil(mailboxes * 1.1) + 26 + 2);
  });

  it('reports its progress mailbox by mailbox, and ends the progress line', async () => {
    const seen: string[] = [];
    const progress = {
      update: (done: number, total: number) => seen.push(`${done}/${total}`),
      settling: () => seen.push('settling'),
      end: () => seen.push('end'),
    };
    await verifyCommand(SPEC, { format: 'json', failOn: 'info', probes: false }, { env: emulator.env, version: 'test', colour: false, progress });
    expect(seen).toEqual(['1/4', '2/4', '3/4', '4/4', 'end']);
  });
});

describe('a fault at the start of the run', () => {
  it.each([
    ['a 429 with Retry-After', { retryAfterSeconds: 1 }],
    ['a 503', { status: 503 }],
    ['a dropped connection', { drop: true }],
  ])('%s from the token endpoint is waited out: every check passes, exit 0', async (_what, fault) => {
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'entra', operation: 'token', times: 1, ...fault }] });
    try {
      const result = await run();
      expect(failing(result.report)).toEqual([]);
      expect(result.exitCode).toBe(0);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });
});

describe('drift', () => {
  it('finds a Send As grant removed, pointing at the spec line that declares it', async () => {
    await admin.exo('Remove-RecipientPermission', {
      Identity: 'info@contoso.com',
      Trustee: 'max.mustermann@contoso.com',
      AccessRights: ['SendAs'],
      Confirm: false,
    });
    const { report, exitCode } = await run();
    expect(failing(report)).toEqual(['MBX.SENDAS.1 info@contoso.com max.mustermann@contoso.com']);
    const result = [...report.results].find((candidate) => candidate.checkId === 'MBX.SENDAS.1' && candidate.status === 'fail');
    expect(result?.remediation?.powershell).toBe(
      'Add-RecipientPermission -Identity info@contoso.com -Trustee max.mustermann@contoso.com -AccessRights SendAs -Confirm:$false',
    );
    expect(result?.location).toMatchObject({
      file: SPEC,
      line:
        readFileSync(SPEC, 'utf8')
          .split('\n')
          .findIndex((line) => line.includes('sendAs: [max.mustermann@contoso.com]')) + 1,
    });
    expect(exitCode).toBe(1);
    await admin.exo('Add-RecipientPermission', {
      Identity: 'info@contoso.com',
      Trustee: 'max.mustermann@contoso.com',
      AccessRights: ['SendAs'],
      Confirm: false,
    });
  });

  it('finds an extra Full Access grant, sign-in re-enabled, IMAP turned off and forwarding added', async () => {
    await admin.exo('Add-MailboxPermission', { Identity: 'sales@contoso.com', User: 'lena.schmidt@contoso.com', AccessRights: ['FullAccess'] });
    const sales = (await admin.exo('Get-Mailbox', { Identity: 'sales@contoso.com' })).body.value[0].ExternalDirectoryObjectId;
    await admin.graph('PATCH', `users/${sales}`, { accountEnabled: true });
    await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', ImapEnabled: false });
    await admin.exo('Set-Mailbox', { Identity: 'support@contoso.com', ForwardingSmtpAddress: 'someone@example.org' });
    const { report } = await run();
    expect(failing(report).sort()).toEqual([
      'MBX.FORWARDING.1 support@contoso.com',
      'MBX.FULLACCESS.1 sales@contoso.com lena.schmidt@contoso.com',
      'MBX.PROTOCOLS.1 info@contoso.com IMAP',
      'MBX.SIGNIN.1 sales@contoso.com',
    ]);
    await admin.exo('Remove-MailboxPermission', {
      Identity: 'sales@contoso.com',
      User: 'lena.schmidt@contoso.com',
      AccessRights: ['FullAccess'],
      Confirm: false,
    });
    await admin.graph('PATCH', `users/${sales}`, { accountEnabled: false });
    await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', ImapEnabled: true });
    await admin.exo('Set-Mailbox', { Identity: 'support@contoso.com', ForwardingSmtpAddress: null });
    expect(failing((await run()).report)).toEqual([]);
  });

  it("finds the app's drift: Entra Mail.ReadWrite next to its RBAC scope, its role removed, a legacy access policy added", async () => {
    const spId = app.appSpId as string;
    await admin.grantRoles(spId, GRAPH_APP_ID, ['Mail.ReadWrite']);
    const assignment = (await admin.exo('Get-ManagementRoleAssignment')).body.value.find((row: { RoleAssignee: string }) => row.RoleAssignee === spId);
    await admin.exo('Remove-ManagementRoleAssignment', { Identity: assignment.Identity });
    await admin.exo('New-ApplicationAccessPolicy', { AppId: [app.appId], PolicyScopeGroupId: 'support@contoso.com', AccessRight: 'RestrictAccess' });
    const { report, exitCode } = await run();
    expect(failing(report).sort()).toEqual([
      'MBX.APPPERM.1 organization Microsoft Graph Mail.ReadWrite (application)',
      'MBX.APPSCOPE.1 organization Application Mail.ReadWrite',
      'MBX.APPSCOPE.2 organization application access policy',
    ]);
    expect([...report.results].find((result) => result.checkId === 'MBX.APPPERM.1' && result.status === 'fail')?.message).toContain('undoing it');
    expect(exitCode).toBe(1);

    const granted = (await admin.graph('GET', `servicePrincipals/${spId}/appRoleAssignments`)).body.value;
    for (const role of granted) await admin.graph('DELETE', `servicePrincipals/${spId}/appRoleAssignments/${role.id}`);
    await admin.exo('New-ManagementRoleAssignment', { App: spId, Role: 'Application Mail.ReadWrite', CustomResourceScope: 'mbx Contoso mail connectors' });
    const policy = (await admin.exo('Get-ApplicationAccessPolicy')).body.value[0];
    await admin.exo('Remove-ApplicationAccessPolicy', { Identity: policy.Identity });
    expect(failing((await run()).report)).toEqual([]);
  });

  it('reports error, not fail, for checks whose source was refused, and exits 3', async () => {
    await emulator.control('PUT', 'faults', {
      seed: 1,
      rules: [{ surface: 'exchange', operation: 'Get-RecipientPermission', status: 403, body: { error: { code: 'Forbidden', message: 'no' } } }],
    });
    try {
      const { report, exitCode } = await run();
      const sendAs = [...report.results].filter((result) => result.checkId === 'MBX.SENDAS.1');
      expect(sendAs.map((result) => result.status)).toEqual(['error', 'error', 'error', 'error']);
      expect(sendAs[0]?.message).toContain('exchange.sendAs');
      expect(report.sourceErrors.map((failure) => failure.source)).toEqual(['exchange.sendAs']);
      expect(exitCode).toBe(3);
      expect((await run({ allowErrors: true })).exitCode).toBe(0);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });
});
