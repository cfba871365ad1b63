import { describe, expect, it } from 'vitest';
import { contoso, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule waiver-unknown-check', () => {
  it('passes for a waiver naming a catalogued check', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_WAIVER_UNKNOWN_CHECK')).toEqual([]);
  });

  // Ids count from 1, so .0 is a near miss no future check can take.
  it('refuses a waiver for a check that does not exist, suggesting the near miss', () => {
    const result = mutated((doc) => (doc.waivers[0].check = 'MBX.AUTOMAP.0'));
    expect(withCode(result, 'SPEC_WAIVER_UNKNOWN_CHECK')).toEqual([
      ['/waivers/0/check', 'no check is called MBX.AUTOMAP.0; did you mean MBX.AUTOMAP.1? docs/checks.md lists the check ids'],
    ]);
  });
});
