/**
 * What an application access policy's scope covers: the policy names a mailbox, or a mail-enabled
 * security group whose members' mailboxes it covers (New-ApplicationAccessPolicy.md,
 * -PolicyScopeGroupId). The group's transitive members come from the snapshot's groups.
 */
import { groupOf, mailboxOf, type GroupFacts, type MailboxFacts, type TenantSnapshot } from '../snapshot.js';

/** The primary addresses of the mailboxes a policy scope covers; none for a scope mbx cannot resolve. */
export function policyMailboxes(scopeName: string, mailboxes: ReadonlyMap<string, MailboxFacts>, groups: ReadonlyMap<string, GroupFacts>): string[] {
  const name = scopeName.trim().toLowerCase();
  const lookup = { mailboxes, groups } as Pick<TenantSnapshot, 'mailboxes' | 'groups'> as TenantSnapshot;
  const mailbox = mailboxOf(lookup, name) ?? [...mailboxes.values()].find((facts) => facts.name === name || facts.displayName.toLowerCase() === name);
  if (mailbox !== undefined) return [mailbox.primaryAddress];
  const group = groupOf(lookup, name);
  if (group === undefined) return [];
  const byUser = new Map([...mailboxes.values()].map((facts) => [facts.userId, facts.primaryAddress]));
  return (group.transitiveMembers ?? []).flatMap((member) => {
    const address = byUser.get(member.id.toLowerCase()) ?? mailboxOf(lookup, member.address)?.primaryAddress;
    return address === undefined ? [] : [address];
  });
}
