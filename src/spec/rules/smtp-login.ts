import { warning, pointerJoin, type SpecFinding } from '../diagnostics.js';
import { smtpLoginOf } from '../sign-in.js';
import type { Rule } from './rule.js';

/**
 * A delegate client that signs in to SMTP as the shared address: Exchange takes that for IMAP and
 * POP, but answers SMTP AUTH with 535 5.7.3 for a delegate's token (nextcloud/mail#13668;
 * Foundry376/Mailspring-Sync#116; jstedfast/MailKit#1770). The client must sign in as the delegate.
 */
export const smtpLogin: Rule = {
  id: 'smtp-login',
  description: 'A delegate client signs in to SMTP as the delegate, never as the shared address (Exchange answers 535 5.7.3).',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes)
      for (const client of mailbox.clients) {
        const login = smtpLoginOf(mailbox, client);
        if (login?.refused !== true || client.smtpLogin !== 'shared') continue;
        findings.push(
          warning(
            'SPEC_SMTP_LOGIN_SHARED',
            pointerJoin(client.pointer, 'smtpLogin'),
            `${mailbox.address}'s ${client.profile} client signs in to SMTP as ${mailbox.address} with ${client.user ?? 'its delegate'}'s token, which Exchange refuses with 535 5.7.3; set the client's SMTP user to ${client.user ?? 'the delegate'} (smtpLogin: delegate) and keep From ${mailbox.address}`,
          ),
        );
      }
    return findings;
  },
};
