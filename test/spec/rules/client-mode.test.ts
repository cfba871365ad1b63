import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule client-mode', () => {
  it('passes for every way the profiles offer, including genesys-esj over graph as the app', () => {
    const doc = contoso();
    mailbox(doc, 'info@contoso.com').clients[0].inbound = 'imap-download';
    expect(withCode(validateDoc(doc), 'SPEC_CLIENT_MODE_UNSUPPORTED')).toEqual([]);
  });

  it('refuses a way the profile does not offer', () => {
    const result = mutated((doc) => (mailbox(doc, 'sales@contoso.com').clients[0].inbound = 'imap'));
    expect(withCode(result, 'SPEC_CLIENT_MODE_UNSUPPORTED')).toEqual([
      ['/sharedMailboxes/1/clients/0/inbound', 'sales@contoso.com: onoffice cannot read over imap; it offers graph (or none)'],
    ]);
  });

  it('refuses an identity the way does not support: genesys-esj reads over graph with client credentials only', () => {
    const result = mutated((doc) => (mailbox(doc, 'support@contoso.com').clients[0].identity = 'delegate'));
    expect(withCode(result, 'SPEC_CLIENT_MODE_UNSUPPORTED')).toEqual([
      [
        '/sharedMailboxes/2/clients/0/identity',
        'support@contoso.com: genesys-esj can read over graph only as app, not as delegate; change identity or inbound',
      ],
    ]);
  });
});
