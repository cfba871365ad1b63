/** MBX.ACCESS.3: each client's user holds the rights its profile needs, through some path. See MBX.ACCESS.3.md. */
import { accessModelOf } from '../../src/access/index.js';
import type { AccessPath, Right } from '../../src/access/model.js';
import type { MailboxRight } from '../../src/profiles/types.js';
import type { SharedMailbox, Spec } from '../../src/spec/types.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { groupOf, isSecurityGroup, type TenantSnapshot } from '../../src/verify/snapshot.js';

const MODEL_RIGHT: Readonly<Record<MailboxRight, Right>> = { fullAccess: 'read', sendAs: 'send-as', sendOnBehalf: 'send-on-behalf' };
const GRANT_WORDS: Readonly<Record<MailboxRight, string>> = { fullAccess: 'Full Access', sendAs: 'Send As', sendOnBehalf: 'Send on Behalf' };

/** The rights each client's named user needs on the mailbox, with the client's pointer. */
function needs(mailbox: SharedMailbox): { readonly user: string; readonly right: MailboxRight; readonly pointer: string; readonly profile: string }[] {
  const found = new Map<string, { user: string; right: MailboxRight; pointer: string; profile: string }>();
  for (const client of mailbox.clients) {
    if (client.user === undefined) continue;
    for (const mode of client.modes) {
      const rights = mode.identity === 'delegate' ? mode.rights : (mode.userRights ?? []);
      for (const right of rights) found.set(`${client.user} ${right}`, { user: client.user, right, pointer: client.pointer, profile: client.profile });
    }
  }
  return [...found.values()];
}

/**
 * Why a declared way in does not reach the user: the spec's grant of the right on the mailbox is
 * missing from the tenant, names a distribution group, or a group the user is in no longer holds
 * the user (the member who left the innermost group of three).
 */
const GRANT_CHECK: Readonly<Record<MailboxRight, string>> = { fullAccess: 'MBX.FULLACCESS.1', sendAs: 'MBX.SENDAS.1', sendOnBehalf: 'MBX.SENDONBEHALF.1' };

/** The grant check that reports a missing direct grant of the right to the user, where the spec declares one. */
function directGrantCheck(mailbox: SharedMailbox, user: string, right: MailboxRight): string | undefined {
  return mailbox[right].some((grant) => grant.trustee === user) ? GRANT_CHECK[right] : undefined;
}

function brokenLink(spec: Spec, snapshot: TenantSnapshot, mailbox: SharedMailbox, user: string, right: MailboxRight): string {
  const grants = mailbox[right];
  if (grants.length === 0) return `the spec grants ${GRANT_WORDS[right]} on ${mailbox.address} to nobody`;
  const reasons = grants.map((grant) => {
    if (grant.trustee === user) return `the spec grants it to ${user} directly, and the tenant does not hold that grant (${GRANT_CHECK[right]})`;
    const group = groupOf(snapshot, grant.trustee);
    if (group === undefined) return `${grant.trustee} does not exist in the tenant`;
    if (!isSecurityGroup(group)) return `${grant.trustee} is a distribution group, whose grants reach nobody`;
    const declared = spec.groups.find((candidate) => candidate.address === group.primaryAddress);
    const inside = (declared?.members ?? []).filter((member) => spec.groups.some((candidate) => candidate.address === member));
    return `${user} is not a member of ${grant.trustee}${inside.length > 0 ? ` or of the groups inside it (${inside.join(', ')})` : ''}`;
  });
  return reasons.join('; ');
}

export const check: MailboxCheck = {
  id: 'MBX.ACCESS.3',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.fullAccess', 'exchange.sendAs', 'exchange.groups', 'graph.groupMembers'],
  run(mailbox, _facts, { spec, snapshot }) {
    const wanted = needs(mailbox);
    if (wanted.length === 0)
      return [{ status: 'skip', skipReason: 'not-applicable', message: `No client of ${mailbox.address} names a user who needs rights on it.` }];
    const into = accessModelOf(spec, snapshot).into(mailbox.address);
    return wanted.map(({ user, right, pointer, profile }): Finding => {
      const paths = into.filter((path: AccessPath) => path.principal.id === user && path.rights.includes(MODEL_RIGHT[right]));
      const subject = `${user} ${GRANT_WORDS[right]}`;
      if (paths.length > 0)
        return {
          status: 'pass',
          subject,
          expected: GRANT_WORDS[right],
          actual: paths.map((path) => path.via).join('; '),
          message: `${user} holds ${GRANT_WORDS[right]} on ${mailbox.address}, which its ${profile} client needs, through ${paths.map((path) => path.via).join('; ')}.`,
          evidence: { paths: paths.map((path) => path.via) },
          pointer,
        };
      // A direct grant the tenant lost is its grant check's to report; this check adds the paths through groups.
      const owner = directGrantCheck(mailbox, user, right);
      if (owner !== undefined)
        return {
          status: 'skip',
          skipReason: 'depends-on',
          subject,
          message: `${user} lacks the direct ${GRANT_WORDS[right]} grant the spec declares; ${owner} reports it.`,
          pointer,
        };
      return {
        status: 'fail',
        subject,
        expected: GRANT_WORDS[right],
        actual: 'no path',
        message: `${user} does not hold ${GRANT_WORDS[right]} on ${mailbox.address} through any path, so its ${profile} client cannot work: ${brokenLink(spec, snapshot, mailbox, user, right)}.`,
        remediation: {
          spec: `Grant ${GRANT_WORDS[right]} to ${user} (or to a group it is in) in the spec, or put it back into the group.`,
          pulumi: 'pulumi up grants what the spec declares and sets the members of the groups whose members the spec lists.',
          powershell:
            right === 'fullAccess'
              ? `Add-MailboxPermission -Identity ${mailbox.address} -User ${user} -AccessRights FullAccess -AutoMapping $false`
              : right === 'sendAs'
                ? `Add-RecipientPermission -Identity ${mailbox.address} -Trustee ${user} -AccessRights SendAs -Confirm:$false`
                : `Set-Mailbox -Identity ${mailbox.address} -GrantSendOnBehalfTo @{Add='${user}'}`,
        },
        pointer,
      };
    });
  },
};
