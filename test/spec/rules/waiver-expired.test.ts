import { describe, expect, it } from 'vitest';
import { contoso, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule waiver-expired', () => {
  it('passes on the expiry day itself', () => {
    expect(withCode(validateDoc(contoso(), new Date('2027-06-30T23:59:59Z')), 'SPEC_WAIVER_EXPIRED')).toEqual([]);
  });

  it('warns the day after, without making the spec invalid', () => {
    const result = validateDoc(contoso(), new Date('2027-07-01T00:00:00Z'));
    expect(result.ok).toBe(true);
    expect(withCode(result, 'SPEC_WAIVER_EXPIRED')).toEqual([
      [
        '/waivers/0/expires',
        'the waiver for MBX.AUTOMAP.1 on info@contoso.com expired on 2027-06-30 and no longer applies; renew it with a fresh rationale or remove it',
      ],
    ]);
  });
});
