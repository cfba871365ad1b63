/**
 * What a management scope of RBAC for Applications covers (learn.microsoft.com/exchange/
 * permissions-exo/application-rbac): a scope's RecipientRestrictionFilter evaluated on a mailbox,
 * and whether a role assignment reaches it. Read by the RBAC cmdlets and by every protocol that
 * lets an app into a mailbox.
 */
import type { ManagementRoleAssignment, ManagementScope } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { parseFilter } from './opath.js';

export function findScope(tenant: Tenant, name: string): ManagementScope | undefined {
  return tenant.collection('managementScopes').lookup(`name:${name.toLowerCase()}`)[0];
}

/** Whether an assignment covers the mailbox: no scope means the whole organization. */
export function assignmentCovers(tenant: Tenant, assignment: ManagementRoleAssignment, mailboxObjectValue: Record<string, unknown>): boolean {
  if (assignment.customResourceScope === null) return true;
  const scope = findScope(tenant, assignment.customResourceScope);
  return scope !== undefined && parseFilter(scope.recipientRestrictionFilter)(mailboxObjectValue);
}
