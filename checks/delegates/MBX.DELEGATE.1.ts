/** MBX.DELEGATE.1: each person the mailbox relies on can sign in. See MBX.DELEGATE.1.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { peopleOf } from './people.js';

export const check: MailboxCheck = {
  id: 'MBX.DELEGATE.1',
  scope: 'mailbox',
  sources: ['graph.users'],
  runsWithoutMailbox: true,
  run(mailbox, _facts, { spec, snapshot }) {
    const people = peopleOf(spec, mailbox);
    if (people.size === 0)
      return [{ status: 'skip', skipReason: 'not-applicable', message: `No user of the spec signs in for ${mailbox.address} or holds rights on it.` }];
    return [...people].map(([address, pointer]): Finding => {
      const user = snapshot.users.get(address);
      if (user === undefined)
        return {
          status: 'fail',
          subject: address,
          expected: 'enabled',
          actual: 'no such user',
          message: `${address} signs in for ${mailbox.address} or holds rights on it, but does not exist in Entra ID.`,
          remediation: {
            spec: 'Correct the address, or remove the user from the mailbox.',
            pulumi: 'pulumi up does not create people; create the user first.',
          },
          pointer,
        };
      const evidence = { userPrincipalName: user.userPrincipalName, accountEnabled: user.accountEnabled };
      if (user.accountEnabled)
        return { status: 'pass', subject: address, expected: 'enabled', actual: 'enabled', message: `${address} can sign in.`, evidence, pointer };
      return {
        status: 'fail',
        subject: address,
        expected: 'enabled',
        actual: 'disabled',
        message: `${address}'s account is disabled (accountEnabled false): it cannot sign in, so the software that signs in as it stops, and it cannot open ${mailbox.address}. The probes see this as AADSTS50057; this check sees it without them.`,
        remediation: {
          spec: `If ${address} left, give its rights and clients to someone else in the spec.`,
          pulumi: "pulumi up does not manage people's accounts; enable it in Entra ID.",
          powershell: `Update-MgUser -UserId ${address} -AccountEnabled:$true`,
        },
        evidence,
        pointer,
      };
    });
  },
};
