import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule smtp-login', () => {
  it('passes for a delegate client that signs in to SMTP as the delegate (the default)', () => {
    const result = validateDoc(contoso());
    expect(withCode(result, 'SPEC_SMTP_LOGIN_SHARED')).toEqual([]);
    if (!result.ok) throw new Error('contoso must be valid');
    expect(result.spec.sharedMailboxes[0]?.clients[0]?.smtpLogin).toBe('delegate');
  });

  it('warns for a delegate client that signs in to SMTP as the shared address, and makes the shared mailbox need SMTP AUTH', () => {
    const result = mutated((doc) => {
      mailbox(doc, 'info@contoso.com').clients[0].smtpLogin = 'shared';
    });
    expect(withCode(result, 'SPEC_SMTP_LOGIN_SHARED')).toEqual([
      [
        '/sharedMailboxes/0/clients/0/smtpLogin',
        "info@contoso.com's bp-event client signs in to SMTP as info@contoso.com with max.mustermann@contoso.com's token, which Exchange refuses with 535 5.7.3; set the client's SMTP user to max.mustermann@contoso.com (smtpLogin: delegate) and keep From info@contoso.com",
      ],
    ]);
    if (!result.ok) throw new Error('a warning keeps the spec valid');
    expect(result.spec.sharedMailboxes[0]?.neededProtocols.has('smtpAuth')).toBe(true);
  });
});
