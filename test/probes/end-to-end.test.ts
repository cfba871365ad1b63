/**
 * mbx probe end to end (issue 6): the emulator provisioned as examples/contoso.yaml says, probed
 * with the credentials a pipeline would hold (each delegate's secret, the app's certificate);
 * every client's probes pass and leave no message behind. Then each fault an admin can cause
 * gives its precise finding and exit code, and a grant still replicating is `pending` until
 * --settle sees it take effect.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand, type VerifyCommandOptions } from '../../src/cli/commands/verify.js';
import type { CheckResult } from '../../src/verify/result.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { provisionWithProbeCredentials } from '../helpers/provision.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const SPEC = 'examples/contoso.yaml';
const dir = mkdtempSync(join(tmpdir(), 'mbx-probe-e2e-'));
let emulator: TestEmulator;
let admin: TenantAdmin;
let env: NodeJS.ProcessEnv;
let reader: string;

async function probe(options: Partial<VerifyCommandOptions> = {}) {
  const result = await verifyCommand(SPEC, { format: 'json', failOn: 'info', ...options }, { env, version: 'test', colour: false, probesOnly: true });
  if (result.kind !== 'report') throw new Error(JSON.stringify(result.errors));
  return result;
}

/** Each result as `check mailbox subject status [diagnosis]`, skips of mailboxes without that probe left out, sorted: what was found, whatever order the report lists it in. */
function lines(results: readonly CheckResult[]): string[] {
  return results
    .filter((result) => result.skipReason !== 'not-applicable')
    .map(
      (result) =>
        `${result.checkId} ${result.mailbox ?? ''} ${result.subject ?? ''} ${result.status}${result.evidence?.diagnosis === undefined ? '' : ` ${String(result.evidence.diagnosis)}`}`,
    )
    .sort();
}

/** Delete every probe message left, through a Graph app with Mail.ReadWrite (what the user is told to do by hand). */
async function deleteLeftovers(mailbox = 'info@contoso.com'): Promise<void> {
  const cleaner = await admin.app('Probe cleaner');
  await admin.grantRoles(cleaner.spId, GRAPH_APP_ID, ['Mail.ReadWrite']);
  const token = await admin.appToken(cleaner.appId, await admin.secret(cleaner.id), 'https://graph.microsoft.com');
  const answer = await admin.graph('GET', `users/${mailbox}/messages?$select=subject&$top=1000`, undefined, token);
  for (const message of answer.body.value as { id: string; subject: string }[]) {
    if (message.subject.startsWith('mbx probe')) await admin.graph('DELETE', `users/${mailbox}/messages/${message.id}`, undefined, token);
  }
}

/** Probe messages left in any of contoso's mailboxes, read through a Graph app with Mail.Read. */
async function leftovers(): Promise<number> {
  let count = 0;
  for (const mailbox of ['info', 'sales', 'support', 'team', 'max.mustermann', 'erika.musterfrau', 'svc-genesys']) {
    const answer = await admin.graph('GET', `users/${mailbox}@contoso.com/messages?$select=subject&$top=1000`, undefined, reader);
    count += (answer.body.value as { subject: string }[]).filter((message) => message.subject.startsWith('mbx probe')).length;
  }
  return count;
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  ({ env } = await provisionWithProbeCredentials(admin, SPEC, dir, emulator.env));
  const readerApp = await admin.app('Probe counter');
  await admin.grantRoles(readerApp.spId, GRAPH_APP_ID, ['Mail.Read']);
  reader = await admin.appToken(readerApp.appId, await admin.secret(readerApp.id), 'https://graph.microsoft.com');
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mbx probe on a tenant provisioned as the spec says', () => {
  it("passes every client's probes, and leaves no probe message behind", async () => {
    const { report, exitCode } = await probe();
    expect(lines([...report.results])).toEqual(
      [
        'MBX.IMAP.1 info@contoso.com max.mustermann@contoso.com pass',
        'MBX.SMTP.1 info@contoso.com info@contoso.com pass',
        'MBX.SMTP.1 support@contoso.com support@contoso.com pass',
        'MBX.ROUNDTRIP.1 info@contoso.com max.mustermann@contoso.com pass',
        'MBX.GRAPH.1 sales@contoso.com erika.musterfrau@contoso.com pass',
        'MBX.GRAPH.1 sales@contoso.com sales@contoso.com pass',
        'MBX.GRAPH.1 sales@contoso.com angebote@contoso.com pass',
        'MBX.GRAPH.1 support@contoso.com the app pass',
      ].sort(),
    );
    expect(exitCode).toBe(0);
    expect(await leftovers()).toBe(0);
  });

  it("puts each step's time in the JSON (valid against the report schema), the JUnit and the HTML report", async () => {
    const outDir = join(dir, 'reports');
    await probe({ format: 'json,junit,html', outDir, mailbox: ['info@contoso.com'] });
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormatsModule as unknown as typeof addFormatsModule.default)(ajv, ['date', 'date-time']);
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')));
    const report = JSON.parse(readFileSync(join(outDir, 'mbx-report.json'), 'utf8')) as { results: CheckResult[] };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const imap = [...report.results].find((result) => result.checkId === 'MBX.IMAP.1');
    expect(imap?.timings?.map((step) => step.name)).toEqual(['connect and authenticate', 'list folders', 'open INBOX']);
    expect([...report.results].find((result) => result.checkId === 'MBX.ROUNDTRIP.1')?.evidence?.roundTripMs).toEqual(expect.any(Number));
    expect(readFileSync(join(outDir, 'mbx-report.junit.xml'), 'utf8')).toMatch(/<system-out>connect and authenticate: [\d.]+ ms/);
    expect(readFileSync(join(outDir, 'mbx-report.html'), 'utf8')).toContain('<caption>Timings</caption>');
  });
});

describe('bad or stale probe credentials', () => {
  it('are error pointing at the credentials file and the delegate, never a fail with a spec fix (exit 3)', async () => {
    const stale = join(dir, 'stale-credentials.json');
    writeFileSync(
      stale,
      JSON.stringify({
        delegates: { 'max.mustermann@contoso.com': { password: 'Expired-Or-Wrong-1' } },
        app: JSON.parse(readFileSync(env.MBX_PROBE_CREDENTIALS as string, 'utf8')).app,
      }),
      { mode: 0o600 },
    );
    const result = await verifyCommand(
      SPEC,
      { format: 'json', failOn: 'info', mailbox: ['info@contoso.com'] },
      { env: { ...env, MBX_PROBE_CREDENTIALS: stale }, version: 'test', colour: false, probesOnly: true },
    );
    if (result.kind !== 'report') throw new Error('contoso must be valid');
    const imap = [...result.report.results].find((found) => found.checkId === 'MBX.IMAP.1');
    expect([imap?.status, imap?.evidence?.diagnosis]).toEqual(['error', 'bad-credentials']);
    expect(imap?.message).toContain('MBX_PROBE_CREDENTIALS');
    expect(imap?.message).toContain('max.mustermann@contoso.com');
    expect(imap?.remediation).toBeUndefined();
    expect(JSON.stringify(result.report)).not.toContain('Expired-Or-Wrong-1');
    expect([...result.report.results].some((found) => found.status === 'fail')).toBe(false);
    expect(result.exitCode).toBe(3);
  });
});

/** Probe info@ (Bp Event: IMAP, SMTP, round trip as max) after `cause`, then `undo` it. */
async function probeInfoAfter(cause: () => Promise<unknown>, undo: () => Promise<unknown>, options: Partial<VerifyCommandOptions> = {}) {
  await cause();
  try {
    const { report, exitCode } = await probe({ mailbox: ['info@contoso.com'], ...options });
    return { lines: lines([...report.results]), exitCode, report };
  } finally {
    await undo();
  }
}

const exo = (cmdlet: string, parameters: Record<string, unknown>) => () => admin.exo(cmdlet, { Identity: 'info@contoso.com', ...parameters });
const MAX = 'max.mustermann@contoso.com';
const sendAs = { Trustee: MAX, AccessRights: ['SendAs'], Confirm: false };
const fullAccess = { User: MAX, AccessRights: ['FullAccess'] };

describe('each fault an admin can cause gives its precise finding', () => {
  it('Send As removed: SMTP is refused with SendAsDenied, and the round trip waits on it (exit 1)', async () => {
    const { lines: found, exitCode } = await probeInfoAfter(exo('Remove-RecipientPermission', sendAs), exo('Add-RecipientPermission', sendAs));
    expect(found).toEqual(
      [
        `MBX.IMAP.1 info@contoso.com ${MAX} pass`,
        'MBX.SMTP.1 info@contoso.com info@contoso.com fail send-as-denied',
        `MBX.ROUNDTRIP.1 info@contoso.com ${MAX} skip`,
      ].sort(),
    );
    expect(exitCode).toBe(1);
  });

  it("SMTP AUTH off for the tenant (the delegate's mailbox following it) and for the delegate's mailbox: 5.7.139, told apart", async () => {
    // The delegate signs in to SMTP as itself: its own mailbox's setting is the one Exchange applies.
    const delegate = (parameters: Record<string, unknown>) => () => admin.exo('Set-CASMailbox', { Identity: MAX, ...parameters });
    const tenant = await probeInfoAfter(delegate({ SmtpClientAuthenticationDisabled: null }), delegate({ SmtpClientAuthenticationDisabled: false }));
    expect(tenant.lines).toContain('MBX.SMTP.1 info@contoso.com info@contoso.com fail smtp-auth-tenant');
    const mailbox = await probeInfoAfter(delegate({ SmtpClientAuthenticationDisabled: true }), delegate({ SmtpClientAuthenticationDisabled: false }));
    expect(mailbox.lines).toContain('MBX.SMTP.1 info@contoso.com info@contoso.com fail smtp-auth-mailbox');
    const smtp = [...mailbox.report.results].find((result) => result.checkId === 'MBX.SMTP.1');
    expect(smtp?.remediation?.powershell).toContain('-SmtpClientAuthenticationDisabled $false');
    expect([tenant.exitCode, mailbox.exitCode]).toEqual([1, 1]);
  });

  it('Full Access removed: the IMAP login is refused, while SMTP as the delegate still sends with Send As', async () => {
    const { lines: found } = await probeInfoAfter(
      exo('Remove-MailboxPermission', fullAccess),
      exo('Add-MailboxPermission', { ...fullAccess, AutoMapping: false }),
    );
    expect(found).toEqual(
      [
        // IMAP admits the token, then does not connect (fidelity-round2 S6). SMTP signs in as the
        // delegate and needs Send As only; with no IMAP reader its message in info@ cannot be deleted.
        `MBX.IMAP.1 info@contoso.com ${MAX} fail not-connected`,
        'MBX.SMTP.1 info@contoso.com info@contoso.com pass',
        'MBX.SMTP.1 info@contoso.com clean-up warn',
        `MBX.ROUNDTRIP.1 info@contoso.com ${MAX} skip`,
      ].sort(),
    );
    // The copy in the delegate's own Sent Items was deleted; the one in info@ is left, as the warning says.
    expect(await leftovers()).toBe(1);
    await deleteLeftovers();
  });

  it("the app's delegated consent removed: the delegate cannot sign in (AADSTS65001)", async () => {
    const { body } = await admin.graph('GET', 'oauth2PermissionGrants');
    const grants = (body.value as { id: string; clientId: string; resourceId: string; scope: string; consentType: string }[]).filter(
      (grant) => grant.consentType === 'AllPrincipals',
    );
    const { lines: found } = await probeInfoAfter(
      () => Promise.all(grants.map((grant) => admin.graph('DELETE', `oauth2PermissionGrants/${grant.id}`))),
      () =>
        Promise.all(
          grants.map(({ clientId, resourceId, scope, consentType }) =>
            admin.graph('POST', 'oauth2PermissionGrants', { clientId, resourceId, scope, consentType }),
          ),
        ),
    );
    expect(found).toEqual(
      [
        `MBX.IMAP.1 info@contoso.com ${MAX} fail consent-missing`,
        `MBX.SMTP.1 info@contoso.com ${MAX} fail consent-missing`,
        `MBX.ROUNDTRIP.1 info@contoso.com ${MAX} skip`,
      ].sort(),
    );
  });

  it('SendFromAliasEnabled off: the Graph send from the alias is refused, the shared address still sends', async () => {
    await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: false });
    try {
      const { report } = await probe({ mailbox: ['sales@contoso.com'] });
      expect(lines([...report.results])).toEqual(
        [
          'MBX.GRAPH.1 sales@contoso.com erika.musterfrau@contoso.com pass',
          'MBX.GRAPH.1 sales@contoso.com sales@contoso.com pass',
          'MBX.GRAPH.1 sales@contoso.com angebote@contoso.com fail send-as-denied',
        ].sort(),
      );
    } finally {
      await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: true });
    }
    expect(await leftovers()).toBe(0);
  });

  it("the app's RBAC role removed: its Graph read fails (a scope alone grants nothing: never pending), and the clean-up names the app as refused", async () => {
    type Row = { Identity: string; Role: string; RoleAssignee: string; CustomResourceScope: string };
    const assignment = ((await admin.exo('Get-ManagementRoleAssignment')).body.value as Row[]).find((row) => row.Role === 'Application Mail.ReadWrite') as Row;
    await admin.exo('Remove-ManagementRoleAssignment', { Identity: assignment.Identity });
    try {
      const { report } = await probe({ mailbox: ['support@contoso.com'] });
      const graph = [...report.results].find((result) => result.checkId === 'MBX.GRAPH.1' && result.mailbox === 'support@contoso.com');
      expect([graph?.status, graph?.evidence?.diagnosis]).toEqual(['fail', 'graph-access-denied']);
      const warning = [...report.results].find((result) => result.mailbox === 'support@contoso.com' && result.subject === 'clean-up');
      expect(warning?.message).toContain('Every client that reads support@contoso.com was refused (the app over Graph; their probe results say why)');
    } finally {
      await admin.exo('New-ManagementRoleAssignment', {
        App: assignment.RoleAssignee,
        Role: assignment.Role,
        CustomResourceScope: assignment.CustomResourceScope,
      });
    }
    await deleteLeftovers('support@contoso.com');
    expect(await leftovers()).toBe(0);
  });

  it('IMAP off: the login is refused, and the SMTP probe warns that nothing may delete its message', async () => {
    const { lines: found, report } = await probeInfoAfter(exo('Set-CASMailbox', { ImapEnabled: false }), exo('Set-CASMailbox', { ImapEnabled: true }));
    expect(found).toEqual(
      [
        `MBX.IMAP.1 info@contoso.com ${MAX} fail not-connected`,
        'MBX.SMTP.1 info@contoso.com info@contoso.com pass',
        'MBX.SMTP.1 info@contoso.com clean-up warn',
        `MBX.ROUNDTRIP.1 info@contoso.com ${MAX} skip`,
      ].sort(),
    );
    const warning = [...report.results].find((result) => result.subject === 'clean-up');
    expect(warning?.message).toContain(`Every client that reads info@contoso.com was refused (${MAX} over IMAP`);
    expect(warning?.message).toContain('delete the messages with the subject "mbx probe <id>" by hand, for the ids');
    // Each message left behind is named by its probe id, so it can be found and removed.
    expect(warning?.evidence?.left).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(warning?.message).toContain((warning?.evidence?.left as string[])[0]);
    // The message stays in info@ until someone deletes it, as the warning says; the copy in the
    // delegate's own Sent Items was deleted through the delegate's own mailbox.
    expect(await leftovers()).toBe(1);
    await deleteLeftovers();
  });

  it('a grant still replicating is pending (exit 3), and --settle probes again until it holds (exit 0)', async () => {
    await emulator.control('PUT', 'settings', { replicationDelaySeconds: 2 });
    try {
      const regrant = async () => {
        await exo('Remove-MailboxPermission', fullAccess)();
        await exo('Add-MailboxPermission', { ...fullAccess, AutoMapping: false })();
      };
      const { lines: found, exitCode, report } = await probeInfoAfter(regrant, async () => undefined);
      expect(found).toContain(`MBX.IMAP.1 info@contoso.com ${MAX} pending not-connected`);
      expect([...report.results].find((result) => result.checkId === 'MBX.IMAP.1')?.message).toContain(
        `The directory already shows IMAP on, and Full Access for ${MAX}`,
      );
      expect(exitCode).toBe(3);
      // SMTP as the delegate needs no Full Access and sent; with IMAP pending nothing could delete it from info@.
      expect(found).toContain('MBX.SMTP.1 info@contoso.com clean-up warn');
      await deleteLeftovers();
      await regrant();
      const settled = await probe({ mailbox: ['info@contoso.com'], settle: '20s' });
      expect(lines([...settled.report.results])).toEqual(
        [`MBX.IMAP.1 info@contoso.com ${MAX} pass`, 'MBX.SMTP.1 info@contoso.com info@contoso.com pass', `MBX.ROUNDTRIP.1 info@contoso.com ${MAX} pass`].sort(),
      );
      expect(settled.exitCode).toBe(0);
    } finally {
      await emulator.control('PUT', 'settings', { replicationDelaySeconds: 0 });
    }
  });

  it('a connection dropped once while the round trip awaits its message: tried again, it passes, and nothing is left behind', async () => {
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'imap', operation: 'UID SEARCH', drop: true, times: 1 }] });
    try {
      const { report, exitCode } = await probe({ mailbox: ['info@contoso.com'] });
      const roundTrip = [...report.results].find((result) => result.checkId === 'MBX.ROUNDTRIP.1');
      expect(roundTrip?.status).toBe('pass');
      expect(exitCode).toBe(0);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
    expect(await leftovers()).toBe(0);
  });

  it('a connection that keeps dropping while the round trip awaits: error with the tries made, never fail, and nothing is left behind', async () => {
    // Five drops: one for each of the retry policy's five tries; the clean-up after them gets through.
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'imap', operation: 'UID SEARCH', drop: true, times: 5 }] });
    try {
      const { report, exitCode } = await probe({ mailbox: ['info@contoso.com'] });
      const roundTrip = [...report.results].find((result) => result.checkId === 'MBX.ROUNDTRIP.1');
      expect([roundTrip?.status, roundTrip?.evidence?.step, roundTrip?.evidence?.diagnosis, roundTrip?.evidence?.attempts]).toEqual([
        'error',
        'await the probe message',
        'connection-failed',
        5,
      ]);
      expect(roundTrip?.message).toContain('not a verdict on the tenant');
      expect(exitCode).toBe(3);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
    expect(await leftovers()).toBe(0);
  });
});
