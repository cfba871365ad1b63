import { describe, expect, it } from 'vitest';
import { contoso, probedSnapshot, runCheck, statuses, withRefusal } from '../fixture.js';

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
    const refused = withRefusal(
      probedSnapshot(spec),
      'support@contoso.com',
      'graph',
      '403 ErrorAccessDenied: Access is denied. Check credentials and try again.',
    );
    const [result] = runCheck('MBX.GRAPH.1', { ...spec }, { ...refused, appScope: { assignments: [], scopes: new Map(), accessPolicies: [] } }).filter(
      (candidate) => candidate.mailbox === 'support@contoso.com',
    );
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['fail', 'graph-access-denied']);
  });
});
