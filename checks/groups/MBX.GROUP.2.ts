/** MBX.GROUP.2: who reaches the mailbox through a group is whom the spec expects. See MBX.GROUP.2.md. */
import { declaredUsersOf } from '../../src/spec/groups.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { groupOf, isSecurityGroup, type GroupFacts } from '../../src/verify/snapshot.js';

/** At most this many names in a message; the evidence has them all. */
const NAMED = 10;

const listed = (names: readonly string[]): string =>
  names.length <= NAMED ? names.join(', ') : `${names.slice(0, NAMED).join(', ')} and ${names.length - NAMED} more`;

export const check: MailboxCheck = {
  id: 'MBX.GROUP.2',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.fullAccess', 'exchange.sendAs', 'exchange.groups', 'graph.groupMembers'],
  run(mailbox, facts, { spec, snapshot }) {
    if (facts === undefined) return [];
    const shown: [string, readonly string[]][] = [
      ['Full Access', (snapshot.fullAccess.get(mailbox.address) ?? []).filter((entry) => !entry.deny && !entry.inherited).map((entry) => entry.trustee)],
      ['Send As', snapshot.sendAs.get(facts.name) ?? []],
      ['Send on Behalf', facts.grantSendOnBehalfTo],
    ];
    const holding = new Map<string, { group: GroupFacts; rights: string[] }>();
    for (const [right, trustees] of shown)
      for (const trustee of trustees) {
        const group = groupOf(snapshot, trustee);
        // A distribution group's grant reaches nobody: MBX.GROUP.1 or the grant checks report it.
        if (group === undefined || !isSecurityGroup(group)) continue;
        const entry = holding.get(group.primaryAddress) ?? { group, rights: [] };
        if (!entry.rights.includes(right)) entry.rights.push(right);
        holding.set(group.primaryAddress, entry);
      }
    if (holding.size === 0) return [{ status: 'skip', skipReason: 'not-applicable', message: `No group holds rights on ${mailbox.address}.` }];

    const findings: Finding[] = [];
    for (const { group, rights } of [...holding.values()].sort((a, b) => a.group.primaryAddress.localeCompare(b.group.primaryAddress))) {
      const users = (group.transitiveMembers ?? [])
        .filter((member) => member.kind === 'user')
        .map((member) => member.address)
        .sort();
      const what = rights.join(' and ');
      const evidence = { group: group.primaryAddress, rights, users };
      const declared = spec.groups.find((candidate) => candidate.address === group.primaryAddress);
      const expected = declared === undefined ? undefined : declaredUsersOf(spec, declared.address);
      const unexpected = expected === undefined || expected.open ? [] : users.filter((user) => !expected.users.has(user));
      for (const user of unexpected) {
        // The group the user is a direct member of, where mbx read its members; else the group holding the right.
        const direct =
          [group, ...(group.transitiveMembers ?? []).filter((member) => member.kind === 'group').map((member) => groupOf(snapshot, member.address))].find(
            (candidate) => candidate?.members?.some((member) => member.address === user),
          ) ?? group;
        findings.push({
          status: 'fail',
          subject: user,
          expected: 'not reaching',
          actual: `${what} through ${group.primaryAddress}`,
          message: `${user} reaches ${mailbox.address} (${what}) through the group ${group.primaryAddress}${direct === group ? '' : ` (as a member of ${direct.primaryAddress})`}, which the spec does not expect: it is not among the group's declared members.`,
          remediation: {
            spec: `Add ${user} to the members of ${direct.primaryAddress} if the access is wanted.`,
            pulumi: 'pulumi up removes members the spec does not declare.',
            powershell: `Remove-DistributionGroupMember -Identity ${direct.primaryAddress} -Member ${user} -BypassSecurityGroupManagerCheck -Confirm:$false`,
          },
          evidence,
          pointer: declared?.pointer,
        });
      }
      if (unexpected.length === 0)
        findings.push({
          status: 'pass',
          subject: group.primaryAddress,
          expected: expected === undefined || expected.open ? 'the group as the tenant holds it' : [...expected.users].sort(),
          actual: users,
          message:
            users.length === 0
              ? `The group ${group.primaryAddress} holds ${what} on ${mailbox.address}, and has no users in it.`
              : `${users.length} user${users.length === 1 ? '' : 's'} reach${users.length === 1 ? 'es' : ''} ${mailbox.address} (${what}) through the group ${group.primaryAddress}: ${listed(users)}.`,
          evidence,
          ...(declared === undefined ? {} : { pointer: declared.pointer }),
        });
    }
    // Autodiscover does not enumerate groups (Add-MailboxPermission.md): Outlook users reaching through one add the mailbox by hand.
    const outlook = mailbox.clients.find((client) => client.profile === 'outlook');
    const fullAccessGroups = [...holding.values()].filter((entry) => entry.rights.includes('Full Access')).map((entry) => entry.group.primaryAddress);
    if (outlook !== undefined && fullAccessGroups.length > 0)
      findings.push({
        status: 'warn',
        subject: 'auto-mapping',
        expected: 'Full Access granted to people',
        actual: `Full Access through ${fullAccessGroups.join(', ')}`,
        message: `${mailbox.address} is opened in Outlook, but Outlook does not auto-map a mailbox granted through a group (${fullAccessGroups.join(', ')}): its members add it by hand.`,
        remediation: {
          spec: 'Grant the Outlook users Full Access directly, with autoMapping: true.',
          powershell: `Add-MailboxPermission -Identity ${mailbox.address} -User <user> -AccessRights FullAccess -AutoMapping $true`,
        },
        pointer: outlook.pointer,
      });
    return findings;
  },
};
