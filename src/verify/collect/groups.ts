/**
 * Groups: every mail-enabled group in one paged Get-DistributionGroup (a grant shows a group by its
 * name, so all are needed to recognise one), then, only for the spec's groups and the groups that
 * hold rights on the spec's mailboxes, their direct and transitive members from Graph (two requests
 * each): who reaches a mailbox through which group.
 */
import pMap from 'p-map';
import { lower, smtpAddresses } from '../../m365/exchange/rows.js';
import type { GraphClient } from '../../m365/graph/client.js';
import type { GroupFacts, GroupMemberFacts } from '../snapshot.js';

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
  const read = await pMap(
    [...wanted].sort(),
    async (address): Promise<[string, GroupFacts] | undefined> => {
      const group = groups.get(address);
      if (group === undefined || group.id === '') return undefined;
      const select = '$select=id,userPrincipalName,mail,displayName';
      const [members, transitive] = await Promise.all([
        graph.list<Wire>(`/groups/${group.id}/members?${select}`),
        graph.list<Wire>(`/groups/${group.id}/transitiveMembers?${select}`),
      ]);
      return [address, { ...group, members: members.map(memberFacts), transitiveMembers: transitive.map(memberFacts) }];
    },
    { concurrency: CONCURRENCY },
  );
  const all = new Map(groups);
  for (const entry of read) if (entry !== undefined) all.set(entry[0], entry[1]);
  return all;
}
