/** MBX.SENDFROMALIAS.1: SendFromAliasEnabled is on where aliases are sent from. See MBX.SENDFROMALIAS.1.md. */
import type { OrganizationCheck } from '../../src/verify/model.js';

export const check: OrganizationCheck = {
  id: 'MBX.SENDFROMALIAS.1',
  scope: 'organization',
  sources: ['exchange.organization'],
  run({ spec, snapshot }) {
    const senders = spec.sharedMailboxes
      .filter((mailbox) => mailbox.clients.some((client) => client.sendFromAliases.length > 0))
      .map((mailbox) => mailbox.address);
    const expected = spec.organization.sendFromAliasEnabled;
    const actual = snapshot.organization?.sendFromAliasEnabled ?? false;
    const evidence = { SendFromAliasEnabled: actual, mailboxesSendingFromAliases: senders };
    const pointer = '/organization/sendFromAliasEnabled';
    if (expected === actual)
      return [
        {
          status: 'pass',
          subject: 'SendFromAliasEnabled',
          expected,
          actual,
          message: `SendFromAliasEnabled is ${String(actual)}, as declared.`,
          evidence,
          pointer,
        },
      ];
    return [
      {
        status: 'fail',
        subject: 'SendFromAliasEnabled',
        expected,
        actual,
        message: expected
          ? `SendFromAliasEnabled is off: mail sent from an alias leaves with the primary address or is refused with 554 5.2.252 SendAsDenied${senders.length > 0 ? ` (clients of ${senders.join(', ')} send from aliases)` : ''}.`
          : 'SendFromAliasEnabled is on, which the spec does not declare.',
        remediation: {
          spec: 'organization: sendFromAliasEnabled',
          pulumi: 'pulumi up sets the organization config.',
          powershell: `Set-OrganizationConfig -SendFromAliasEnabled $${String(expected)}`,
        },
        evidence,
        pointer,
      },
    ];
  },
};
