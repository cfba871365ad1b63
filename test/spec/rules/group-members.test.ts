import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule group-members', () => {
  it('passes for nested groups of declared users, and lets a member use a grant made to its group', () => {
    const doc = contoso();
    doc.groups = [
      { address: 'sales-team@contoso.com', members: ['erika.musterfrau@contoso.com', 'sales-leads@contoso.com'] },
      { address: 'sales-leads@contoso.com', members: ['lena.schmidt@contoso.com'] },
    ];
    // Erika keeps her client; Full Access and Send As now come through the group.
    const sales = mailbox(doc, 'sales@contoso.com');
    sales.fullAccess = [{ trustee: 'sales-team@contoso.com', autoMapping: false }];
    sales.sendAs = ['sales-team@contoso.com'];
    const result = validateDoc(doc);
    expect(withCode(result, 'SPEC_GROUP_MEMBER_UNKNOWN')).toEqual([]);
    expect(withCode(result, 'SPEC_GROUP_CYCLE')).toEqual([]);
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('refuses a member the spec does not declare, and a group that contains itself, once per cycle', () => {
    const result = mutated((doc) => {
      doc.groups = [
        { address: 'a@contoso.com', members: ['b@contoso.com', 'nobody@contoso.com'] },
        { address: 'b@contoso.com', members: ['a@contoso.com'] },
      ];
    });
    expect(withCode(result, 'SPEC_GROUP_MEMBER_UNKNOWN')).toEqual([
      [
        '/groups/0/members/1',
        "member nobody@contoso.com of group a@contoso.com is not declared; add it under users (or groups), so mbx knows whom the group's grants reach",
      ],
    ]);
    expect(withCode(result, 'SPEC_GROUP_CYCLE')).toEqual([
      ['/groups/0/members', 'group a@contoso.com contains itself: a@contoso.com -> b@contoso.com -> a@contoso.com; remove one of these memberships'],
    ]);
  });

  it('still asks for the right where the client user is in no group that holds it', () => {
    const result = mutated((doc) => {
      doc.groups = [{ address: 'sales-team@contoso.com', members: ['lena.schmidt@contoso.com'] }];
      const sales = mailbox(doc, 'sales@contoso.com');
      sales.fullAccess = [{ trustee: 'sales-team@contoso.com', autoMapping: false }];
      sales.sendAs = ['sales-team@contoso.com'];
    });
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING').map(([, message]) => message)).toEqual([
      "sales@contoso.com's onoffice client signs in as erika.musterfrau@contoso.com, which needs Full Access; add erika.musterfrau@contoso.com to fullAccess",
      "sales@contoso.com's onoffice client signs in as erika.musterfrau@contoso.com, which needs Send As; add erika.musterfrau@contoso.com to sendAs",
    ]);
  });
});
