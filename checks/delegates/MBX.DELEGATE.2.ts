/** MBX.DELEGATE.2: SMTP AUTH is on for the mailbox each SMTP client signs in as. See MBX.DELEGATE.2.md. */
import { smtpLoginOf } from '../../src/spec/sign-in.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { mailboxOf } from '../../src/verify/snapshot.js';

export const check: MailboxCheck = {
  id: 'MBX.DELEGATE.2',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.casMailboxes', 'exchange.transport'],
  run(mailbox, _facts, { snapshot }) {
    const logins = mailbox.clients.flatMap((client) => {
      const login = smtpLoginOf(mailbox, client);
      return login === undefined ? [] : [{ client, login }];
    });
    if (logins.length === 0) return [{ status: 'skip', skipReason: 'not-applicable', message: `No client of ${mailbox.address} sends over SMTP AUTH.` }];
    const orgEnabled = !(snapshot.transport?.smtpClientAuthenticationDisabled ?? true);
    return logins.map(({ client, login }): Finding => {
      const pointer = client.smtpLogin === 'shared' ? `${client.pointer}/smtpLogin` : client.user === undefined ? client.pointer : `${client.pointer}/user`;
      if (login.refused)
        return {
          status: 'fail',
          subject: login.address,
          expected: `sign-in as ${client.user ?? 'the delegate'}`,
          actual: `sign-in as ${login.address}`,
          message: `${mailbox.address}'s ${client.profile} client signs in to SMTP as ${login.address} with ${client.user ?? 'its delegate'}'s token, which Exchange refuses with 535 5.7.3 whatever the tenant holds.`,
          remediation: {
            spec: 'Remove smtpLogin (the default, delegate) once the client signs in as the delegate.',
            powershell: `Set the client's SMTP user name to ${client.user ?? 'the delegate'}, with From ${mailbox.address}.`,
          },
          pointer,
        };
      const facts = mailboxOf(snapshot, login.address);
      if (facts === undefined)
        return {
          status: 'fail',
          subject: login.address,
          expected: 'SMTP AUTH on',
          actual: 'no mailbox',
          message: `${login.address} has no mailbox, so it cannot sign in to SMTP for ${mailbox.address}'s ${client.profile} client: give it an Exchange Online licence (MBX.LICENCE.2).`,
          remediation: { pulumi: 'pulumi up assigns the licence the spec names for the user.' },
          pointer,
        };
      const cas = snapshot.casMailboxes.get(facts.name);
      const own = cas?.smtpClientAuthenticationDisabled ?? null;
      const on = own === null ? orgEnabled : !own;
      const evidence = { mailbox: facts.primaryAddress, SmtpClientAuthenticationDisabled: own, organizationSmtpClientAuthenticationDisabled: !orgEnabled };
      const whose = login.identity === 'delegate' ? `${login.address}'s own mailbox` : login.address;
      if (on)
        return {
          status: 'pass',
          subject: login.address,
          expected: 'SMTP AUTH on',
          actual: own === null ? 'on (the organization allows it)' : 'on',
          message: `SMTP AUTH is on for ${whose}, which ${mailbox.address}'s ${client.profile} client signs in to SMTP as.`,
          evidence,
          pointer,
        };
      return {
        status: 'fail',
        subject: login.address,
        expected: 'SMTP AUTH on',
        actual: own === null ? 'off (the organization disables it, and the mailbox follows)' : 'off',
        message: `SMTP AUTH is off for ${whose}, which ${mailbox.address}'s ${client.profile} client signs in to SMTP as: Exchange answers 535 5.7.139 (SmtpClientAuthentication is disabled for the ${own === null ? 'Tenant' : 'Mailbox'}).`,
        remediation: {
          spec: login.identity === 'delegate' ? 'Nothing to change: mbx turns SMTP AUTH on for the delegate it signs in as.' : 'protocols: { smtpAuth: true }',
          pulumi: 'pulumi up turns SMTP AUTH on for the mailbox the client signs in as, and only that one.',
          powershell: `Set-CASMailbox -Identity ${login.address} -SmtpClientAuthenticationDisabled $false`,
        },
        evidence,
        pointer,
      };
    });
  },
};
