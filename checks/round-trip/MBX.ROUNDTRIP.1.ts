/** MBX.ROUNDTRIP.1: a probe message sent by SMTP arrives in the mailbox. See MBX.ROUNDTRIP.1.md. */
import { ms, probeCheck, total, who } from '../probe.js';

export const check = probeCheck('MBX.ROUNDTRIP.1', 'round-trip', (action, run, mailbox) => {
  if (action.from !== undefined) return `${who(run)} sent the round trip's probe message as ${action.from} in ${ms(total(action))}.`;
  const detail = action.outcome.ok ? action.outcome.detail : {};
  const copy = detail.sentItemsCopy === true ? ", and its copy is in Sent Items, as the spec's sentItemsCopy asks" : '';
  return `The probe message sent by SMTP arrived in ${mailbox.address}'s INBOX ${ms(Number(detail.roundTripMs))} after submission${copy}.`;
});
