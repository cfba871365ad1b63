/** MBX.ARCHIVE.1: the in-place archive is as declared. See MBX.ARCHIVE.1.md. */
import type { MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.ARCHIVE.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes'],
  run(mailbox, facts) {
    if (facts === undefined) return [];
    const actual = facts.archiveEnabled ? 'archive' : 'no archive';
    const evidence = { ArchiveStatus: facts.archiveEnabled ? 'Active' : 'None' };
    if (mailbox.archive === undefined)
      return [
        {
          status: 'skip',
          skipReason: 'not-declared',
          actual,
          message: `The spec leaves the archive of ${mailbox.address} open; it has ${actual === 'archive' ? 'one' : 'none'} (MBX.LICENCE.1 judges the licence it needs).`,
          evidence,
        },
      ];
    const expected = mailbox.archive ? 'archive' : 'no archive';
    const pointer = `${mailbox.pointer}/archive`;
    if (expected === actual) return [{ status: 'pass', expected, actual, message: `${mailbox.address} has ${actual}, as declared.`, evidence, pointer }];
    if (mailbox.archive)
      return [
        {
          status: 'fail',
          expected,
          actual,
          message: `${mailbox.address} has no in-place archive, though the spec declares one: mail is not moved out of the primary mailbox, which fills up to its quota.`,
          remediation: {
            spec: 'Keep archive: true with a licence that includes archiving.',
            pulumi: 'pulumi up assigns the licence, then enables the archive.',
            powershell: `Enable-Mailbox -Identity ${facts.primaryAddress} -Archive`,
          },
          evidence,
          pointer,
        },
      ];
    return [
      {
        status: 'fail',
        expected,
        actual,
        message: `${mailbox.address} has an in-place archive, though the spec says archive: false. Disabling it keeps its contents for 30 days only; decide before removing it.`,
        remediation: {
          spec: 'archive: true if the archive is wanted (with a licence that includes archiving), or leave archive out.',
          pulumi: 'pulumi up disables the archive, because the spec says archive: false.',
          powershell: `Disable-Mailbox -Identity ${facts.primaryAddress} -Archive -Confirm:$false`,
        },
        evidence,
        pointer,
      },
    ];
  },
};
