/**
 * Which directory object stands behind each address a snapshot names (issue 29): a mailbox or a
 * group deleted and made again under the same address is another object, and a diff that compared
 * addresses alone would read it as its members leaving and its grants going. The snapshot keeps
 * each shared mailbox's Exchange GUID and each group's object id and type, so mbx diff can say
 * "replaced" in one line.
 */
import type { GroupFacts, MailboxFacts } from '../verify/snapshot.js';

export interface SnapshotObjects {
  readonly mailboxes: Readonly<Record<string, { readonly id: string }>>;
  readonly groups: Readonly<Record<string, { readonly id: string; readonly type: string }>>;
}

export function objectsOf(mailboxes: readonly MailboxFacts[], groups: readonly GroupFacts[]): SnapshotObjects {
  return {
    mailboxes: Object.fromEntries(mailboxes.map((facts) => [facts.primaryAddress, { id: facts.guid }])),
    groups: Object.fromEntries(
      groups.filter((group) => group.primaryAddress !== '').map((group) => [group.primaryAddress, { id: group.id, type: group.recipientTypeDetails }]),
    ),
  };
}

/** What a group's type is called in a sentence. */
export const GROUP_TYPE_WORDS: Readonly<Record<string, string>> = {
  MailUniversalSecurityGroup: 'a mail-enabled security group',
  MailUniversalDistributionGroup: 'a distribution group',
  GroupMailbox: 'a Microsoft 365 group',
};

/** The addresses whose object was replaced between two snapshots (both must name their objects). */
export function replacedObjects(
  before: SnapshotObjects | undefined,
  after: SnapshotObjects | undefined,
): { readonly mailboxes: ReadonlySet<string>; readonly groups: ReadonlyMap<string, { readonly before: string; readonly after: string }> } {
  if (before === undefined || after === undefined) return { mailboxes: new Set(), groups: new Map() };
  return {
    mailboxes: new Set(renewed(before.mailboxes, after.mailboxes).map(([address]) => address)),
    groups: new Map(renewed(before.groups, after.groups).map(([address, was, is]) => [address, { before: was.type, after: is.type }])),
  };
}

/** The addresses both maps hold whose known object ids differ, with the object before and after. */
function renewed<T extends { readonly id: string }>(before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>): [string, T, T][] {
  return Object.entries(before).flatMap(([address, was]): [string, T, T][] => {
    const is = after[address];
    return is !== undefined && is.id !== '' && was.id !== '' && is.id !== was.id ? [[address, was, is]] : [];
  });
}
