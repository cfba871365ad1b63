/** MBX.ARCHIVE.1: the archive and litigation hold are as declared. See MBX.ARCHIVE.1.md. */
import type { SharedMailbox } from '../../src/spec/types.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import type { MailboxFacts } from '../../src/verify/snapshot.js';

/** The archive as declared, tri-state as the spec's key is: true must have one, false must not, left out is open. */
function archive(mailbox: SharedMailbox, facts: MailboxFacts): Finding {
  const actual = facts.archiveEnabled ? 'archive' : 'no archive';
  const evidence = { ArchiveStatus: facts.archiveEnabled ? 'Active' : 'None' };
  if (mailbox.archive === undefined)
    return {
      status: 'pass',
      subject: 'archive',
      actual,
      message: `The spec leaves the archive of ${mailbox.address} open; it has ${facts.archiveEnabled ? 'one' : 'none'} (MBX.LICENCE.1 judges the licence it needs).`,
      evidence,
    };
  const expected = mailbox.archive ? 'archive' : 'no archive';
  const base = { subject: 'archive', expected, actual, evidence, pointer: `${mailbox.pointer}/archive` };
  if (expected === actual) return { ...base, status: 'pass', message: `${mailbox.address} has ${actual}, as declared.` };
  if (mailbox.archive)
    return {
      ...base,
      status: 'fail',
      message: `${mailbox.address} has no in-place archive, though the spec declares one: mail is not moved out of the primary mailbox, which fills up to its quota.`,
      remediation: {
        spec: 'Keep archive: true with a licence that includes archiving.',
        pulumi: 'pulumi up assigns the licence, then enables the archive.',
        powershell: `Enable-Mailbox -Identity ${facts.primaryAddress} -Archive`,
      },
    };
  return {
    ...base,
    status: 'fail',
    message: `${mailbox.address} has an in-place archive, though the spec says archive: false. Disabling it keeps its contents for 30 days only; decide before removing it.`,
    remediation: {
      spec: 'archive: true if the archive is wanted (with a licence that includes archiving), or leave archive out.',
      pulumi: 'pulumi up disables the archive, because the spec says archive: false.',
      powershell: `Disable-Mailbox -Identity ${facts.primaryAddress} -Archive -Confirm:$false`,
    },
  };
}

/** Litigation hold as declared: one the spec asks for must be on; one it does not declare is a warning, and never lifted. */
function hold(mailbox: SharedMailbox, facts: MailboxFacts): Finding {
  const word = (on: boolean): string => (on ? 'on hold' : 'not on hold');
  const base = {
    subject: 'litigation hold',
    expected: word(mailbox.litigationHold),
    actual: word(facts.litigationHoldEnabled),
    evidence: { LitigationHoldEnabled: facts.litigationHoldEnabled },
    pointer: `${mailbox.pointer}/litigationHold`,
  };
  if (mailbox.litigationHold === facts.litigationHoldEnabled)
    return { ...base, status: 'pass', message: `${mailbox.address} is ${word(facts.litigationHoldEnabled)}, as declared.` };
  if (mailbox.litigationHold)
    return {
      ...base,
      status: 'fail',
      message: `${mailbox.address} is not on litigation hold, though the spec declares it: mail deleted from it is gone once its retention ends.`,
      remediation: { pulumi: 'pulumi up turns the hold on.', powershell: `Set-Mailbox -Identity ${facts.primaryAddress} -LitigationHoldEnabled $true` },
    };
  // Severity by intent: a hold keeps mail and grants nobody anything, and only whoever placed it may lift it.
  return {
    ...base,
    status: 'warn',
    message: `${mailbox.address} is on litigation hold, which the spec does not declare. mbx never lifts a hold; declare it (litigationHold: true) so the licence it needs is planned.`,
    remediation: { spec: 'litigationHold: true' },
  };
}

export const check: MailboxCheck = {
  id: 'MBX.ARCHIVE.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    return facts === undefined ? [] : [archive(mailbox, facts), hold(mailbox, facts)];
  },
};
