/** MBX.APPPERM.1: the app's consented permissions equal what its clients need. See MBX.APPPERM.1.md. */
import type { PermissionFacts } from '../../src/verify/snapshot.js';
import { appUnderCheck, permissionKey } from '../app.js';
import { type Finding, type OrganizationCheck } from '../../src/verify/model.js';
import { compareSets } from '../check.js';

/** Sign-in scopes any app may ask for: consenting them grants no access to mail. */
const SIGN_IN_SCOPES = new Set(['openid', 'profile', 'email']);

export const check: OrganizationCheck = {
  id: 'MBX.APPPERM.1',
  scope: 'organization',
  sources: ['graph.applications', 'graph.appConsent'],
  run({ spec, snapshot }) {
    const subject = appUnderCheck(spec, snapshot);
    if (Array.isArray(subject)) return subject;
    const { declared, app } = subject;
    if (app.servicePrincipalId === undefined)
      return [
        {
          status: 'skip',
          skipReason: 'depends-on',
          subject: declared.displayName,
          message: 'The app has no enterprise application to consent to; MBX.APP.1 reports it.',
          pointer: declared.pointer,
        },
      ];
    const rbacRoles = new Set(spec.appRbac.map((entry) => entry.role.replace(/^Application /, '')));
    const findings: Finding[] = [];
    for (const kind of ['application', 'delegated'] as const) {
      const wanted = new Map(spec.appPermissions[kind].map((permission) => [permissionKey(permission), permission]));
      const held = new Map(
        app.consented[kind]
          .filter((permission) => kind === 'application' || !SIGN_IN_SCOPES.has(permission.name))
          .map((permission) => [permissionKey(permission), permission]),
      );
      const { missing, extra } = compareSets(wanted.keys(), held.keys());
      const evidence = { consented: [...held.keys()].sort(), needed: [...wanted.keys()].sort() };
      const how = (permission: PermissionFacts): string =>
        kind === 'application'
          ? `New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId ${app.servicePrincipalId} -PrincipalId ${app.servicePrincipalId} -ResourceId <${permission.resource} service principal id> -AppRoleId <id of ${permission.name}>`
          : `New-MgOauth2PermissionGrant -ClientId ${app.servicePrincipalId} -ConsentType AllPrincipals -ResourceId <${permission.resource} service principal id> -Scope '${permission.name}'`;
      for (const key of missing) {
        const permission = wanted.get(key) as PermissionFacts;
        findings.push({
          status: 'fail',
          subject: `${key} (${kind})`,
          expected: 'consented',
          actual: 'not consented',
          message: `The app lacks admin consent to ${key} (${kind}), which its clients need: their requests fail with 401 or AUTHENTICATE failed.`,
          remediation: {
            spec: "Nothing to change: the permission comes from the clients' profiles.",
            pulumi: 'pulumi up grants admin consent to what the profiles need.',
            powershell: how(permission),
          },
          evidence,
          pointer: declared.pointer,
        });
      }
      for (const key of extra) {
        const permission = held.get(key) as PermissionFacts;
        const undoesScope = kind === 'application' && permission.resource === 'Microsoft Graph' && rbacRoles.has(permission.name);
        // The Entra claim makes Exchange check mailbox permissions for every SMTP send (smtp-app-rbac-onboarding.md).
        const undoesSmtpRbac =
          kind === 'application' &&
          permission.resource === 'Office 365 Exchange Online' &&
          permission.name === 'SMTP.SendAsApp' &&
          rbacRoles.has('SMTP.SendAsApp');
        findings.push({
          status: 'fail',
          subject: `${key} (${kind})`,
          expected: 'not consented',
          actual: 'consented',
          message: undoesSmtpRbac
            ? `The app holds ${key} (application), though its SMTP clients send by RBAC for Applications: with the SMTP.SendAsApp claim in its token Exchange checks mailbox permissions for every send, which the role's mailboxes do not grant, so SMTP is refused (554 5.2.252 SendAsDenied). Remove the consent; the scoped role Application SMTP.SendAsApp is what it needs.`
            : undoesScope
              ? `The app holds ${key} (application), which reaches every mailbox in the organization and adds to its RBAC for Applications scope, undoing it. Remove the consent; the scoped role Application ${permission.name} is what it needs.`
              : `The app holds ${key} (${kind}), which no client of the spec needs; least privilege says remove it.`,
          remediation: {
            spec: "Nothing to add: permissions come from the clients' profiles; a client that needs this one is missing from the spec.",
            pulumi: 'pulumi up removes consent the profiles do not need.',
            powershell:
              kind === 'application'
                ? `Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId ${app.servicePrincipalId} -AppRoleAssignmentId <id of the ${permission.name} assignment>`
                : `Update-MgOauth2PermissionGrant (remove '${permission.name}' from the scope)`,
          },
          evidence,
          pointer: declared.pointer,
        });
      }
      if (missing.length === 0 && extra.length === 0) {
        findings.push({
          status: 'pass',
          subject: `${kind} permissions`,
          expected: [...wanted.keys()].sort(),
          actual: [...held.keys()].sort(),
          message: `The app's ${kind} permissions are exactly what its clients need${wanted.size === 0 ? ' (none)' : ''}.`,
          evidence,
          pointer: declared.pointer,
        });
      }
    }
    return findings;
  },
};
