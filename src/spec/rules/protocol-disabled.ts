import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';
import type { MailboxProtocol } from '../../profiles/index.js';

const WORDS: Record<MailboxProtocol, string> = { imap: 'IMAP', pop: 'POP3', smtpAuth: 'SMTP AUTH' };

export const protocolDisabled: Rule = {
  id: 'protocol-disabled',
  description: 'A mailbox may not switch off a protocol one of its clients needs.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const protocol of mailbox.neededProtocols) {
        if (mailbox.protocols[protocol] !== false) continue;
        const users = mailbox.clients
          .filter((c) => c.modes.some((m) => m.protocols.includes(protocol)) || (protocol === 'smtpAuth' && c.smtpLogin === 'shared'))
          .map((c) => c.profile);
        findings.push(
          error(
            'SPEC_PROTOCOL_DISABLED',
            pointerJoin(mailbox.pointer, 'protocols', protocol),
            `${mailbox.address}'s ${[...new Set(users)].join(' and ')} client needs ${WORDS[protocol]}, but protocols.${protocol} is false; set it to true or remove it`,
          ),
        );
      }
    }
    return findings;
  },
};
