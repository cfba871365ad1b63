import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule protocol-disabled', () => {
  it('passes when protocols a client needs are left to default or switched on', () => {
    const doc = contoso();
    mailbox(doc, 'info@contoso.com').protocols = { imap: true, pop: false };
    expect(withCode(validateDoc(doc), 'SPEC_PROTOCOL_DISABLED')).toEqual([]);
  });

  it('refuses switching off SMTP AUTH for a mailbox whose client signs in to SMTP as it', () => {
    const result = mutated((doc) => {
      mailbox(doc, 'support@contoso.com').protocols = { smtpAuth: false };
      mailbox(doc, 'support@contoso.com').clients[0].smtpLogin = 'shared';
    });
    expect(withCode(result, 'SPEC_PROTOCOL_DISABLED')).toEqual([
      [
        '/sharedMailboxes/2/protocols/smtpAuth',
        "support@contoso.com's genesys-esj client needs SMTP AUTH, but protocols.smtpAuth is false; set it to true or remove it",
      ],
    ]);
  });

  it("passes switching off SMTP AUTH for a mailbox whose delegate signs in to SMTP as itself: the delegate's own mailbox needs it", () => {
    const result = mutated((doc) => (mailbox(doc, 'support@contoso.com').protocols = { smtpAuth: false }));
    expect(withCode(result, 'SPEC_PROTOCOL_DISABLED')).toEqual([]);
  });
});
