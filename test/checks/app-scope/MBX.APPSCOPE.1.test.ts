import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withApp, withAppScope } from '../fixture.js';

const SCOPE = 'mbx Contoso mail connectors';
const scoped = (mailboxes: string[]) => new Map([[SCOPE, { filter: 'CustomAttribute1 -eq "mbx"', mailboxes }]]);

describe('MBX.APPSCOPE.1', () => {
  it('passes when the role reaches exactly the mailboxes whose clients use the app', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APPSCOPE.1', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual(['pass organization Application Mail.ReadWrite']);
    expect(results[0]?.location.pointer).toBe('/app/mailboxScope');
  });

  it('fails when the scope also reaches other mailboxes, and when it misses one', async () => {
    const spec = await contoso();
    const wide = runCheck('MBX.APPSCOPE.1', spec, withAppScope(compliantSnapshot(spec), { scopes: scoped(['ceo@contoso.com', 'support@contoso.com']) }));
    expect(wide[0]).toMatchObject({ status: 'fail', actual: ['ceo@contoso.com', 'support@contoso.com'] });
    expect(wide[0]?.message).toBe("The app's Application Mail.ReadWrite scope also reaches ceo@contoso.com, which no client of the spec needs it to.");
    const narrow = runCheck('MBX.APPSCOPE.1', spec, withAppScope(compliantSnapshot(spec), { scopes: scoped([]) }));
    expect(narrow[0]?.message).toContain('does not reach support@contoso.com');
    expect(narrow[0]?.remediation?.powershell).toBe(
      `Set-ManagementScope '${SCOPE}' -RecipientRestrictionFilter "PrimarySmtpAddress -eq 'support@contoso.com'"`,
    );
  });

  it('fails for an unscoped role, a missing role and a role no client needs', async () => {
    const spec = await contoso();
    const unscoped = runCheck(
      'MBX.APPSCOPE.1',
      spec,
      withAppScope(compliantSnapshot(spec), { assignments: [{ name: 'a', role: 'Application Mail.ReadWrite', scope: null }] }),
    );
    expect(unscoped[0]).toMatchObject({ status: 'fail', actual: 'the whole organization' });
    const other = runCheck(
      'MBX.APPSCOPE.1',
      spec,
      withAppScope(compliantSnapshot(spec), { assignments: [{ name: 'b', role: 'Application Mail.Send', scope: SCOPE }] }),
    );
    expect(statuses(other)).toEqual(['fail organization Application Mail.ReadWrite', 'fail organization Application Mail.Send']);
    expect(other.map((result) => result.actual)).toEqual(['not assigned', SCOPE]);
    expect(other[1]?.remediation?.powershell).toBe("Remove-ManagementRoleAssignment -Identity 'b'");
  });

  it('skips when the app is not registered in Exchange, or the spec scopes it otherwise', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.APPSCOPE.1', spec, withApp(compliantSnapshot(spec), { exchangeServicePrincipal: undefined }))[0]).toMatchObject({
      status: 'skip',
      skipReason: 'depends-on',
    });
    const organization = { ...spec, app: { ...spec.app!, mailboxScope: 'organization' as const } };
    expect(runCheck('MBX.APPSCOPE.1', organization, compliantSnapshot(spec))[0]).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
