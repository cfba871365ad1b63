/** MBX.PROTOCOLS.2: SMTP AUTH is off organization-wide (MS.EXO.5.1v1, CIS.M365.6.5.4). See MBX.PROTOCOLS.2.md. */
import type { OrganizationCheck } from '../../src/verify/model.js';

export const check: OrganizationCheck = {
  id: 'MBX.PROTOCOLS.2',
  scope: 'organization',
  sources: ['exchange.transport'],
  run({ spec, snapshot }) {
    const disabled = snapshot.transport?.smtpClientAuthenticationDisabled ?? true;
    const evidence = { SmtpClientAuthenticationDisabled: disabled };
    const pointer = '/organization/smtpAuth';
    const remediation = {
      spec: 'organization: smtpAuth: false, and protocols: smtpAuth: true on the mailboxes that need it.',
      pulumi: 'pulumi up sets the transport config.',
      powershell: 'Set-TransportConfig -SmtpClientAuthenticationDisabled $true',
    };
    if (disabled)
      return [
        {
          status: 'pass',
          subject: 'SmtpClientAuthenticationDisabled',
          expected: true,
          actual: true,
          message: 'SMTP AUTH is off for the organization; mailboxes that need it turn it on one by one.',
          evidence,
          pointer,
        },
      ];
    if (spec.organization.smtpAuth) {
      return [
        {
          status: 'warn',
          subject: 'SmtpClientAuthenticationDisabled',
          expected: true,
          actual: false,
          message: 'SMTP AUTH is on for the whole organization, as the spec asks; MS.EXO.5.1v1 wants it off and enabled per mailbox.',
          remediation,
          evidence,
          pointer,
        },
      ];
    }
    return [
      {
        status: 'fail',
        subject: 'SmtpClientAuthenticationDisabled',
        expected: true,
        actual: false,
        message: 'SMTP AUTH is on for the whole organization: every mailbox accepts basic SMTP client submissions (MS.EXO.5.1v1).',
        remediation,
        evidence,
        pointer,
      },
    ];
  },
};
