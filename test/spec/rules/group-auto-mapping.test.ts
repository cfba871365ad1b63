import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule group-auto-mapping', () => {
  it('passes for a group grant that says autoMapping: false', () => {
    const doc = contoso();
    doc.groups = [{ address: 'team-leads@contoso.com' }];
    mailbox(doc, 'team@contoso.com').fullAccess.push({ trustee: 'team-leads@contoso.com', autoMapping: false });
    expect(withCode(validateDoc(doc), 'SPEC_GROUP_AUTO_MAPPING')).toEqual([]);
  });

  it('warns for a group grant left at the auto-mapping default', () => {
    const result = mutated((doc) => {
      doc.groups = [{ address: 'team-leads@contoso.com' }];
      mailbox(doc, 'team@contoso.com').fullAccess.push({ trustee: 'team-leads@contoso.com' });
    });
    expect(result.ok).toBe(true);
    expect(withCode(result, 'SPEC_GROUP_AUTO_MAPPING')).toEqual([
      [
        '/sharedMailboxes/3/fullAccess/2/trustee',
        'team@contoso.com grants Full Access to group team-leads@contoso.com with auto-mapping, but Outlook does not auto-map through groups; grant the people directly, or set autoMapping: false',
      ],
    ]);
  });
});
