import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withApp } from '../fixture.js';

describe('MBX.APP.1', () => {
  it('passes when the app is registered once, with its enterprise application', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APP.1', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual(['pass organization Contoso mail connectors']);
    expect(results[0]?.location.pointer).toBe('/app/displayName');
  });

  it('fails when no app registration has the name', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APP.1', spec, withApp(compliantSnapshot(spec), undefined));
    expect(results[0]).toMatchObject({
      status: 'fail',
      actual: 'missing',
      remediation: { powershell: "New-MgApplication -DisplayName 'Contoso mail connectors'" },
    });
  });

  it('fails when several registrations share the name, and when the enterprise application is missing', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APP.1', spec, withApp(compliantSnapshot(spec), { registrations: 2, servicePrincipalId: undefined }));
    expect(results.map((result) => result.actual)).toEqual([2, 'no service principal']);
    expect(results[1]?.remediation?.powershell).toBe('New-MgServicePrincipal -AppId a0000000-0000-0000-0000-000000000001');
  });

  it('skips when the spec declares no app', async () => {
    const spec = { ...(await contoso()), app: undefined };
    expect(runCheck('MBX.APP.1', spec, compliantSnapshot(await contoso()))[0]).toMatchObject({ status: 'skip', skipReason: 'not-declared' });
  });
});
