import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/**
 * A group's declared members must be users or groups the spec declares (so mbx knows whom a grant
 * to the group reaches), and no group may contain itself through nesting: Exchange refuses a group
 * as its own member, and a cycle would make every member of one a member of all.
 */
export const groupMembers: Rule = {
  id: 'group-members',
  description: "A group's members must be declared users or groups, and groups must not contain themselves.",
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const group of spec.groups) {
      (group.members ?? []).forEach((member, i) => {
        if (context.users.has(member) || context.groups.has(member)) return;
        findings.push(
          error(
            'SPEC_GROUP_MEMBER_UNKNOWN',
            pointerJoin(group.pointer, 'members', i),
            `member ${member} of group ${group.address} is not declared; add it under users (or groups), so mbx knows whom the group's grants reach`,
          ),
        );
      });
      // A walk from the group back to itself is a cycle; reported once, at the cycle's first group in address order.
      const path = cycleFrom(group.address, context.groups);
      if (path !== undefined && group.address === [...path].sort()[0]) {
        findings.push(
          error(
            'SPEC_GROUP_CYCLE',
            pointerJoin(group.pointer, 'members'),
            `group ${group.address} contains itself: ${path.join(' -> ')}; remove one of these memberships`,
          ),
        );
      }
    }
    return findings;
  },
};

/** The members path from a group back to itself, if there is one. */
function cycleFrom(start: string, groups: ReadonlyMap<string, { readonly members?: readonly string[] }>): string[] | undefined {
  const seen = new Set<string>();
  const walk = (at: string, path: string[]): string[] | undefined => {
    for (const member of groups.get(at)?.members ?? []) {
      if (member === start) return [...path, member];
      if (!groups.has(member) || seen.has(member)) continue;
      seen.add(member);
      const found = walk(member, [...path, member]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}
