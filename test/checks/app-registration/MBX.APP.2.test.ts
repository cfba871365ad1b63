import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withApp } from '../fixture.js';

const certificate = {
  kind: 'certificate' as const,
  keyId: 'k1',
  displayName: 'CN=mbx',
  thumbprint: 'AB',
  startDateTime: null,
  endDateTime: '2027-11-22T00:00:00Z',
};

describe('MBX.APP.2', () => {
  it('passes for a certificate valid for more than 30 days', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.APP.2', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual(['pass organization certificate CN=mbx']);
    expect(results[0]?.actual).toBe('valid for 364 more days');
  });

  it('fails for a credential expiring within 30 days and for an expired one', async () => {
    const spec = await contoso();
    const snapshot = withApp(compliantSnapshot(spec), {
      credentials: [
        { ...certificate, endDateTime: '2026-12-10T00:00:00Z' },
        { ...certificate, keyId: 'k2', displayName: 'CN=old', endDateTime: '2026-10-01T00:00:00Z' },
      ],
    });
    const results = runCheck('MBX.APP.2', spec, snapshot);
    expect(results.map((result) => [result.status, result.actual])).toEqual([
      ['fail', 'expires in 17 days'],
      ['fail', 'expired 2026-10-01T00:00:00Z'],
    ]);
  });

  it('fails when the app has no credential at all', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.APP.2', spec, withApp(compliantSnapshot(spec), { credentials: [] }))[0]).toMatchObject({ status: 'fail', actual: 'no credential' });
  });

  it('judges only the expiry of a secret the spec does not declare (whose it is, MBX.APP.3 judges)', async () => {
    const spec = await contoso();
    const snapshot = withApp(compliantSnapshot(spec), {
      credentials: [
        certificate,
        { kind: 'secret', keyId: 's1', displayName: 'ci', thumbprint: null, startDateTime: null, endDateTime: '2027-05-01T00:00:00Z' },
      ],
    });
    expect(statuses(runCheck('MBX.APP.2', spec, snapshot))).toEqual(['pass organization certificate CN=mbx', 'pass organization secret ci']);
  });

  it('warns for a declared client secret: Microsoft recommends a certificate', async () => {
    const spec = await contoso();
    const secretSpec = { ...spec, app: { ...spec.app!, credential: { kind: 'secret' as const, lifetimeDays: 180 } } };
    const snapshot = withApp(compliantSnapshot(secretSpec), {
      credentials: [{ kind: 'secret', keyId: 's1', displayName: 'mbx', thumbprint: null, startDateTime: null, endDateTime: '2027-05-01T00:00:00Z' }],
    });
    expect(statuses(runCheck('MBX.APP.2', secretSpec, snapshot))).toEqual(['warn organization secret mbx']);
  });

  it('skips, depending on MBX.APP.1, when the app does not exist', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.APP.2', spec, withApp(compliantSnapshot(spec), undefined))[0]).toMatchObject({ status: 'skip', skipReason: 'depends-on' });
  });
});
