/** MBX.ADDRESSLIST.1: the mailbox shows in the address lists as declared: its display name, or hidden. See MBX.ADDRESSLIST.1.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.ADDRESSLIST.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    if (facts === undefined) return [];
    const word = (hidden: boolean): string => (hidden ? 'hidden' : 'listed');
    const expected = word(mailbox.hiddenFromAddressLists);
    const actual = word(facts.hiddenFromAddressListsEnabled);
    const evidence = { HiddenFromAddressListsEnabled: facts.hiddenFromAddressListsEnabled };
    const pointer = `${mailbox.pointer}/hiddenFromAddressLists`;
    const findings: Finding[] = [];
    if (facts.displayName !== mailbox.displayName)
      findings.push({
        status: 'fail',
        subject: 'DisplayName',
        expected: mailbox.displayName,
        actual: facts.displayName,
        message: `${mailbox.address} shows in the address lists and in its recipients' mail as "${facts.displayName}", not "${mailbox.displayName}" as declared.`,
        remediation: {
          spec: `displayName: ${JSON.stringify(facts.displayName)} if that name is wanted.`,
          pulumi: 'pulumi up sets the display name the spec declares.',
          powershell: `Set-Mailbox -Identity ${facts.primaryAddress} -DisplayName "${mailbox.displayName.replace(/"/g, '`"')}"`,
        },
        evidence: { DisplayName: facts.displayName },
        pointer: `${mailbox.pointer}/displayName`,
      });
    if (expected !== actual) {
      findings.push({
        status: 'fail',
        subject: 'HiddenFromAddressListsEnabled',
        expected,
        actual,
        message: facts.hiddenFromAddressListsEnabled
          ? `${mailbox.address} is hidden from the address lists, which the spec does not declare: people cannot find it, and Outlook fails to open it or send as it for those granted rights (m365-fidelity 2.3).`
          : `${mailbox.address} shows in the global address list, though the spec hides it.`,
        remediation: {
          spec: `hiddenFromAddressLists: ${facts.hiddenFromAddressListsEnabled} if that is wanted.`,
          pulumi: 'pulumi up sets HiddenFromAddressListsEnabled as the spec says.',
          powershell: `Set-Mailbox -Identity ${facts.primaryAddress} -HiddenFromAddressListsEnabled $${mailbox.hiddenFromAddressLists}`,
        },
        evidence,
        pointer,
      });
      return findings;
    }
    findings.push({
      status: 'pass',
      subject: 'HiddenFromAddressListsEnabled',
      expected,
      actual,
      message: `${mailbox.address} is ${actual} in the address lists, as declared.`,
      evidence,
      pointer,
    });
    // Declared and hidden, with people who open it in Outlook: Microsoft says they cannot (manage-permissions-for-recipients.md).
    const outlook = mailbox.clients.filter((client) => client.profile === 'outlook');
    if (mailbox.hiddenFromAddressLists && outlook.length > 0)
      findings.push({
        status: 'warn',
        subject: 'outlook',
        expected: 'listed',
        actual: 'hidden',
        message: `${mailbox.address} is hidden from the address lists as declared, but Outlook users are declared for it: Outlook cannot open a hidden mailbox through Full Access, and Send As from it fails silently.`,
        remediation: {
          spec: 'hiddenFromAddressLists: false, or take the outlook client away.',
          powershell: `Set-Mailbox -Identity ${facts.primaryAddress} -HiddenFromAddressListsEnabled $false`,
        },
        evidence,
        pointer: outlook[0]?.pointer,
      });
    return findings;
  },
};
