/**
 * Who may open and send as a mailbox, as the mail protocols enforce it (Graph mail now; IMAP, POP
 * and SMTP on the same rules). A grant is visible to Get-* at once but honoured here only once the
 * replication delay has passed since it was made (fidelity 5.6: "replication latency ... should go
 * away in an hour or so"). A Deny entry wins over an Allow. Grants to a security group reach its members, through nesting
 * too (groups.ts).
 */
import type { EmulatorContext } from '../context.js';
import { securityIdentities } from '../groups.js';
import { assignmentCovers } from '../exchange/rbac-scope.js';
import { mailboxObject } from '../exchange/present.js';
import type { Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';

/** Whether a grant made at `grantedAt` is in effect yet. */
export function inEffect(context: EmulatorContext, grantedAt: string): boolean {
  return Date.parse(grantedAt) + context.settings.replicationDelayMs <= context.now().getTime();
}

/** Full Access: the mailbox's own user, or a trustee (user, group, or Exchange service principal) with an Allow entry. */
export function hasFullAccess(context: EmulatorContext, tenant: Tenant, mailbox: Mailbox, principalId: string): boolean {
  if (mailbox.userId === principalId) return true;
  const ids = securityIdentities(tenant, principalId);
  const entries = tenant
    .collection('mailboxPermissions')
    .lookup(`mailbox:${mailbox.id}`)
    .filter((entry) => ids.has(entry.trustee) && entry.accessRights.includes('FullAccess'));
  if (entries.some((entry) => entry.deny)) return false;
  return entries.some((entry) => inEffect(context, entry.grantedAt));
}

/** Send As: the mailbox's own user, or a trustee with a RecipientPermission entry. */
export function hasSendAs(context: EmulatorContext, tenant: Tenant, mailbox: Mailbox, principalId: string): boolean {
  if (mailbox.userId === principalId) return true;
  const ids = securityIdentities(tenant, principalId);
  return tenant
    .collection('recipientPermissions')
    .lookup(`mailbox:${mailbox.id}`)
    .some((entry) => ids.has(entry.trustee) && inEffect(context, entry.grantedAt));
}

/**
 * Send on Behalf: a member of GrantSendOnBehalfTo. The list carries no grant times, so the
 * replication delay does not apply to it (docs/emulator.md, differences).
 */
export function hasSendOnBehalf(tenant: Tenant, mailbox: Mailbox, principalId: string): boolean {
  const ids = securityIdentities(tenant, principalId);
  return mailbox.grantSendOnBehalfTo.some((id) => ids.has(id));
}

/**
 * RBAC for Applications: whether one of `roles` is assigned to the app (by its Entra service
 * principal's object id) with a scope covering the mailbox. These grants add to the app's Entra
 * permissions; they do not appear in its token (learn.microsoft.com/exchange/permissions-exo/application-rbac).
 */
export function appRoleCovers(context: EmulatorContext, tenant: Tenant, servicePrincipalObjectId: string, mailbox: Mailbox, roles: readonly string[]): boolean {
  const sp = tenant.collection('exchangeServicePrincipals').lookup(`object:${servicePrincipalObjectId}`)[0];
  if (sp === undefined) return false;
  const assignments = tenant
    .collection('managementRoleAssignments')
    .lookup(`app:${sp.id}`)
    .filter((assignment) => roles.includes(assignment.role) && inEffect(context, assignment.grantedAt));
  if (assignments.length === 0) return false;
  const target = mailboxObject(tenant, mailbox);
  return assignments.some((assignment) => assignmentCovers(tenant, assignment, target));
}
