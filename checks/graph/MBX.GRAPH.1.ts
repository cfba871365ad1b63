/** MBX.GRAPH.1: Microsoft Graph as the client lists and sends mail for the mailbox. See MBX.GRAPH.1.md. */
import { cleanUpFinding, ms, probeCheck, total, who } from '../probe.js';

export const check = probeCheck(
  'MBX.GRAPH.1',
  'graph',
  (action, run, mailbox) =>
    action.from === undefined
      ? `${who(run)} listed the messages of ${mailbox.address} through Microsoft Graph in ${ms(total(action))}.`
      : `${who(run)} sent from ${action.from} to ${mailbox.address} through Microsoft Graph in ${ms(total(action))}.`,
  // Reported under SMTP when the mailbox has an SMTP probe, so a leftover is named once.
  (mailbox, { snapshot }) => (mailbox.probes.includes('smtp') ? [] : cleanUpFinding(mailbox, snapshot)),
);
