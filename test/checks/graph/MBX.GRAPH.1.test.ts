import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../src/spec/types.js';
import { contoso, NOW, probedSnapshot, runCheck, statuses, withAppScope, withMailbox, withRefusal } from '../fixture.js';

/** The app's Graph read of support@ refused with ErrorAccessDenied. */
const appRefused = (spec: Spec) =>
  withRefusal(probedSnapshot(spec), 'support@contoso.com', 'graph', '403 ErrorAccessDenied: Access is denied. Check credentials and try again.');

const DENIED =
  '403 ErrorSendAsDenied: The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.';

describe('MBX.GRAPH.1', () => {
  it('passes for the listing and each From address of the Graph clients', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.GRAPH.1', spec, probedSnapshot(spec)).filter((result) => result.status !== 'skip'))).toEqual([
      'pass sales@contoso.com erika.musterfrau@contoso.com',
      'pass sales@contoso.com sales@contoso.com',
      'pass sales@contoso.com angebote@contoso.com',
      'pass support@contoso.com the app',
    ]);
  });

  it('fails for the alias when SendFromAliasEnabled is off, and is pending when the directory allows it', async () => {
    const spec = await contoso();
    const refused = withRefusal(probedSnapshot(spec), 'sales@contoso.com', 'graph', DENIED, 'angebote@contoso.com');
    const off = runCheck('MBX.GRAPH.1', spec, { ...refused, organization: { sendFromAliasEnabled: false } });
    expect(statuses(off).filter((line) => !line.startsWith('pass') && !line.startsWith('skip'))).toEqual(['fail sales@contoso.com angebote@contoso.com']);
    expect(off.find((result) => result.status === 'fail')?.remediation?.powershell).toContain('SendFromAliasEnabled $true');
    expect(runCheck('MBX.GRAPH.1', spec, refused).find((result) => result.subject === 'angebote@contoso.com')?.status).toBe('pending');
  });

  it("fails when the app's RBAC scope does not reach the mailbox", async () => {
    const spec = await contoso();
    const refused = appRefused(spec);
    const [result] = runCheck('MBX.GRAPH.1', { ...spec }, { ...refused, appScope: { assignments: [], scopes: new Map(), accessPolicies: [] } }).filter(
      (candidate) => candidate.mailbox === 'support@contoso.com',
    );
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['fail', 'graph-access-denied']);
  });

  it('fails, never pending, for an alias the mailbox no longer holds: waiting cannot help (issue 29)', async () => {
    const spec = await contoso();
    const refused = withRefusal(probedSnapshot(spec), 'sales@contoso.com', 'graph', DENIED, 'angebote@contoso.com');
    const aliasGone = withMailbox(refused, 'sales@contoso.com', { smtpAddresses: ['sales@contoso.com'] });
    expect(runCheck('MBX.GRAPH.1', spec, aliasGone).find((result) => result.subject === 'angebote@contoso.com')?.status).toBe('fail');
  });

  it("is pending for the app only while a mail role assignment reaching the mailbox is younger than RBAC's 2 hours (issue 29)", async () => {
    const spec = await contoso();
    const refused = appRefused(spec);
    const app = (snapshot: typeof refused) => runCheck('MBX.GRAPH.1', spec, snapshot).find((result) => result.mailbox === 'support@contoso.com');
    const assignment = { name: 'Application Mail.ReadWrite-support', role: 'Application Mail.ReadWrite', scope: 'mbx Contoso mail connectors' };
    // Assigned 30 minutes ago: still within what Microsoft documents.
    const young = app(withAppScope(refused, { assignments: [{ ...assignment, since: new Date(NOW.getTime() - 30 * 60_000).toISOString() }] }));
    expect(young?.status).toBe('pending');
    expect(young?.message).toContain('the RBAC for Applications role Application Mail.ReadWrite reaching support@contoso.com');
    // Assigned a day ago and still refused: a verdict.
    expect(app(withAppScope(refused, { assignments: [{ ...assignment, since: new Date(NOW.getTime() - 86_400_000).toISOString() }] }))?.status).toBe('fail');
    // The role assignment removed, the scope left: the scope alone grants nothing.
    expect(app(withAppScope(refused, { assignments: [] }))?.status).toBe('fail');
    // A role that is not a mail role does not explain a mail refusal.
    expect(app(withAppScope(refused, { assignments: [{ ...assignment, role: 'Application Calendars.Read' }] }))?.status).toBe('fail');
  });
});
