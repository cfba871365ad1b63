/** MBX.EXIST.1: the shared mailbox exists and is a SharedMailbox. See MBX.EXIST.1.md. */
import type { MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.EXIST.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  runsWithoutMailbox: true,
  run(mailbox, facts) {
    if (facts === undefined) {
      return [
        {
          status: 'fail',
          expected: 'SharedMailbox',
          actual: 'missing',
          message: `No mailbox has the address ${mailbox.address}, as its primary or as an alias.`,
          remediation: {
            spec: 'Keep the mailbox in the spec and run pulumi up, or correct its address.',
            pulumi: 'pulumi up creates the shared mailbox and blocks its sign-in.',
            powershell: `New-Mailbox -Shared -Name "${mailbox.displayName}" -PrimarySmtpAddress ${mailbox.address}`,
          },
        },
      ];
    }
    const evidence = { Guid: facts.guid, RecipientTypeDetails: facts.recipientTypeDetails, PrimarySmtpAddress: facts.primaryAddress };
    if (facts.recipientTypeDetails !== 'SharedMailbox') {
      return [
        {
          status: 'fail',
          expected: 'SharedMailbox',
          actual: facts.recipientTypeDetails,
          message: `${mailbox.address} belongs to a ${facts.recipientTypeDetails}${facts.primaryAddress === mailbox.address ? '' : ` (${facts.primaryAddress})`}, not a shared mailbox.`,
          remediation: { spec: 'Correct the address if it names the wrong mailbox.', powershell: `Set-Mailbox -Identity ${facts.primaryAddress} -Type Shared` },
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        expected: 'SharedMailbox',
        actual: facts.recipientTypeDetails,
        message:
          facts.primaryAddress === mailbox.address
            ? `${mailbox.address} exists and is a shared mailbox.`
            : `${mailbox.address} belongs to the shared mailbox ${facts.primaryAddress}, as a secondary address (MBX.ALIASES.1 reports the primary).`,
        evidence,
      },
    ];
  },
};
