/**
 * Group membership as every surface sees it: which kind a group is, who is in it through nesting,
 * and which groups a principal acts under. A permission granted to a group reaches the members of
 * the group and of the groups nested in it, when the group is a security group (Exchange grants
 * mailbox permissions to mail-enabled security groups; a distribution group carries no security
 * identity: learn.microsoft.com/exchange/recipients-in-exchange-online/manage-permissions-for-recipients).
 */
import type { Group } from './store/model.js';
import type { Tenant } from './store/store.js';

export type GroupKind = 'security' | 'mailEnabledSecurity' | 'distribution' | 'microsoft365';

export function groupKind(group: Group): GroupKind {
  if ((group.groupTypes ?? []).includes('Unified')) return 'microsoft365';
  if (group.mailEnabled) return group.securityEnabled ? 'mailEnabledSecurity' : 'distribution';
  return 'security';
}

/** The groups a principal is in, directly or through nesting (a cycle is followed once). */
export function groupsContaining(tenant: Tenant, principalId: string): Group[] {
  const groups = tenant.collection('groups');
  const found = new Map<string, Group>();
  const queue = [principalId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const group of groups.lookup(`member:${id}`)) {
      if (found.has(group.id)) continue;
      found.set(group.id, group);
      queue.push(group.id);
    }
  }
  return [...found.values()];
}

/** Everyone in a group, through nesting: directory object ids, nested groups included, each once. */
export function transitiveMembers(tenant: Tenant, group: Group): string[] {
  const groups = tenant.collection('groups');
  const seen = new Set<string>([group.id]);
  const members: string[] = [];
  const queue = [...group.members];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    members.push(id);
    const nested = groups.get(id);
    if (nested !== undefined) queue.push(...nested.members);
  }
  return members;
}

/** The ids whose grants apply to a principal: its own and those of the security groups it is in. */
export function securityIdentities(tenant: Tenant, principalId: string): Set<string> {
  const ids = new Set([principalId]);
  for (const group of groupsContaining(tenant, principalId)) if (group.securityEnabled) ids.add(group.id);
  return ids;
}

/** Take a deleted object (a user or a group) out of every group it was a direct member of. */
export function leaveGroups(tenant: Tenant, objectId: string): void {
  const groups = tenant.collection('groups');
  for (const group of groups.lookup(`member:${objectId}`)) groups.put({ ...group, members: group.members.filter((id) => id !== objectId) });
}
