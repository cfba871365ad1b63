/** MBX.APP.2: the app's credentials do not expire within 30 days and prefer certificates; whether each is declared is MBX.APP.3's. See MBX.APP.2.md. */
import type { AppCredentialFacts } from '../../src/verify/snapshot.js';
import { appUnderCheck } from '../app.js';
import type { Finding, OrganizationCheck } from '../../src/verify/model.js';

const DAY_MS = 86_400_000;
/** Renew at least this long before a credential expires. */
export const RENEWAL_DAYS = 30;

const label = (credential: AppCredentialFacts): string => `${credential.kind} ${credential.displayName ?? credential.keyId}`;

export const check: OrganizationCheck = {
  id: 'MBX.APP.2',
  scope: 'organization',
  sources: ['graph.applications'],
  run({ spec, snapshot, now }) {
    const subject = appUnderCheck(spec, snapshot);
    if (Array.isArray(subject)) return subject;
    const { declared, app } = subject;
    const pointer = `${declared.pointer}/credential`;
    const renew = { spec: `credential: { kind: ${declared.credential.kind} }`, pulumi: 'pulumi up rotates the credential the spec declares.' };
    if (app.credentials.length === 0) {
      return [
        {
          status: 'fail',
          subject: declared.displayName,
          expected: `a ${declared.credential.kind}`,
          actual: 'no credential',
          message: `The app "${declared.displayName}" has no certificate or secret: clients that sign in as the app cannot get a token.`,
          remediation: {
            ...renew,
            powershell: `Update-MgApplication -ApplicationId ${app.objectId} -KeyCredentials @(@{Type='AsymmetricX509Cert'; Usage='Verify'; Key=[byte[]](Get-Content app.cer -AsByteStream)})`,
          },
          pointer,
        },
      ];
    }
    return app.credentials.map((credential): Finding => {
      const evidence = { kind: credential.kind, keyId: credential.keyId, displayName: credential.displayName, endDateTime: credential.endDateTime };
      const days = credential.endDateTime === null ? null : Math.floor((Date.parse(credential.endDateTime) - now.getTime()) / DAY_MS);
      const powershell =
        credential.kind === 'secret'
          ? `Remove-MgApplicationPassword -ApplicationId ${app.objectId} -KeyId ${credential.keyId}; Add-MgApplicationPassword -ApplicationId ${app.objectId}`
          : `Update-MgApplication -ApplicationId ${app.objectId} -KeyCredentials <the new certificate, then without ${credential.keyId}>`;
      if (days !== null && days < RENEWAL_DAYS) {
        return {
          status: 'fail',
          subject: label(credential),
          expected: `valid for at least ${RENEWAL_DAYS} days`,
          actual: days < 0 ? `expired ${credential.endDateTime}` : `expires in ${days} days`,
          message:
            days < 0
              ? `The app's ${label(credential)} expired on ${credential.endDateTime}.`
              : `The app's ${label(credential)} expires on ${credential.endDateTime}, in ${days} days: renew it now, before clients stop getting tokens (AADSTS7000222 for an expired secret).`,
          remediation: { ...renew, powershell },
          evidence,
          pointer,
        };
      }
      if (credential.kind === 'secret' && declared.credential.kind === 'secret') {
        return {
          status: 'warn',
          subject: label(credential),
          expected: 'certificate',
          actual: 'secret',
          message: `The app signs in with a client secret; Microsoft recommends a certificate, which cannot be copied out of a config file.`,
          remediation: {
            spec: 'credential: { kind: certificate }',
            pulumi: 'pulumi up replaces the secret with a certificate.',
            powershell: `Remove-MgApplicationPassword -ApplicationId ${app.objectId} -KeyId ${credential.keyId}`,
          },
          evidence,
          pointer,
        };
      }
      return {
        status: 'pass',
        subject: label(credential),
        expected: `valid for at least ${RENEWAL_DAYS} days`,
        actual: days === null ? 'no end date' : `valid for ${days} more days`,
        message: `The app's ${label(credential)} is valid${days === null ? '' : ` for ${days} more days`}.`,
        evidence,
        pointer,
      };
    });
  },
};
