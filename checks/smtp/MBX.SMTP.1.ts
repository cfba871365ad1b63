/** MBX.SMTP.1: SMTP submission as the client sends from the shared address. See MBX.SMTP.1.md. */
import { cleanUpFinding, ms, probeCheck, total, who } from '../probe.js';

export const check = probeCheck(
  'MBX.SMTP.1',
  'smtp',
  (action, run, mailbox) =>
    `${who(run)} ${run.probe.onBehalf === true ? 'sent on behalf of' : 'sent as'} ${action.from ?? mailbox.address} over SMTP (STARTTLS, XOAUTH2 as ${run.probe.login ?? mailbox.address}) in ${ms(total(action))}.`,
  // Probe messages that could not be deleted are reported once, here, where they were sent.
  (mailbox, { snapshot }) => cleanUpFinding(mailbox, snapshot),
);
