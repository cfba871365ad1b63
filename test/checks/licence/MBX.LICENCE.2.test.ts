import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.LICENCE.2', () => {
  it('passes for each delegate holding an Exchange Online plan', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.LICENCE.2', spec, compliantSnapshot(spec)))).toContain('pass info@contoso.com max.mustermann@contoso.com');
    expect(runCheck('MBX.LICENCE.2', spec, compliantSnapshot(spec)).every((result) => result.status === 'pass')).toBe(true);
  });

  it('fails for a delegate whose Exchange plan is disabled, and for one who does not exist', async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const users = new Map(snapshot.users);
    const max = users.get('max.mustermann@contoso.com') as never as { assignedLicenses: { skuId: string }[] };
    users.set('max.mustermann@contoso.com', { ...(max as never), assignedLicenses: [{ skuId: max.assignedLicenses[0]?.skuId as string, disabledPlans: ['9aaf7827-d63c-4b61-89c3-182f06f82e5c'] }] });
    users.delete('svc-genesys@contoso.com');
    const failing = statuses(runCheck('MBX.LICENCE.2', spec, { ...snapshot, users })).filter((line) => line.startsWith('fail'));
    expect(failing).toEqual(['fail info@contoso.com max.mustermann@contoso.com', 'fail support@contoso.com svc-genesys@contoso.com']);
  });
});
