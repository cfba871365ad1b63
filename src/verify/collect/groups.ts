/**
 * Groups: every mail-enabled group in one paged Get-DistributionGroup (a grant shows a group by its
 * name, so all are needed to recognise one), then, only for the spec's groups and the groups that
 * hold rights on the spec's mailboxes, their direct and transitive members from Graph (two requests
 * each): who reaches a mailbox through which group.
 */
import pMap from 'p-map';
import { lower, smtpAddresses } from '../../m365/exchange/rows.js';
import type { GraphClient } from '../../m365/graph/client.js';
import type { CollectScope } from './scope.js';
import { groupNames, type FullAccessEntry, type GroupFacts, type GroupMemberFacts } from '../snapshot.js';

/** Graph requests for group members at once: few groups hold rights on shared mailboxes. */
const CONCURRENCY = 4;

type Wire = Record<string, unknown>;

export const GROUP_PROPERTIES = ['Name', 'DisplayName', 'PrimarySmtpAddress', 'EmailAddresses', 'RecipientTypeDetails', 'ExternalDirectoryObjectId'];

export function groupFacts(row: Wire): GroupFacts {
  return {
    id: lower(row.ExternalDirectoryObjectId),
    name: lower(row.Name),
    displayName: String(row.DisplayName ?? row.Name ?? ''),
    recipientTypeDetails: String(row.RecipientTypeDetails ?? ''),
    primaryAddress: lower(row.PrimarySmtpAddress),
    smtpAddresses: smtpAddresses(row.EmailAddresses),
  };
}

function memberFacts(row: Wire): GroupMemberFacts {
  const type = String(row['@odata.type'] ?? '');
  const kind = type.endsWith('.user') ? 'user' : type.endsWith('.group') ? 'group' : 'other';
  const address = kind === 'user' ? row.userPrincipalName : row.mail;
  return { id: lower(row.id), kind, address: typeof address === 'string' && address !== '' ? address.toLowerCase() : lower(row.id) };
}

/** The groups given (by primary address) with their members read from Graph. */
export async function withMembers(graph: GraphClient, groups: ReadonlyMap<string, GroupFacts>, wanted: ReadonlySet<string>): Promise<Map<string, GroupFacts>> {
  const select = '$select=id,userPrincipalName,mail,displayName';
  const expand = (addresses: Iterable<string>, transitively: boolean): Promise<([string, GroupFacts] | undefined)[]> =>
    pMap(
      [...addresses].sort(),
      async (address): Promise<[string, GroupFacts] | undefined> => {
        const group = groups.get(address);
        if (group === undefined || group.id === '') return undefined;
        const [members, transitive] = await Promise.all([
          graph.list<Wire>(`/groups/${group.id}/members?${select}`),
          transitively ? graph.list<Wire>(`/groups/${group.id}/transitiveMembers?${select}`) : undefined,
        ]);
        return [
          address,
          { ...group, members: members.map(memberFacts), ...(transitive === undefined ? {} : { transitiveMembers: transitive.map(memberFacts) }) },
        ];
      },
      { concurrency: CONCURRENCY },
    );
  const read = (await expand(wanted, true)).filter((entry) => entry !== undefined);
  // The direct members of the groups nested inside them, so a path names each group it runs through (one request each).
  const nested = new Set(
    read.flatMap(([, group]) =>
      (group.transitiveMembers ?? []).filter((member) => member.kind === 'group' && !wanted.has(member.address)).map((member) => member.address),
    ),
  );
  const all = new Map(groups);
  for (const entry of [...read, ...(await expand(nested, false))]) if (entry !== undefined) all.set(entry[0], entry[1]);
  return all;
}

/**
 * The groups whose members verify needs: the spec's, and those holding Full Access, Send As or
 * Send on Behalf on a spec mailbox, and the scopes of access policies (a grant shows a group by
 * name; any of its names is matched).
 */
export function groupsToExpand(
  spec: CollectScope,
  groups: ReadonlyMap<string, GroupFacts>,
  mailboxRows: readonly Wire[],
  fullAccess: ReadonlyMap<string, readonly FullAccessEntry[]>,
  sendAsRows: readonly Wire[],
  /** Other names to expand: the scopes of application access policies. */
  extra: readonly string[] = [],
): Set<string> {
  const byName = new Map<string, string>();
  for (const group of groups.values()) for (const key of groupNames(group)) byName.set(key, group.primaryAddress);
  const wanted = new Set<string>();
  const note = (shown: unknown): void => {
    const found = byName.get(lower(shown));
    if (found !== undefined) wanted.add(found);
  };
  for (const group of spec.groups) note(group.address);
  for (const name of extra) note(name);
  const specAddresses = new Set(spec.sharedMailboxes.map((mailbox) => mailbox.address));
  const specNames = new Set<string>();
  for (const row of mailboxRows) {
    if (!smtpAddresses(row.EmailAddresses).some((address) => specAddresses.has(address)) && !specAddresses.has(lower(row.PrimarySmtpAddress))) continue;
    specNames.add(lower(row.Name));
    for (const trustee of Array.isArray(row.GrantSendOnBehalfTo) ? row.GrantSendOnBehalfTo : []) note(trustee);
  }
  for (const entries of fullAccess.values()) for (const entry of entries) note(entry.trustee);
  for (const row of sendAsRows) if (specNames.has(lower(row.Identity))) note(row.Trustee);
  return wanted;
}
