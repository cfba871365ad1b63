/** MBX.APP.1: the app registration exists, once, with its enterprise application. See MBX.APP.1.md. */
import type { Finding, OrganizationCheck } from '../../src/verify/model.js';

export const check: OrganizationCheck = {
  id: 'MBX.APP.1',
  scope: 'organization',
  sources: ['graph.applications', 'graph.appConsent'],
  run({ spec, snapshot }) {
    const declared = spec.app;
    if (declared === undefined) return [{ status: 'skip', skipReason: 'not-declared', message: 'The spec declares no app.' }];
    const name = declared.displayName;
    const app = snapshot.app;
    const pointer = `${declared.pointer}/displayName`;
    if (app === undefined) {
      return [
        {
          status: 'fail',
          subject: name,
          expected: 'registered',
          actual: 'missing',
          message: `No app registration is named "${name}": every client that signs in as the app, or through it, fails with AADSTS700016.`,
          remediation: {
            spec: 'Keep the app section and run pulumi up.',
            pulumi: 'pulumi up registers the app, its service principal, its consent and its credential.',
            powershell: `New-MgApplication -DisplayName '${name}'`,
          },
          pointer,
        },
      ];
    }
    const evidence = { appId: app.appId, objectId: app.objectId, servicePrincipalId: app.servicePrincipalId ?? null, registrations: app.registrations };
    const findings: Finding[] = [];
    if (app.registrations > 1) {
      findings.push({
        status: 'fail',
        subject: name,
        expected: 1,
        actual: app.registrations,
        message: `${app.registrations} app registrations are named "${name}"; mbx checked appId ${app.appId}, but clients may be configured with another.`,
        remediation: {
          spec: 'Give the app a name no other registration uses.',
          pulumi: 'pulumi up manages only the registration in its state; delete or rename the others.',
          powershell: `Get-MgApplication -Filter "displayName eq '${name}'" | Format-Table AppId, Id, CreatedDateTime`,
        },
        evidence,
        pointer,
      });
    }
    if (app.servicePrincipalId === undefined) {
      findings.push({
        status: 'fail',
        subject: name,
        expected: 'enterprise application present',
        actual: 'no service principal',
        message: `The app registration "${name}" has no enterprise application (service principal) in this tenant: nothing can be consented to it and it cannot sign in.`,
        remediation: {
          spec: 'Keep the app section and run pulumi up.',
          pulumi: 'pulumi up creates the service principal.',
          powershell: `New-MgServicePrincipal -AppId ${app.appId}`,
        },
        evidence,
        pointer,
      });
    }
    if (findings.length > 0) return findings;
    return [
      {
        status: 'pass',
        subject: name,
        expected: 'registered',
        actual: 'registered',
        message: `The app "${name}" is registered (appId ${app.appId}) with its enterprise application.`,
        evidence,
        pointer,
      },
    ];
  },
};
