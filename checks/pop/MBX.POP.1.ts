/** MBX.POP.1: a POP login as the client opens the mailbox. See MBX.POP.1.md. */
import { ms, probeCheck, total, who } from '../probe.js';

export const check = probeCheck('MBX.POP.1', 'pop', (action, run, mailbox) => {
  const detail = action.outcome.ok ? action.outcome.detail : {};
  return `${who(run)} signed in to ${mailbox.address} over POP3 with OAuth 2.0; STAT and UIDL answered (${String(detail.messages)} messages) in ${ms(total(action))}.`;
});
