import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../src/spec/types.js';
import { APP_THUMBPRINT, compliantSnapshot, contoso, runCheck, statuses, withApp } from '../fixture.js';

const stranger = {
  kind: 'certificate' as const,
  keyId: 'k9',
  displayName: 'CN=someone else',
  thumbprint: '00112233445566778899AABBCCDDEEFF00112233',
  startDateTime: '2026-11-20T00:00:00Z',
  endDateTime: '2028-11-20T00:00:00Z',
};
const audit = {
  at: '2026-11-20T09:30:00Z',
  by: 'mallory@contoso.com',
  activity: 'Update application \u2013 Certificates and secrets management',
  targetId: 'a0000000-0000-0000-0000-000000000002',
  targetName: 'Contoso mail connectors',
  modified: [
    {
      name: 'KeyDescription',
      oldValue: '["[KeyIdentifier=c0000000-0000-0000-0000-000000000001]"]',
      newValue: '["[KeyIdentifier=c0000000-0000-0000-0000-000000000001]","[KeyIdentifier=k9]"]',
    },
  ],
};
const withCredential = (spec: Spec, change: Partial<NonNullable<Spec['app']>>): Spec => ({ ...spec, app: { ...spec.app!, ...change } });

describe('MBX.APP.3', () => {
  it("passes for the app's one certificate, as the spec declares a certificate", async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.APP.3', spec, compliantSnapshot(spec)))).toEqual([`pass organization certificate CN=mbx (thumbprint ${APP_THUMBPRINT})`]);
  });

  it('fails for a second certificate, naming who added it and when from the directory audit log', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const snapshot = { ...withApp(base, { credentials: [...base.app!.credentials, stranger] }), directoryAudits: [audit] };
    const results = runCheck('MBX.APP.3', spec, snapshot);
    expect(results.map((result) => result.status)).toEqual(['fail', 'fail']);
    expect(results[1]?.message).toContain('CN=someone else');
    expect(results[1]?.message).toContain('added 2026-11-20T09:30:00Z by mallory@contoso.com');
    expect(results[1]?.remediation?.spec).toContain('thumbprint');
  });

  it('names the wanted certificate by thumbprint or subject, and fails only the other', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const snapshot = withApp(base, { credentials: [...base.app!.credentials, stranger] });
    const byThumbprint = withCredential(spec, { credential: { kind: 'certificate', thumbprint: APP_THUMBPRINT } });
    expect(runCheck('MBX.APP.3', byThumbprint, snapshot).map((result) => result.status)).toEqual(['pass', 'fail']);
    const bySubject = withCredential(spec, { credential: { kind: 'certificate', subject: 'cn=mbx' } });
    expect(runCheck('MBX.APP.3', bySubject, snapshot).map((result) => result.status)).toEqual(['pass', 'fail']);
  });

  it('fails for a secret where the spec declares a certificate, and never shows more of it than Graph does', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const secret = { kind: 'secret' as const, keyId: 's1', displayName: 'ci', thumbprint: null, startDateTime: null, endDateTime: '2027-05-01T00:00:00Z' };
    const results = runCheck('MBX.APP.3', spec, withApp(base, { credentials: [...base.app!.credentials, secret] }));
    expect(results.map((result) => result.status)).toEqual(['pass', 'fail']);
    expect(results[1]?.remediation?.powershell).toContain('Remove-MgApplicationPassword');
    expect(Object.keys(results[1]?.evidence ?? {})).toEqual(['kind', 'keyId', 'displayName', 'thumbprint', 'startDateTime']);
  });

  it('fails for an undeclared federated credential and for a declared one that is missing', async () => {
    const spec = await contoso();
    const outside = {
      name: 'outside',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:someone/else:ref:refs/heads/main',
      audiences: ['api://AzureADTokenExchange'],
    };
    const snapshot = withApp(compliantSnapshot(spec), { federatedCredentials: [outside] });
    const results = runCheck('MBX.APP.3', spec, snapshot);
    expect(statuses(results)).toEqual([
      `pass organization certificate CN=mbx (thumbprint ${APP_THUMBPRINT})`,
      'fail organization federated credential outside',
    ]);
    expect(results[1]?.message).toContain('repo:someone/else:ref:refs/heads/main');

    const declaring = withCredential(spec, {
      federatedCredentials: [
        { name: 'outside', issuer: outside.issuer, subject: outside.subject, audience: 'api://AzureADTokenExchange', pointer: '/app/federatedCredentials/0' },
        {
          name: 'main',
          issuer: outside.issuer,
          subject: 'repo:contoso/mail:ref:refs/heads/main',
          audience: 'api://AzureADTokenExchange',
          pointer: '/app/federatedCredentials/1',
        },
      ],
    });
    expect(statuses(runCheck('MBX.APP.3', declaring, snapshot))).toEqual([
      `pass organization certificate CN=mbx (thumbprint ${APP_THUMBPRINT})`,
      'pass organization federated credential outside',
      'fail organization federated credential main',
    ]);
  });
});
