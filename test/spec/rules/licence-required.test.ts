import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule licence-required', () => {
  it('passes for a licensed mailbox with archive, hold and a 90 GB warning', () => {
    const doc = contoso();
    Object.assign(mailbox(doc, 'team@contoso.com'), { licence: 'EXCHANGEENTERPRISE', archive: true, litigationHold: true, sizeWarningGB: 90 });
    expect(withCode(validateDoc(doc), 'SPEC_LICENCE_REQUIRED')).toEqual([]);
  });

  it('passes for an unlicensed mailbox warned at exactly 50 GB', () => {
    const doc = contoso();
    mailbox(doc, 'team@contoso.com').sizeWarningGB = 50;
    expect(withCode(validateDoc(doc), 'SPEC_LICENCE_REQUIRED')).toEqual([]);
  });

  it('refuses litigation hold and a size above 50 GB without a licence, one finding each', () => {
    const result = mutated((doc) => Object.assign(mailbox(doc, 'team@contoso.com'), { litigationHold: true, sizeWarningGB: 60 }));
    expect(withCode(result, 'SPEC_LICENCE_REQUIRED').map(([pointer]) => pointer)).toEqual([
      '/sharedMailboxes/3/litigationHold',
      '/sharedMailboxes/3/sizeWarningGB',
    ]);
  });

  it("refuses a licensed mailbox without a usage location, and takes the tenant's default or its own", () => {
    const missing = mutated((doc) => Object.assign(mailbox(doc, 'team@contoso.com'), { licence: 'EXCHANGEENTERPRISE', archive: true }));
    expect(withCode(missing, 'SPEC_USAGE_LOCATION_REQUIRED').map(([pointer]) => pointer)).toEqual(['/sharedMailboxes/3/licence']);
    const byTenant = mutated((doc) => {
      (doc.tenant as Record<string, unknown>).usageLocation = 'DE';
      Object.assign(mailbox(doc, 'team@contoso.com'), { licence: 'EXCHANGEENTERPRISE' });
    });
    expect(withCode(byTenant, 'SPEC_USAGE_LOCATION_REQUIRED')).toEqual([]);
    const own = mutated((doc) => Object.assign(mailbox(doc, 'team@contoso.com'), { licence: 'EXCHANGEENTERPRISE', usageLocation: 'AT' }));
    expect(withCode(own, 'SPEC_USAGE_LOCATION_REQUIRED')).toEqual([]);
  });
});
