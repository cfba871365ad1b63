/** MBX.FORWARDING.1: forwarding is as declared. See MBX.FORWARDING.1.md. */
import type { MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.FORWARDING.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    const expected =
      mailbox.forwarding === undefined ? 'none' : `${mailbox.forwarding.address} (${mailbox.forwarding.keepCopy ? 'keeping a copy' : 'without a copy'})`;
    const actual =
      facts?.forwardingSmtpAddress == null
        ? 'none'
        : `${facts.forwardingSmtpAddress} (${facts.deliverToMailboxAndForward ? 'keeping a copy' : 'without a copy'})`;
    const evidence = { ForwardingSmtpAddress: facts?.forwardingSmtpAddress ?? null, DeliverToMailboxAndForward: facts?.deliverToMailboxAndForward ?? false };
    const pointer = mailbox.forwarding === undefined ? mailbox.pointer : `${mailbox.pointer}/forwarding`;
    if (expected === actual)
      return [
        {
          status: 'pass',
          expected,
          actual,
          message: `Forwarding of ${mailbox.address} is ${actual === 'none' ? 'off' : actual}, as declared.`,
          evidence,
          pointer,
        },
      ];
    const forward = mailbox.forwarding;
    return [
      {
        status: 'fail',
        expected,
        actual,
        message:
          forward === undefined
            ? `${mailbox.address} forwards its mail to ${actual}, which the spec does not declare: mail leaves the mailbox unseen.`
            : `${mailbox.address} forwards to ${actual}, but the spec says ${expected}.`,
        remediation: {
          spec: forward === undefined ? 'Declare forwarding on the mailbox if it is wanted.' : undefined,
          pulumi: 'pulumi up sets forwarding as the spec says.',
          powershell:
            forward === undefined
              ? `Set-Mailbox -Identity ${mailbox.address} -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false`
              : `Set-Mailbox -Identity ${mailbox.address} -ForwardingSmtpAddress ${forward.address} -DeliverToMailboxAndForward $${String(forward.keepCopy)}`,
        },
        evidence,
        pointer,
      },
    ];
  },
};
