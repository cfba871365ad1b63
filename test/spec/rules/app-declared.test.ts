import { describe, expect, it } from 'vitest';
import { contoso, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule app-declared', () => {
  it('passes when the app that support@ signs in as is declared', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_APP_MISSING')).toEqual([]);
  });

  it('refuses a client signing in as an app the spec does not declare', () => {
    const result = mutated((doc) => delete doc.app);
    expect(withCode(result, 'SPEC_APP_MISSING')).toEqual([
      ['/sharedMailboxes/2/clients/0', "support@contoso.com's genesys-esj client signs in as the app, but the spec declares no app; add an app section"],
    ]);
  });
});
