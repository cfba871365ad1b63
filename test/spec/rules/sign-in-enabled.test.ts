import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule sign-in-enabled (CIS.M365.1.2.2)', () => {
  it('passes when sign-in stays blocked (the default)', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_SIGN_IN_ENABLED')).toEqual([]);
  });

  it('passes when MBX.SIGNIN.1 is waived for the mailbox until a day not yet past', () => {
    const doc = contoso();
    mailbox(doc, 'team@contoso.com').signInBlocked = false;
    doc.waivers.push({ check: 'MBX.SIGNIN.1', mailbox: 'team@contoso.com', rationale: 'Scanner signs in until March.', expires: '2026-11-22' });
    expect(withCode(validateDoc(doc), 'SPEC_SIGN_IN_ENABLED')).toEqual([]);
  });

  it('warns when the mailbox account may sign in', () => {
    const result = mutated((doc) => (mailbox(doc, 'team@contoso.com').signInBlocked = false));
    expect(result.ok).toBe(true);
    expect(withCode(result, 'SPEC_SIGN_IN_ENABLED').map(([pointer]) => pointer)).toEqual(['/sharedMailboxes/3/signInBlocked']);
  });
});
