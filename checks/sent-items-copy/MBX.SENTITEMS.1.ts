/** MBX.SENTITEMS.1: sent-items copies are set as declared. See MBX.SENTITEMS.1.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.SENTITEMS.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    const settings = [
      {
        name: 'MessageCopyForSentAsEnabled',
        expected: mailbox.sentItemsCopy.sendAs,
        actual: facts?.messageCopyForSentAsEnabled ?? false,
        pointer: `${mailbox.pointer}/sentItemsCopy/sendAs`,
      },
      {
        name: 'MessageCopyForSendOnBehalfEnabled',
        expected: mailbox.sentItemsCopy.sendOnBehalf,
        actual: facts?.messageCopyForSendOnBehalfEnabled ?? false,
        pointer: `${mailbox.pointer}/sentItemsCopy/sendOnBehalf`,
      },
    ];
    return settings.map(({ name, expected, actual, pointer }): Finding => {
      if (expected === actual)
        return { status: 'pass', subject: name, expected, actual, message: `${name} is ${String(actual)} on ${mailbox.address}, as declared.`, pointer };
      return {
        status: 'fail',
        subject: name,
        expected,
        actual,
        message: expected
          ? `${name} is off on ${mailbox.address}: messages sent from it by delegates are kept only in the delegate's own Sent Items.`
          : `${name} is on on ${mailbox.address}, which the spec does not declare.`,
        remediation: {
          spec: `sentItemsCopy: { ${name === 'MessageCopyForSentAsEnabled' ? 'sendAs' : 'sendOnBehalf'}: ${String(actual)} } if this is wanted.`,
          pulumi: 'pulumi up sets it as the spec says.',
          powershell: `Set-Mailbox -Identity ${mailbox.address} -${name} $${String(expected)}`,
        },
        evidence: { [name]: actual },
        pointer,
      };
    });
  },
};
