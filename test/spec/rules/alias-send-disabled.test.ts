import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule alias-send-disabled', () => {
  it('passes when the organization allows sending from aliases', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_ALIAS_SEND_DISABLED')).toEqual([]);
  });

  it('passes with SendFromAliasEnabled off when no client sends from an alias', () => {
    const doc = contoso();
    doc.organization.sendFromAliasEnabled = false;
    delete mailbox(doc, 'sales@contoso.com').clients[0].sendFromAliases;
    expect(validateDoc(doc).ok).toBe(true);
  });

  it('refuses sending from an alias while SendFromAliasEnabled is off (its default)', () => {
    const result = mutated((doc) => delete doc.organization.sendFromAliasEnabled);
    expect(withCode(result, 'SPEC_ALIAS_SEND_DISABLED')).toEqual([
      [
        '/sharedMailboxes/1/clients/0/sendFromAliases',
        "sales@contoso.com's onoffice client sends from aliases, but the organization does not allow it; set organization.sendFromAliasEnabled: true (Set-OrganizationConfig -SendFromAliasEnabled $true)",
      ],
    ]);
  });
});
