import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule client-user', () => {
  it('passes when delegate clients name a declared user, and Outlook names none', () => {
    const result = validateDoc(contoso());
    expect(withCode(result, 'SPEC_CLIENT_USER_MISSING')).toEqual([]);
    expect(withCode(result, 'SPEC_UNKNOWN_TRUSTEE')).toEqual([]);
  });

  it('refuses a delegate client without a user', () => {
    const result = mutated((doc) => delete mailbox(doc, 'sales@contoso.com').clients[0].user);
    expect(withCode(result, 'SPEC_CLIENT_USER_MISSING')).toEqual([
      ['/sharedMailboxes/1/clients/0', "sales@contoso.com's onoffice client signs in as a user but names none; add user: <the delegate's address>"],
    ]);
  });

  it('refuses a client user that is not declared under users', () => {
    const result = mutated((doc) => (mailbox(doc, 'info@contoso.com').clients[0].user = 'john.doe@contoso.com'));
    expect(withCode(result, 'SPEC_UNKNOWN_TRUSTEE')).toEqual([
      [
        '/sharedMailboxes/0/clients/0/user',
        "info@contoso.com's bp-event client signs in as john.doe@contoso.com, who is not declared; add john.doe@contoso.com under users with the licence it holds",
      ],
    ]);
  });
});
