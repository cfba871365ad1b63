/** MBX.ALIASES.1: the primary address and aliases are as declared. See MBX.ALIASES.1.md. */
import { type Finding, type MailboxCheck } from '../../src/verify/model.js';
import { compareSets } from '../check.js';

export const check: MailboxCheck = {
  id: 'MBX.ALIASES.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    if (facts === undefined) return [];
    const evidence = { PrimarySmtpAddress: facts.primaryAddress, smtpAddresses: facts.smtpAddresses };
    // Exchange gives every mailbox an address at the tenant's onmicrosoft.com domain; the spec need not list it.
    const secondary = facts.smtpAddresses.filter((address) => address !== facts.primaryAddress && !address.endsWith('.onmicrosoft.com'));
    const { missing, extra } = compareSets(mailbox.aliases, secondary);
    const findings: Finding[] = [
      ...missing.map((alias): Finding => ({
        status: 'fail',
        subject: alias,
        expected: 'present',
        actual: 'missing',
        message: `${mailbox.address} does not have the alias ${alias}: mail to it bounces, and clients sending from it are refused.`,
        remediation: { pulumi: 'pulumi up adds the alias.', powershell: `Set-Mailbox -Identity ${mailbox.address} -EmailAddresses @{Add="smtp:${alias}"}` },
        evidence,
        pointer: `${mailbox.pointer}/aliases/${mailbox.aliases.indexOf(alias)}`,
      })),
      ...extra.map((alias): Finding => ({
        status: 'fail',
        subject: alias,
        expected: 'absent',
        actual: 'present',
        message: `${mailbox.address} has the alias ${alias}, which the spec does not declare.`,
        remediation: {
          spec: `Add ${alias} to aliases if it is wanted.`,
          pulumi: 'pulumi up removes aliases the spec does not name.',
          powershell: `Set-Mailbox -Identity ${mailbox.address} -EmailAddresses @{Remove="smtp:${alias}"}`,
        },
        evidence,
      })),
    ];
    if (findings.length > 0) return findings;
    return [{ status: 'pass', expected: mailbox.aliases, actual: secondary, message: `${mailbox.address} has exactly the declared aliases.`, evidence }];
  },
};
