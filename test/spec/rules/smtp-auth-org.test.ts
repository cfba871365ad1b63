import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule smtp-auth-org (MS.EXO.5.1v1)', () => {
  it('passes with SMTP AUTH off for the organization and on for each mailbox that sends by SMTP', () => {
    const result = validateDoc(contoso());
    expect(withCode(result, 'SPEC_SMTP_AUTH_ORG_DISABLED')).toEqual([]);
    expect(withCode(result, 'SPEC_SMTP_AUTH_ORG_ENABLED')).toEqual([]);
  });

  it('warns, without failing, when a mailbox needs SMTP AUTH and declares no override', () => {
    const result = mutated((doc) => {
      delete mailbox(doc, 'info@contoso.com').protocols;
      mailbox(doc, 'info@contoso.com').clients[0].smtpLogin = 'shared';
    });
    expect(result.ok).toBe(true);
    expect(withCode(result, 'SPEC_SMTP_AUTH_ORG_DISABLED')).toEqual([
      [
        '/sharedMailboxes/0/address',
        "info@contoso.com's clients send by SMTP AUTH, which the organization disables and the mailbox does not override, so Exchange will answer 535 5.7.139; set protocols.smtpAuth: true on this mailbox (MS.EXO.5.1v1 keeps it off everywhere else)",
      ],
    ]);
  });

  it('warns when SMTP AUTH is enabled organization-wide', () => {
    const result = mutated((doc) => (doc.organization.smtpAuth = true));
    expect(result.ok).toBe(true);
    expect(withCode(result, 'SPEC_SMTP_AUTH_ORG_ENABLED').map(([pointer]) => pointer)).toEqual(['/organization/smtpAuth']);
  });
});
