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
    // The mailbox may have been found by an alias or a former primary (mailboxOf): commands name it
    // by the primary it has, which is what Exchange resolves without doubt.
    const identity = facts.primaryAddress;
    const findings: Finding[] = [];
    if (facts.primaryAddress !== mailbox.address) {
      findings.push({
        status: 'fail',
        subject: mailbox.address,
        expected: mailbox.address,
        actual: facts.primaryAddress,
        message:
          `${mailbox.address} is not the primary address of its mailbox: Exchange holds it as a secondary address of ${facts.primaryAddress}, ` +
          `so replies and sent mail show ${facts.primaryAddress}, and creating the mailbox again fails with "proxy address ... already being used".`,
        remediation: {
          spec: `If ${facts.primaryAddress} is the address wanted, write it as the mailbox's address and ${mailbox.address} under aliases.`,
          pulumi: 'pulumi up makes the spec address the primary again.',
          powershell: `Set-Mailbox -Identity ${identity} -EmailAddresses @{Add="SMTP:${mailbox.address}"}`,
        },
        evidence,
        pointer: `${mailbox.pointer}/address`,
      });
    }
    // Exchange gives every mailbox an address at the tenant's onmicrosoft.com domain; the spec need not list it.
    const secondary = facts.smtpAddresses.filter((address) => address !== mailbox.address && !address.endsWith('.onmicrosoft.com'));
    const { missing, extra } = compareSets(mailbox.aliases, secondary);
    findings.push(
      ...missing.map((alias): Finding => ({
        status: 'fail',
        subject: alias,
        expected: 'present',
        actual: 'missing',
        message: `${mailbox.address} does not have the alias ${alias}: mail to it bounces, and clients sending from it are refused.`,
        remediation: { pulumi: 'pulumi up adds the alias.', powershell: `Set-Mailbox -Identity ${identity} -EmailAddresses @{Add="smtp:${alias}"}` },
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
          // The current primary cannot be removed before another address is made primary.
          powershell:
            alias === facts.primaryAddress
              ? `Set-Mailbox -Identity ${identity} -EmailAddresses @{Add="SMTP:${mailbox.address}"}; Set-Mailbox -Identity ${mailbox.address} -EmailAddresses @{Remove="smtp:${alias}"}`
              : `Set-Mailbox -Identity ${identity} -EmailAddresses @{Remove="smtp:${alias}"}`,
        },
        evidence,
      })),
    );
    if (findings.length > 0) return findings;
    return [{ status: 'pass', expected: mailbox.aliases, actual: secondary, message: `${mailbox.address} has exactly the declared aliases.`, evidence }];
  },
};
