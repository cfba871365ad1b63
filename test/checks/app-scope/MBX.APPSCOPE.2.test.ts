import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withAppScope } from '../fixture.js';

const policy = { accessRight: 'RestrictAccess', scopeName: 'Support mailboxes', description: '' };

describe('MBX.APPSCOPE.2', () => {
  it('passes when no application access policy names the app', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.APPSCOPE.2', spec, compliantSnapshot(spec)))).toEqual(['pass organization application access policy']);
  });

  it('fails when a policy names the app though the spec scopes it by RBAC', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APPSCOPE.2', spec, withAppScope(compliantSnapshot(spec), { accessPolicies: [policy] }));
    expect(results[0]).toMatchObject({ status: 'fail', actual: 'RestrictAccess Support mailboxes' });
    expect(results[0]?.remediation?.powershell).toContain('Remove-ApplicationAccessPolicy');
  });

  it('warns for a declared policy, and fails when the declared policy is missing', async () => {
    const spec = await contoso();
    const legacy = { ...spec, app: { ...spec.app!, mailboxScope: 'application-access-policy' as const } };
    expect(runCheck('MBX.APPSCOPE.2', legacy, withAppScope(compliantSnapshot(spec), { accessPolicies: [policy] }))[0]?.status).toBe('warn');
    expect(runCheck('MBX.APPSCOPE.2', legacy, compliantSnapshot(spec))[0]).toMatchObject({ status: 'fail', expected: 'a RestrictAccess policy' });
  });
});
