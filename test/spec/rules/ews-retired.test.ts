import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule ews-retired', () => {
  it('passes for Genesys ESJ over Graph and SMTP', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_EWS_RETIRED')).toEqual([]);
  });

  it('warns when Genesys ESJ sends through EWS', () => {
    const result = mutated((doc) => (mailbox(doc, 'support@contoso.com').clients[0].outbound = 'ews'));
    expect(result.ok).toBe(true);
    expect(withCode(result, 'SPEC_EWS_RETIRED')).toEqual([
      [
        '/sharedMailboxes/2/clients/0/outbound',
        `support@contoso.com's genesys-esj client uses ews: Microsoft blocks Exchange Web Services in Exchange Online from 1 October 2026 ("Retirement of Exchange Web Services in Exchange Online", Exchange Team Blog, 2023); use GRAPH instead.`,
      ],
    ]);
  });
});
