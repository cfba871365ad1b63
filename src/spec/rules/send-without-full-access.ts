import { error, type SpecFinding } from '../diagnostics.js';
import type { Client, SharedMailbox, Spec } from '../types.js';
import { describePrincipal, holds, requiredGrants, type Rule } from './rule.js';
import type { MailboxRight } from '../../profiles/index.js';

const SEND_RIGHTS: MailboxRight[] = ['sendAs', 'sendOnBehalf'];
const SEND_VERBS: Record<string, string> = { sendAs: 'send as', sendOnBehalf: 'send on behalf of' };

/** The principals of a client whose modes need Full Access together with a send right. */
function principalsNeedingBoth(client: Client): string[] {
  const needBoth = requiredGrants(client).filter(({ rights }) => rights.includes('fullAccess') && rights.some((right) => SEND_RIGHTS.includes(right)));
  return [...new Set(needBoth.map(({ principal }) => principal))];
}

/** Whether this rule reports the principal, so client-rights does not report the same gap again. */
export function sendsWithoutFullAccess(spec: Spec, mailbox: SharedMailbox, principal: string): boolean {
  return !holds(spec, mailbox, 'fullAccess', principal) && SEND_RIGHTS.some((right) => holds(spec, mailbox, right, principal));
}

export const sendWithoutFullAccess: Rule = {
  id: 'send-without-full-access',
  description: 'Where a client profile needs both, a trustee with Send As or Send on Behalf must also have Full Access.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      const reported = new Set<string>();
      for (const client of mailbox.clients) {
        for (const principal of principalsNeedingBoth(client)) {
          if (reported.has(principal) || !sendsWithoutFullAccess(spec, mailbox, principal)) continue;
          reported.add(principal);
          const right = SEND_RIGHTS.find((r) => holds(spec, mailbox, r, principal))!;
          const grant = (right === 'sendAs' ? mailbox.sendAs : mailbox.sendOnBehalf).find((g) => g.trustee === principal)!;
          findings.push(
            error(
              'SPEC_SEND_WITHOUT_FULL_ACCESS',
              grant.pointer,
              `${describePrincipal(principal)} may ${SEND_VERBS[right]} ${mailbox.address} but has no Full Access, and ${client.profile} needs both; add { trustee: ${principal} } to fullAccess`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
