import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule alias-not-declared', () => {
  it('passes when the client sends from one of the mailbox aliases, in any case', () => {
    const doc = contoso();
    mailbox(doc, 'sales@contoso.com').clients[0].sendFromAliases = ['Angebote@Contoso.com'];
    expect(withCode(validateDoc(doc), 'SPEC_ALIAS_NOT_DECLARED')).toEqual([]);
  });

  it('refuses sending from an address that is not an alias of the mailbox', () => {
    const result = mutated((doc) => mailbox(doc, 'sales@contoso.com').clients[0].sendFromAliases.push('hello@contoso.com'));
    expect(withCode(result, 'SPEC_ALIAS_NOT_DECLARED')).toEqual([
      [
        '/sharedMailboxes/1/clients/0/sendFromAliases/1',
        "sales@contoso.com's onoffice client sends from hello@contoso.com, which is not one of its aliases (angebote@contoso.com); add it to aliases",
      ],
    ]);
  });
});
