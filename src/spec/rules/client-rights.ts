import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Client, SharedMailbox, Spec } from '../types.js';
import { describePrincipal, holds, requiredGrants, RIGHT_WORDS, type Rule } from './rule.js';
import { sendsWithoutFullAccess } from './send-without-full-access.js';
import type { MailboxRight } from '../../profiles/index.js';

function missing(spec: Spec, mailbox: SharedMailbox, client: Client): Array<{ principal: string; right: MailboxRight }> {
  const gaps = new Map<string, { principal: string; right: MailboxRight }>();
  for (const { principal, rights } of requiredGrants(client)) {
    for (const right of rights) {
      if (holds(spec, mailbox, right, principal)) continue;
      // send-without-full-access reports this gap, with the grant it concerns.
      if (right === 'fullAccess' && sendsWithoutFullAccess(spec, mailbox, principal)) continue;
      gaps.set(`${principal}/${right}`, { principal, right });
    }
  }
  return [...gaps.values()];
}

/**
 * Each client's identity must hold the rights its profile needs on the mailbox: a delegate that
 * reads needs Full Access, one that sends as the shared address needs Send As, and an app that
 * reads over IMAP needs Full Access for its Exchange service principal. Outlook needs at least
 * one Full Access grant, or nobody can open the mailbox.
 */
export const clientRights: Rule = {
  id: 'client-rights',
  description: "A client's identity must hold every mailbox right its profile needs.",
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const client of mailbox.clients) {
        for (const { principal, right } of missing(spec, mailbox, client)) {
          findings.push(
            error(
              'SPEC_CLIENT_RIGHTS_MISSING',
              client.pointer,
              `${mailbox.address}'s ${client.profile} client signs in as ${describePrincipal(principal)}, which needs ${RIGHT_WORDS[right]}; add ${principal} to ${right}`,
            ),
          );
        }
        const outlookUser = client.modes.some((mode) => mode.way === 'outlook');
        if (outlookUser && (client.user ? !holds(spec, mailbox, 'fullAccess', client.user) : mailbox.fullAccess.length === 0)) {
          findings.push(
            error(
              'SPEC_CLIENT_RIGHTS_MISSING',
              client.user ? pointerJoin(client.pointer, 'user') : client.pointer,
              `${mailbox.address} is opened in Outlook, but ${client.user ?? 'nobody'} has Full Access; add the people who open it to fullAccess`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
