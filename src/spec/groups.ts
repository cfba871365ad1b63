/**
 * Group membership as the spec declares it (groups[].members): which declared groups a user is in,
 * directly or through nested groups, and which users a group stands for. Exchange lets a grant to a
 * mail-enabled security group reach its members, nested groups' members too (emulator/groups.ts);
 * the spec's rules and mbx verify read the same membership from here. Cycles are the
 * group-members rule's to report; the walk here stops at them.
 */
import type { Spec } from './types.js';

interface Membership {
  /** Principal -> the declared groups it belongs to, transitively. */
  readonly groupsOf: Map<string, Set<string>>;
  /** Group -> the declared users it reaches, transitively, and whether a group on the way leaves its membership open. */
  readonly usersOf: Map<string, { readonly users: ReadonlySet<string>; readonly open: boolean }>;
}

const memberships = new WeakMap<Spec, Membership>();

function membership(spec: Spec): Membership {
  let found = memberships.get(spec);
  if (found !== undefined) return found;
  const groups = new Map(spec.groups.map((group) => [group.address, group]));
  const groupsOf = new Map<string, Set<string>>();
  const usersOf = new Map<string, { readonly users: ReadonlySet<string>; readonly open: boolean }>();
  for (const group of spec.groups) {
    // Every principal inside the group, nested groups' members too; each group visited once.
    const inside = new Set<string>();
    let open = group.members === undefined;
    const queue = [...(group.members ?? [])];
    for (let member = queue.shift(); member !== undefined; member = queue.shift()) {
      if (inside.has(member) || member === group.address) continue;
      inside.add(member);
      const nested = groups.get(member);
      if (nested === undefined) continue;
      if (nested.members === undefined) open = true;
      queue.push(...(nested.members ?? []));
    }
    for (const principal of inside) groupsOf.set(principal, (groupsOf.get(principal) ?? new Set()).add(group.address));
    usersOf.set(group.address, { users: new Set([...inside].filter((principal) => !groups.has(principal))), open });
  }
  found = { groupsOf, usersOf };
  memberships.set(spec, found);
  return found;
}

/** The declared groups a user or group belongs to, directly or through nested declared groups. */
export function declaredGroupsOf(spec: Spec, principal: string): ReadonlySet<string> {
  return membership(spec).groupsOf.get(principal) ?? new Set();
}

/**
 * The users a declared group reaches through its declared members, nested groups included, and
 * whether its membership is open (it, or a group inside it, declares no members).
 */
export function declaredUsersOf(spec: Spec, group: string): { readonly users: ReadonlySet<string>; readonly open: boolean } {
  return membership(spec).usersOf.get(group) ?? { users: new Set(), open: true };
}
