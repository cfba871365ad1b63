import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withApp } from '../fixture.js';

describe('MBX.APPPERM.1', () => {
  it('passes when admin consent is exactly what the clients need', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APPPERM.1', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual(['pass organization application permissions', 'pass organization delegated permissions']);
    expect(results[1]?.actual).toEqual([
      'Microsoft Graph IMAP.AccessAsUser.All',
      'Microsoft Graph Mail.ReadWrite.Shared',
      'Microsoft Graph Mail.Send.Shared',
      'Microsoft Graph SMTP.Send',
      'Microsoft Graph offline_access',
    ]);
  });

  it('fails for a missing delegated scope, and ignores sign-in scopes', async () => {
    const spec = await contoso();
    const delegated = [
      ...spec.appPermissions.delegated.filter((permission) => permission.name !== 'SMTP.Send'),
      { resource: 'Microsoft Graph', name: 'openid' },
    ];
    const results = runCheck('MBX.APPPERM.1', spec, withApp(compliantSnapshot(spec), { consented: { application: [], delegated } }));
    expect(statuses(results)).toEqual(['pass organization application permissions', 'fail organization Microsoft Graph SMTP.Send (delegated)']);
    expect(results[1]?.remediation?.powershell).toContain("-ConsentType AllPrincipals -ResourceId <Microsoft Graph service principal id> -Scope 'SMTP.Send'");
  });

  it('fails for Entra Mail.ReadWrite next to an RBAC scope, saying it undoes the scoping', async () => {
    const spec = await contoso();
    const snapshot = withApp(compliantSnapshot(spec), {
      consented: { application: [{ resource: 'Microsoft Graph', name: 'Mail.ReadWrite' }], delegated: [...spec.appPermissions.delegated] },
    });
    const results = runCheck('MBX.APPPERM.1', spec, snapshot);
    expect(statuses(results)).toEqual(['fail organization Microsoft Graph Mail.ReadWrite (application)', 'pass organization delegated permissions']);
    expect(results[0]?.message).toContain('reaches every mailbox in the organization and adds to its RBAC for Applications scope');
  });

  it('fails for an application permission no client needs', async () => {
    const spec = await contoso();
    const snapshot = withApp(compliantSnapshot(spec), {
      consented: { application: [{ resource: 'Office 365 Exchange Online', name: 'full_access_as_app' }], delegated: [...spec.appPermissions.delegated] },
    });
    expect(runCheck('MBX.APPPERM.1', spec, snapshot)[0]).toMatchObject({
      status: 'fail',
      subject: 'Office 365 Exchange Online full_access_as_app (application)',
      expected: 'not consented',
    });
  });

  it('skips when the app has no enterprise application to consent to', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.APPPERM.1', spec, withApp(compliantSnapshot(spec), { servicePrincipalId: undefined }))[0]).toMatchObject({
      status: 'skip',
      skipReason: 'depends-on',
    });
  });
});
