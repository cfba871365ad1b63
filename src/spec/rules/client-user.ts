import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/**
 * A client that signs in as a user (a delegate, or a service account such as Genesys ESJ's) must
 * name that user, and the user must be declared so its licence can be checked. Outlook is opened
 * by every Full Access user, so it names none.
 */
export const clientUser: Rule = {
  id: 'client-user',
  description: 'A delegate client must name its user, and that user must be declared under users.',
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const client of mailbox.clients) {
        const needsUser = client.modes.some((mode) => (mode.identity === 'delegate' && mode.way !== 'outlook') || mode.userRights);
        if (client.user === undefined) {
          if (needsUser)
            findings.push(
              error(
                'SPEC_CLIENT_USER_MISSING',
                client.pointer,
                `${mailbox.address}'s ${client.profile} client signs in as a user but names none; add user: <the delegate's address>`,
              ),
            );
        } else if (!context.users.has(client.user)) {
          findings.push(
            error(
              'SPEC_UNKNOWN_TRUSTEE',
              pointerJoin(client.pointer, 'user'),
              `${mailbox.address}'s ${client.profile} client signs in as ${client.user}, who is not declared; add ${client.user} under users with the licence it holds`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
