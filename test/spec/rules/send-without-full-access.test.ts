import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule send-without-full-access', () => {
  it('passes when the delegate that sends as the mailbox also opens it', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_SEND_WITHOUT_FULL_ACCESS')).toEqual([]);
  });

  it('passes for Outlook users with Send As only: the outlook profile does not need both', () => {
    const doc = contoso();
    const team = mailbox(doc, 'team@contoso.com');
    team.sendAs.push('max.mustermann@contoso.com');
    expect(withCode(validateDoc(doc), 'SPEC_SEND_WITHOUT_FULL_ACCESS')).toEqual([]);
  });

  it('refuses Send As without Full Access for the onOffice delegate, once, without a second client-rights finding', () => {
    const result = mutated((doc) => (mailbox(doc, 'sales@contoso.com').fullAccess = []));
    expect(withCode(result, 'SPEC_SEND_WITHOUT_FULL_ACCESS')).toEqual([
      [
        '/sharedMailboxes/1/sendAs/0',
        'erika.musterfrau@contoso.com may send as sales@contoso.com but has no Full Access, and onoffice needs both; add { trustee: erika.musterfrau@contoso.com } to fullAccess',
      ],
    ]);
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([]);
  });

  it('refuses Send on Behalf without Full Access too', () => {
    const result = mutated((doc) => {
      const info = mailbox(doc, 'info@contoso.com');
      info.fullAccess = [];
      info.sendAs = [];
      info.sendOnBehalf = ['max.mustermann@contoso.com'];
    });
    expect(withCode(result, 'SPEC_SEND_WITHOUT_FULL_ACCESS').map(([pointer]) => pointer)).toEqual(['/sharedMailboxes/0/sendOnBehalf/0']);
  });
});
