/** MBX.APP.3: every credential the app can sign in with is one the spec declares. See MBX.APP.3.md. */
import type { App } from '../../src/spec/types.js';
import type { FederatedCredentialFacts } from '../../src/verify/access-facts.js';
import type { Finding, OrganizationCheck } from '../../src/verify/model.js';
import type { AppCredentialFacts, AppFacts } from '../../src/verify/snapshot.js';
import { credentialLabel } from '../../src/access/credentials.js';
import { addedBy, addedWords, appUnderCheck } from '../app.js';

const label = credentialLabel;

/** Whether the spec's credential names this certificate or secret; `alone`: it is the app's only one of its kind. */
function isDeclared(declared: App['credential'], credential: AppCredentialFacts, alone: boolean): boolean {
  if (credential.kind !== declared.kind) return false;
  if (credential.kind === 'secret') return declared.name === undefined ? alone : credential.displayName === declared.name;
  if (declared.thumbprint !== undefined) return credential.thumbprint === declared.thumbprint;
  if (declared.subject !== undefined) return (credential.displayName ?? '').toLowerCase() === declared.subject.toLowerCase();
  return alone;
}

/** What the spec should say to name the one wanted certificate or secret. */
function naming(declared: App['credential']): string {
  if (declared.kind === 'secret') return 'credential: { kind: secret, name: <its description> }';
  return 'credential: { kind: certificate, thumbprint: <its thumbprint> }';
}

function credentialFinding(app: AppFacts, declared: App, credential: AppCredentialFacts, added: ReturnType<typeof addedBy>, alone: boolean): Finding {
  const evidence = {
    kind: credential.kind,
    keyId: credential.keyId,
    displayName: credential.displayName,
    thumbprint: credential.thumbprint,
    startDateTime: credential.startDateTime,
    ...(added === undefined ? {} : { addedBy: added.by, addedAt: added.at }),
  };
  if (isDeclared(declared.credential, credential, alone))
    return {
      status: 'pass',
      subject: label(credential),
      expected: 'declared',
      actual: 'declared',
      message: `The app's ${label(credential)} is the credential the spec declares.`,
      evidence,
      pointer: `${declared.pointer}/credential`,
    };
  const unnamed = credential.kind === declared.credential.kind && !alone;
  return {
    status: 'fail',
    subject: label(credential),
    expected: 'only the declared credential',
    actual: `an undeclared ${credential.kind}`,
    message: unnamed
      ? `The app holds more than one ${credential.kind}, and the spec does not say which is its own: ${label(credential)}${addedWords(added)} may be someone else's way in. Name the wanted one in the spec (${naming(declared.credential)}) and remove the others.`
      : `The app holds a ${label(credential)}${addedWords(added)} that the spec does not declare: whoever holds it signs in as the app and reaches every mailbox the app reaches. Remove it, or declare it if it is wanted.`,
    remediation: {
      spec: unnamed ? naming(declared.credential) : `credential: { kind: ${credential.kind} }, if this ${credential.kind} is the wanted one.`,
      pulumi: 'pulumi up keeps the credential the spec declares; remove the others with PowerShell (the provider does not own them).',
      powershell:
        credential.kind === 'secret'
          ? `Remove-MgApplicationPassword -ApplicationId ${app.objectId} -KeyId ${credential.keyId}`
          : `Update-MgApplication -ApplicationId ${app.objectId} -KeyCredentials @(<the certificates without ${credential.keyId}>)`,
    },
    evidence,
    pointer: `${declared.pointer}/credential`,
  };
}

const sameFederated = (spec: App['federatedCredentials'][number], actual: FederatedCredentialFacts): boolean =>
  spec.issuer === actual.issuer && spec.subject === actual.subject && actual.audiences.includes(spec.audience);

function federatedFindings(app: AppFacts, declared: App, snapshot: Parameters<typeof addedBy>[0]): Finding[] {
  const findings: Finding[] = [];
  for (const actual of app.federatedCredentials) {
    const match = declared.federatedCredentials.find((wanted) => sameFederated(wanted, actual));
    const added = addedBy(snapshot, [app.objectId], actual.name);
    const subject = `federated credential ${actual.name}`;
    const evidence = {
      name: actual.name,
      issuer: actual.issuer,
      subject: actual.subject,
      audiences: actual.audiences,
      ...(added === undefined ? {} : { addedBy: added.by, addedAt: added.at }),
    };
    if (match !== undefined) {
      findings.push({
        status: 'pass',
        subject,
        expected: 'declared',
        actual: 'declared',
        message: `The app's ${subject} is declared.`,
        evidence,
        pointer: match.pointer,
      });
      continue;
    }
    findings.push({
      status: 'fail',
      subject,
      expected: 'only the declared federated credentials',
      actual: `issuer ${actual.issuer}, subject ${actual.subject}`,
      message: `The app trusts tokens of ${actual.issuer} for subject "${actual.subject}" (${subject}${addedWords(added)}), which the spec does not declare: whatever runs as that subject signs in as the app, without any secret.`,
      remediation: {
        spec: `app.federatedCredentials: [{ name: ${actual.name}, issuer: ${actual.issuer}, subject: "${actual.subject}" }], if it is wanted.`,
        pulumi: 'pulumi up creates the declared federated credentials; remove others with PowerShell (the provider does not own them).',
        powershell: `Remove-MgApplicationFederatedIdentityCredential -ApplicationId ${app.objectId} -FederatedIdentityCredentialId <the id of ${actual.name}>`,
      },
      evidence,
      pointer: `${declared.pointer}/federatedCredentials`,
    });
  }
  for (const wanted of declared.federatedCredentials)
    if (!app.federatedCredentials.some((actual) => sameFederated(wanted, actual)))
      findings.push({
        status: 'fail',
        subject: `federated credential ${wanted.name}`,
        expected: `issuer ${wanted.issuer}, subject ${wanted.subject}`,
        actual: 'missing',
        message: `The app lacks the federated credential ${wanted.name} the spec declares: ${wanted.subject} cannot sign in as the app.`,
        remediation: {
          spec: 'Keep it in the spec and run pulumi up.',
          pulumi: 'pulumi up creates it.',
          powershell: `New-MgApplicationFederatedIdentityCredential -ApplicationId ${app.objectId} -Name ${wanted.name} -Issuer ${wanted.issuer} -Subject '${wanted.subject}' -Audiences ${wanted.audience}`,
        },
        pointer: wanted.pointer,
      });
  return findings;
}

export const check: OrganizationCheck = {
  id: 'MBX.APP.3',
  scope: 'organization',
  sources: ['graph.applications'],
  run({ spec, snapshot }) {
    const subject = appUnderCheck(spec, snapshot);
    if (Array.isArray(subject)) return subject;
    const { declared, app } = subject;
    const findings: Finding[] = [];
    for (const credential of app.credentials) {
      const alone = app.credentials.filter((other) => other.kind === credential.kind).length === 1;
      findings.push(credentialFinding(app, declared, credential, addedBy(snapshot, [app.objectId, app.servicePrincipalId ?? ''], credential.keyId), alone));
    }
    findings.push(...federatedFindings(app, declared, snapshot));
    if (findings.length === 0)
      return [{ status: 'pass', message: `The app "${declared.displayName}" holds no credential; MBX.APP.2 reports that clients cannot sign in.` }];
    return findings;
  },
};
