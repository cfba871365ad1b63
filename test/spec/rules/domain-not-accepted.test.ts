import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule domain-not-accepted', () => {
  it('passes when every address is in an accepted domain, forwarding targets anywhere', () => {
    const doc = contoso();
    mailbox(doc, 'team@contoso.com').forwarding.address = 'archive@fabrikam.com';
    expect(withCode(validateDoc(doc), 'SPEC_DOMAIN_NOT_ACCEPTED')).toEqual([]);
  });

  it('refuses a user in a domain the tenant does not accept', () => {
    const result = mutated((doc) => (doc.users[0].address = 'max@fabrikam.com'));
    expect(withCode(result, 'SPEC_DOMAIN_NOT_ACCEPTED')).toEqual([
      [
        '/users/0/address',
        'user max@fabrikam.com is in fabrikam.com, which is not an accepted domain of the tenant (contoso.com, contoso.onmicrosoft.com); add fabrikam.com to tenant.acceptedDomains or use an address in an accepted domain',
      ],
    ]);
  });
});
