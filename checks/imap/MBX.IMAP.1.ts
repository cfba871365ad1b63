/** MBX.IMAP.1: an IMAP login as the client opens the mailbox. See MBX.IMAP.1.md. */
import { ms, probeCheck, total, who } from '../probe.js';

export const check = probeCheck('MBX.IMAP.1', 'imap', (action, run, mailbox) => {
  const detail = action.outcome.ok ? action.outcome.detail : {};
  return `${who(run)} logged in to ${mailbox.address} over IMAP with OAuth 2.0, found ${(run.probe.folders ?? []).join(', ')} and opened INBOX (${String(detail.messages)} messages) in ${ms(total(action))}.`;
});
