import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withUser } from '../fixture.js';

describe('MBX.LICENCE.2', () => {
  it('passes for each delegate holding an Exchange Online plan', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.LICENCE.2', spec, compliantSnapshot(spec)))).toContain('pass info@contoso.com max.mustermann@contoso.com');
    expect(runCheck('MBX.LICENCE.2', spec, compliantSnapshot(spec)).every((result) => result.status === 'pass')).toBe(true);
  });

  it('fails for a delegate whose Exchange plan is disabled, and for one who does not exist', async () => {
    const spec = await contoso();
    let snapshot = withUser(compliantSnapshot(spec), 'max.mustermann@contoso.com', {
      assignedLicenses: [{ skuId: '4b9405b0-7788-4568-add1-99614e613b69', disabledPlans: ['9aaf7827-d63c-4b61-89c3-182f06f82e5c'] }],
    });
    snapshot = withUser(snapshot, 'svc-genesys@contoso.com', undefined);
    const failing = statuses(runCheck('MBX.LICENCE.2', spec, snapshot)).filter((line) => line.startsWith('fail'));
    expect(failing).toEqual(['fail info@contoso.com max.mustermann@contoso.com', 'fail support@contoso.com svc-genesys@contoso.com']);
  });
});
