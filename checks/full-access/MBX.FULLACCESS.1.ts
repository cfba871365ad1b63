/** MBX.FULLACCESS.1: Full Access is granted exactly as declared. See MBX.FULLACCESS.1.md. */
import { type MailboxCheck } from '../../src/verify/model.js';
import { GRANT_COMMANDS, compareGrants } from '../check.js';

export const check: MailboxCheck = {
  id: 'MBX.FULLACCESS.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.fullAccess', 'graph.applications', 'exchange.servicePrincipals'],
  run(mailbox, _facts, { spec, snapshot }) {
    const entries = snapshot.fullAccess.get(mailbox.address) ?? [];
    return compareGrants({
      right: 'Full Access',
      declared: mailbox.fullAccess,
      actual: entries.filter((entry) => !entry.deny && !entry.inherited).map((entry) => entry.trustee),
      mailbox,
      spec,
      snapshot,
      add: (trustee) => GRANT_COMMANDS.fullAccess.add(mailbox.address, trustee),
      remove: (trustee) => GRANT_COMMANDS.fullAccess.remove(mailbox.address, trustee),
    });
  },
};
