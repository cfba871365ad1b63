import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';
import { withSalesGroups } from '../groups/spec.js';

describe('MBX.FULLACCESS.1', () => {
  it('passes when Full Access is exactly as declared', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.FULLACCESS.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails for a missing grant and for an extra one, each with its fix; deny and inherited entries are not grants', async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const fullAccess = new Map(snapshot.fullAccess);
    fullAccess.set('team@contoso.com', [
      { trustee: 'lena.schmidt@contoso.com', deny: false, inherited: false },
      { trustee: 'max.mustermann@contoso.com', deny: false, inherited: false },
      { trustee: 'svc-genesys@contoso.com', deny: true, inherited: false },
      { trustee: 'nt authority\\system', deny: false, inherited: true },
    ]);
    const results = runCheck('MBX.FULLACCESS.1', spec, { ...snapshot, fullAccess }).filter((result) => result.mailbox === 'team@contoso.com');
    expect(statuses(results)).toEqual(['fail team@contoso.com erika.musterfrau@contoso.com', 'fail team@contoso.com max.mustermann@contoso.com']);
    expect(results[0]?.remediation?.powershell).toBe(
      'Add-MailboxPermission -Identity team@contoso.com -User erika.musterfrau@contoso.com -AccessRights FullAccess -AutoMapping $false',
    );
    expect(results[1]?.remediation?.powershell).toBe(
      'Remove-MailboxPermission -Identity team@contoso.com -User max.mustermann@contoso.com -AccessRights FullAccess -Confirm:$false',
    );
  });

  it('passes for a grant to a group, which Exchange shows by its display name, and fails when the group loses it', async () => {
    const spec = withSalesGroups(await contoso());
    const snapshot = compliantSnapshot(spec);
    expect(snapshot.fullAccess.get('sales@contoso.com')?.map((entry) => entry.trustee)).toEqual(['sales team']);
    expect(statuses(runCheck('MBX.FULLACCESS.1', spec, snapshot))[1]).toBe('pass sales@contoso.com');
    const fullAccess = new Map(snapshot.fullAccess).set('sales@contoso.com', []);
    const failed = runCheck('MBX.FULLACCESS.1', spec, { ...snapshot, fullAccess })[1];
    expect(failed).toMatchObject({ status: 'fail', subject: 'sales-team@contoso.com' });
    expect(failed?.remediation?.powershell).toBe(
      'Add-MailboxPermission -Identity sales@contoso.com -User sales-team@contoso.com -AccessRights FullAccess -AutoMapping $false',
    );
  });
});
