/** MBX.LICENCE.2: each delegate holds an enabled Exchange Online service plan. See MBX.LICENCE.2.md. */
import { declaredUsersOf } from '../../src/spec/groups.js';
import { APP_TRUSTEE } from '../../src/spec/types.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { exchangeLicences } from './exchange-plan.js';

export const check: MailboxCheck = {
  id: 'MBX.LICENCE.2',
  scope: 'mailbox',
  sources: ['graph.users', 'graph.skus'],
  run(mailbox, _facts, { spec, snapshot }) {
    const grants = [...mailbox.fullAccess, ...mailbox.sendAs, ...mailbox.sendOnBehalf];
    const delegates = new Map<string, string>();
    const declaredUser = (address: string): boolean => spec.users.some((user) => user.address === address);
    for (const grant of grants) {
      if (grant.trustee === APP_TRUSTEE) continue;
      // A grant to a declared group reaches its declared members, nested groups' too.
      const reached = declaredUser(grant.trustee) ? [grant.trustee] : [...declaredUsersOf(spec, grant.trustee).users].filter(declaredUser);
      for (const address of reached) if (!delegates.has(address)) delegates.set(address, grant.pointer);
    }
    if (delegates.size === 0) return [{ status: 'skip', skipReason: 'not-applicable', message: `No user of the spec holds rights on ${mailbox.address}.` }];
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
