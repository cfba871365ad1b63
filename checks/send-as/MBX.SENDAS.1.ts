/** MBX.SENDAS.1: Send As is granted exactly as declared. See MBX.SENDAS.1.md. */
import { type MailboxCheck } from '../../src/verify/model.js';
import { GRANT_COMMANDS, compareGrants } from '../check.js';

export const check: MailboxCheck = {
  id: 'MBX.SENDAS.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.sendAs', 'graph.applications', 'exchange.servicePrincipals'],
  run(mailbox, facts, { spec, snapshot }) {
    return compareGrants({
      right: 'Send As',
      declared: mailbox.sendAs,
      actual: snapshot.sendAs.get(facts?.name ?? '') ?? [],
      mailbox,
      spec,
      snapshot,
      add: (trustee) => GRANT_COMMANDS.sendAs.add(mailbox.address, trustee),
      remove: (trustee) => GRANT_COMMANDS.sendAs.remove(mailbox.address, trustee),
    });
  },
};
