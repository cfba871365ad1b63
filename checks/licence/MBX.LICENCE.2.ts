/** MBX.LICENCE.2: each delegate holds an enabled Exchange Online service plan. See MBX.LICENCE.2.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { peopleOf } from '../delegates/people.js';
import { exchangeLicences } from './exchange-plan.js';

export const check: MailboxCheck = {
  id: 'MBX.LICENCE.2',
  scope: 'mailbox',
  sources: ['graph.users', 'graph.skus'],
  run(mailbox, _facts, { spec, snapshot }) {
    // Who signs in for its clients and who holds its rights, directly or through a declared group.
    const delegates = peopleOf(spec, mailbox);
    if (delegates.size === 0)
      return [{ status: 'skip', skipReason: 'not-applicable', message: `No user of the spec signs in for ${mailbox.address} or holds rights on it.` }];
    return [...delegates].map(([address, pointer]): Finding => {
      const user = snapshot.users.get(address);
      if (user === undefined) {
        return {
          status: 'fail',
          subject: address,
          expected: 'an Exchange Online plan',
          actual: 'no such user',
          message: `${address} holds rights on ${mailbox.address} but does not exist in Entra ID.`,
          remediation: { pulumi: 'pulumi up does not create people; create the user first.' },
          pointer,
        };
      }
      const licences = exchangeLicences(user, snapshot.skus);
      const evidence = { userPrincipalName: user.userPrincipalName, exchangeLicences: licences, usageLocation: user.usageLocation };
      if (licences.length > 0)
        return {
          status: 'pass',
          subject: address,
          expected: 'an Exchange Online plan',
          actual: licences,
          message: `${address} holds ${licences.join(', ')}.`,
          evidence,
          pointer,
        };
      const declared = spec.users.find((candidate) => candidate.address === address);
      return {
        status: 'fail',
        subject: address,
        expected: 'an Exchange Online plan',
        actual: 'none',
        message: `${address} has no enabled Exchange Online plan, so it cannot open ${mailbox.address}: IMAP and SMTP logins fail with "AUTHENTICATE failed." and 535 5.7.139.`,
        remediation: {
          spec: `users: ${address} licence: ${declared?.licence ?? 'EXCHANGESTANDARD'}`,
          pulumi: 'pulumi up assigns the licence the spec names.',
          powershell: `Set-MgUserLicense -UserId ${address} -AddLicenses @{SkuId='<skuId>'} -RemoveLicenses @()`,
        },
        evidence,
        pointer: declared?.pointer ?? pointer,
      };
    });
  },
};
