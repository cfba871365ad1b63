import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

describe('rule client-rights', () => {
  it('passes when every client identity holds what its profile needs', () => {
    expect(withCode(validateDoc(contoso()), 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([]);
  });

  it('refuses a Bp Event delegate without Send As (SMTP with From = the shared address)', () => {
    const result = mutated((doc) => (mailbox(doc, 'info@contoso.com').sendAs = []));
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([
      [
        '/sharedMailboxes/0/clients/0',
        "info@contoso.com's bp-event client signs in as max.mustermann@contoso.com, which needs Send As; add max.mustermann@contoso.com to sendAs",
      ],
    ]);
  });

  it("refuses app-only IMAP without Full Access for the app's service principal", () => {
    const result = mutated((doc) => mailbox(doc, 'support@contoso.com').clients.push({ profile: 'generic-imap', identity: 'app' }));
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([
      [
        '/sharedMailboxes/2/clients/1',
        "support@contoso.com's generic-imap client signs in as the app's service principal, which needs Full Access; add app to fullAccess",
      ],
    ]);
  });

  it('refuses Genesys ESJ sending through Graph when its service account lacks Send As (allow-delegate)', () => {
    const result = mutated((doc) => {
      const support = mailbox(doc, 'support@contoso.com');
      support.clients[0].outbound = 'graph';
      support.sendAs = [];
    });
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([
      [
        '/sharedMailboxes/2/clients/0',
        "support@contoso.com's genesys-esj client signs in as svc-genesys@contoso.com, which needs Send As; add svc-genesys@contoso.com to sendAs",
      ],
    ]);
  });

  it('refuses a mailbox opened in Outlook that nobody has Full Access to', () => {
    const result = mutated((doc) => {
      const team = mailbox(doc, 'team@contoso.com');
      team.fullAccess = [];
      team.sendAs = [];
      team.sendOnBehalf = [];
    });
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([
      ['/sharedMailboxes/3/clients/0', 'team@contoso.com is opened in Outlook, but nobody has Full Access; add the people who open it to fullAccess'],
    ]);
  });
});
