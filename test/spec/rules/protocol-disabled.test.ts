import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule protocol-disabled', () => {
  it('passes when protocols a client needs are left to default or switched on', () => {
    const doc = contoso();
    mailbox(doc, 'info@contoso.com').protocols.imap = true;
    mailbox(doc, 'info@contoso.com').protocols.pop = false;
    expect(withCode(validateDoc(doc), 'SPEC_PROTOCOL_DISABLED')).toEqual([]);
  });

  it('refuses switching off SMTP AUTH for a mailbox whose client sends by SMTP', () => {
    const result = mutated((doc) => (mailbox(doc, 'support@contoso.com').protocols.smtpAuth = false));
    expect(withCode(result, 'SPEC_PROTOCOL_DISABLED')).toEqual([
      [
        '/sharedMailboxes/2/protocols/smtpAuth',
        "support@contoso.com's genesys-esj client needs SMTP AUTH, but protocols.smtpAuth is false; set it to true or remove it",
      ],
    ]);
  });
});
