import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** Bp Event: "Set an individual Recycle bin folder (only possible with IMAP)", likewise spam and sent. */
export const foldersNeedImap: Rule = {
  id: 'folders-need-imap',
  description: 'Client folders (trash, spam, sent) are only possible when the client reads over IMAP.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const client of mailbox.clients) {
        if (!client.folders || client.inbound === 'imap' || client.inbound === 'imap-download') continue;
        findings.push(
          error(
            'SPEC_FOLDERS_NEED_IMAP',
            pointerJoin(client.pointer, 'folders'),
            `${mailbox.address}'s ${client.profile} client reads over ${client.inbound}, but folders only work over IMAP; set inbound: imap or remove folders`,
          ),
        );
      }
    }
    return findings;
  },
};
