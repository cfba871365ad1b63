import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule proxy-address-conflict', () => {
  it('passes when each address belongs to one object', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_PROXY_ADDRESS_CONFLICT')).toEqual([]);
  });

  it("refuses an alias that is another mailbox's address, quoting Exchange's error", () => {
    const result = mutated((doc) => mailbox(doc, 'sales@contoso.com').aliases.push('Team@Contoso.com'));
    expect(withCode(result, 'SPEC_PROXY_ADDRESS_CONFLICT')).toEqual([
      [
        '/sharedMailboxes/1/aliases/1',
        'team@contoso.com is already used by shared mailbox team@contoso.com (/sharedMailboxes/3/address); Exchange refuses it with "The proxy address "smtp:team@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN." Give each address to one object only',
      ],
    ]);
  });

  it("refuses a mailbox address that is a user's address", () => {
    const result = mutated((doc) => doc.sharedMailboxes.push({ address: 'max.mustermann@contoso.com', displayName: 'Max' }));
    expect(withCode(result, 'SPEC_PROXY_ADDRESS_CONFLICT').map(([pointer]) => pointer)).toEqual(['/sharedMailboxes/4/address']);
  });
});
