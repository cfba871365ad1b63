/** MBX.SIGNIN.1: the shared mailbox's account is blocked from signing in. See MBX.SIGNIN.1.md. */
import { userOfMailbox } from '../../src/verify/snapshot.js';
import type { MailboxCheck } from '../../src/verify/model.js';

export const check: MailboxCheck = {
  id: 'MBX.SIGNIN.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'graph.users'],
  run(mailbox, facts, { snapshot }) {
    const user = userOfMailbox(snapshot, facts);
    if (user === undefined)
      return [{ status: 'fail', expected: 'an Entra user', actual: 'none', message: `The Entra user behind ${mailbox.address} was not found.` }];
    const expected = mailbox.signInBlocked ? 'blocked' : 'allowed';
    const actual = user.accountEnabled ? 'allowed' : 'blocked';
    const evidence = { userPrincipalName: user.userPrincipalName, accountEnabled: user.accountEnabled };
    if (expected === actual) return [{ status: 'pass', expected, actual, message: `Sign-in for ${mailbox.address} is ${actual}, as declared.`, evidence }];
    return [
      {
        status: 'fail',
        expected,
        actual,
        message: mailbox.signInBlocked
          ? `The account of ${mailbox.address} can sign in: anyone who learns or resets its password reads the mailbox without an audit trail of who it was.`
          : `Sign-in for ${mailbox.address} is blocked, but the spec allows it.`,
        remediation: {
          spec: 'signInBlocked defaults to true; keep it.',
          pulumi: 'pulumi up sets accountEnabled to match the spec.',
          powershell: `Update-MgUser -UserId ${user.userPrincipalName} -AccountEnabled:$${!mailbox.signInBlocked}`,
        },
        evidence,
      },
    ];
  },
};
