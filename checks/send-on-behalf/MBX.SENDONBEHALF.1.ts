/** MBX.SENDONBEHALF.1: Send on Behalf is granted exactly as declared. See MBX.SENDONBEHALF.1.md. */
import { type MailboxCheck } from '../../src/verify/model.js';
import { GRANT_COMMANDS, compareGrants } from '../check.js';

export const check: MailboxCheck = {
  id: 'MBX.SENDONBEHALF.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts, { spec, snapshot }) {
    return compareGrants({
      right: 'Send on Behalf',
      declared: mailbox.sendOnBehalf,
      actual: facts?.grantSendOnBehalfTo ?? [],
      mailbox,
      spec,
      snapshot,
      add: (trustee) => GRANT_COMMANDS.sendOnBehalf.add(mailbox.address, trustee),
      remove: (trustee) => GRANT_COMMANDS.sendOnBehalf.remove(mailbox.address, trustee),
    });
  },
};
