import { describe, expect, it } from 'vitest';
import { contoso, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule duplicate-mailbox', () => {
  it('passes when every shared mailbox has its own address', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_DUPLICATE_MAILBOX')).toEqual([]);
  });

  it('refuses a second mailbox with the same address, whatever its case', () => {
    const result = mutated((doc) => doc.sharedMailboxes.push({ address: 'INFO@contoso.com', displayName: 'Info 2' }));
    expect(result.ok).toBe(false);
    expect(withCode(result, 'SPEC_DUPLICATE_MAILBOX')).toEqual([
      ['/sharedMailboxes/4/address', 'shared mailbox info@contoso.com is declared twice (first at /sharedMailboxes/0); merge the two entries into one'],
    ]);
    // The same clash is not reported a second time as a proxy-address conflict.
    expect(withCode(result, 'SPEC_PROXY_ADDRESS_CONFLICT')).toEqual([]);
  });
});
