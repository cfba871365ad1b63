import { describe, expect, it } from 'vitest';
import { contoso, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule app-scope', () => {
  it('passes with RBAC for Applications (the default)', () => {
    const doc = contoso();
    delete doc.app.mailboxScope;
    expect(withCode(validateDoc(doc), 'SPEC_APP_SCOPE_BROAD')).toEqual([]);
  });

  it('warns for an app reaching every mailbox', () => {
    const result = mutated((doc) => (doc.app.mailboxScope = 'organization'));
    expect(withCode(result, 'SPEC_APP_SCOPE_BROAD')).toEqual([
      [
        '/app/mailboxScope',
        "the app's mail permissions reach every mailbox in the organization; set mailboxScope: rbac to limit it to the shared mailboxes that name it",
      ],
    ]);
  });

  it('warns for the legacy application access policy', () => {
    const result = mutated((doc) => (doc.app.mailboxScope = 'application-access-policy'));
    expect(withCode(result, 'SPEC_APP_SCOPE_BROAD')[0]?.[1]).toMatch(/^application access policies are legacy/);
  });
});
