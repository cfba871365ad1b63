/** MBX.ACCESS.1: no app but the spec's reaches the mailbox through a mail permission. See MBX.ACCESS.1.md. */
import { accessModelOf } from '../../src/access/index.js';
import type { AccessPath } from '../../src/access/model.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { pathEvidence, rightsWords, sinceWords } from './paths.js';

const APP_KINDS = new Set<AccessPath['kind']>(['app-permission', 'app-rbac', 'delegated-consent']);

/** How to take the path away, by its kind. */
function removal(path: AccessPath): string {
  if (path.kind === 'app-rbac')
    return `Get-ManagementRoleAssignment -RoleAssignee <the app's service principal> | Where-Object Role -eq '${path.via.split('"')[1] ?? ''}' | Remove-ManagementRoleAssignment`;
  if (path.kind === 'delegated-consent')
    return `Get-MgOauth2PermissionGrant -Filter "clientId eq '<the app's service principal id>' and consentType eq 'AllPrincipals'" | Remove-MgOauth2PermissionGrant`;
  return `Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId <the app's service principal id> | Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId <the same id>; or limit it: New-ApplicationAccessPolicy -AppId ${path.principal.id} -PolicyScopeGroupId <a group without this mailbox> -AccessRight RestrictAccess`;
}

export const check: MailboxCheck = {
  id: 'MBX.ACCESS.1',
  scope: 'mailbox',
  sources: ['graph.mailApps', 'exchange.fullAccess', 'exchange.sendAs', 'exchange.mailboxes'],
  run(mailbox, _facts, { spec, snapshot }) {
    const ours = snapshot.app?.appId;
    const paths = accessModelOf(spec, snapshot)
      .into(mailbox.address)
      .filter((path) => APP_KINDS.has(path.kind) && path.principal.id !== ours);
    const undeclared = paths.filter((path) => path.declared === false);
    if (undeclared.length === 0)
      return [
        {
          status: 'pass',
          expected: 'no other app',
          actual: 'no other app',
          message: `No app but the spec's reaches ${mailbox.address} through a mail permission.`,
        },
      ];
    return undeclared.map((path): Finding => ({
      status: 'fail',
      subject: `${path.principal.name} (${path.principal.id})`,
      expected: 'no access',
      actual: rightsWords(path),
      message: `The app "${path.principal.name}" (${path.principal.id}) can ${rightsWords(path)} ${mailbox.address} through ${path.via}${sinceWords(path)}; the spec declares no such access.`,
      remediation: {
        spec: `The spec declares one app; another app's access is removed, or accepted with a waiver of MBX.ACCESS.1 for ${mailbox.address} that says why.`,
        pulumi: 'pulumi up does not touch apps the spec does not declare; remove the access with PowerShell or the portal.',
        powershell: removal(path),
      },
      evidence: pathEvidence(path),
    }));
  },
};
