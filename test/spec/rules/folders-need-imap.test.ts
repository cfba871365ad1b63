import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule folders-need-imap', () => {
  it('passes for Bp Event folders with IMAP download', () => {
    const doc = contoso();
    mailbox(doc, 'info@contoso.com').clients[0].inbound = 'imap-download';
    expect(withCode(validateDoc(doc), 'SPEC_FOLDERS_NEED_IMAP')).toEqual([]);
  });

  it('refuses Bp Event folders when it downloads by POP3', () => {
    const result = mutated((doc) => (mailbox(doc, 'info@contoso.com').clients[0].inbound = 'pop'));
    expect(withCode(result, 'SPEC_FOLDERS_NEED_IMAP')).toEqual([
      [
        '/sharedMailboxes/0/clients/0/folders',
        "info@contoso.com's bp-event client reads over pop, but folders only work over IMAP; set inbound: imap or remove folders",
      ],
    ]);
  });
});
