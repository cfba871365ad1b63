import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule unknown-trustee', () => {
  it('passes for declared users, declared groups and the app', () => {
    const doc = contoso();
    doc.groups = [{ address: 'team-leads@contoso.com' }];
    mailbox(doc, 'team@contoso.com').fullAccess.push({ trustee: 'team-leads@contoso.com', autoMapping: false });
    mailbox(doc, 'support@contoso.com').sendOnBehalf = ['app'];
    expect(withCode(validateDoc(doc), 'SPEC_UNKNOWN_TRUSTEE')).toEqual([]);
  });

  it('refuses a Send on Behalf trustee nobody declared', () => {
    const result = mutated((doc) => mailbox(doc, 'team@contoso.com').sendOnBehalf.push('ghost@contoso.com'));
    expect(withCode(result, 'SPEC_UNKNOWN_TRUSTEE')).toEqual([
      [
        '/sharedMailboxes/3/sendOnBehalf/1',
        "trustee ghost@contoso.com of team@contoso.com is not declared; add it under users (or groups), or write app for the spec's app",
      ],
    ]);
  });
});
