import { describe, expect, it } from 'vitest';
import { contoso, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule waiver-unknown-mailbox', () => {
  it('passes for a waiver on a declared mailbox, and for one without a mailbox', () => {
    const doc = contoso();
    doc.waivers.push({ check: 'MBX.PROTOCOLS.2', rationale: 'Organization-wide, decided by the board.', expires: '2027-01-31' });
    expect(withCode(validateDoc(doc), 'SPEC_WAIVER_UNKNOWN_MAILBOX')).toEqual([]);
  });

  it('refuses a waiver on a mailbox the spec does not declare', () => {
    const result = mutated((doc) => (doc.waivers[0].mailbox = 'infos@contoso.com'));
    expect(withCode(result, 'SPEC_WAIVER_UNKNOWN_MAILBOX')).toEqual([
      [
        '/waivers/0/mailbox',
        'the waiver for MBX.AUTOMAP.1 names infos@contoso.com, which is not a shared mailbox of this spec; fix the address or drop mailbox to waive it organization-wide',
      ],
    ]);
  });
});
