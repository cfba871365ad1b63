import { warning, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/**
 * MS.EXO.5.1v1 (CISA ScubaGear baseline): "SMTP AUTH SHALL be disabled" organization-wide. The
 * way to honour it and still serve SMTP clients is a per-mailbox override (Set-CASMailbox
 * -SmtpClientAuthenticationDisabled $false), so the spec should say so for each mailbox that sends.
 */
export const smtpAuthOrg: Rule = {
  id: 'smtp-auth-org',
  description: 'SMTP AUTH should be off organization-wide (MS.EXO.5.1v1) and on only for the mailboxes whose clients need it.',
  check(spec) {
    const findings: SpecFinding[] = [];
    if (spec.organization.smtpAuth) {
      findings.push(
        warning(
          'SPEC_SMTP_AUTH_ORG_ENABLED',
          '/organization/smtpAuth',
          'SMTP AUTH is enabled for every mailbox in the organization; MS.EXO.5.1v1 says to disable it organization-wide and set protocols.smtpAuth: true only on the mailboxes that need it',
        ),
      );
      return findings;
    }
    for (const mailbox of spec.sharedMailboxes) {
      if (!mailbox.neededProtocols.has('smtpAuth') || mailbox.protocols.smtpAuth !== undefined) continue;
      findings.push(
        warning(
          'SPEC_SMTP_AUTH_ORG_DISABLED',
          pointerJoin(mailbox.pointer, 'address'),
          `${mailbox.address}'s clients send by SMTP AUTH, which the organization disables and the mailbox does not override, so Exchange will answer 535 5.7.139; set protocols.smtpAuth: true on this mailbox (MS.EXO.5.1v1 keeps it off everywhere else)`,
        ),
      );
    }
    return findings;
  },
};
