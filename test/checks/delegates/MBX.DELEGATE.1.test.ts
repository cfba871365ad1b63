import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withUser } from '../fixture.js';
import { withSalesGroups } from '../groups/spec.js';

describe('MBX.DELEGATE.1', () => {
  it('passes for every person a mailbox relies on, members of its groups included', async () => {
    const spec = withSalesGroups(await contoso());
    expect(statuses(runCheck('MBX.DELEGATE.1', spec, compliantSnapshot(spec)))).toEqual([
      'pass info@contoso.com max.mustermann@contoso.com',
      'pass sales@contoso.com erika.musterfrau@contoso.com',
      'pass sales@contoso.com lena.schmidt@contoso.com',
      'pass support@contoso.com svc-genesys@contoso.com',
      'pass team@contoso.com lena.schmidt@contoso.com',
      'pass team@contoso.com erika.musterfrau@contoso.com',
    ]);
  });

  it('fails for a delegate whose account is disabled, and one that no longer exists, without any probe', async () => {
    const spec = await contoso();
    let snapshot = withUser(compliantSnapshot(spec), 'svc-genesys@contoso.com', { accountEnabled: false });
    snapshot = withUser(snapshot, 'max.mustermann@contoso.com', undefined);
    const results = runCheck('MBX.DELEGATE.1', spec, snapshot).filter((result) => result.status === 'fail');
    expect(results.map((result) => [result.mailbox, result.subject, result.actual])).toEqual([
      ['info@contoso.com', 'max.mustermann@contoso.com', 'no such user'],
      ['support@contoso.com', 'svc-genesys@contoso.com', 'disabled'],
    ]);
    expect(results[1]?.remediation?.powershell).toBe('Update-MgUser -UserId svc-genesys@contoso.com -AccountEnabled:$true');
    expect(results[1]?.location.pointer).toBe('/sharedMailboxes/2/clients/0/user');
  });
});
