import { describe, expect, it } from 'vitest';
import { contoso, mailbox, mutated, validateDoc, withCode } from '../../helpers/spec.js';

const smtpClient = (authorization?: string) => ({ profile: 'generic-smtp', ...(authorization === undefined ? {} : { smtpAuthorization: authorization }) });

describe('rule smtp-authorization', () => {
  it('passes for app SMTP clients by RBAC for Applications with the app scoped by RBAC, the role taking the place of the Entra permission', () => {
    const doc = contoso();
    mailbox(doc, 'team@contoso.com').clients.push(smtpClient());
    const result = validateDoc(doc);
    expect(withCode(result, 'SPEC_SMTP_AUTHORIZATION')).toEqual([]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.spec.appRbac.find((entry) => entry.role === 'Application SMTP.SendAsApp')?.mailboxes).toEqual(['team@contoso.com']);
    expect(result.spec.appPermissions.application.map((permission) => permission.name)).not.toContain('SMTP.SendAsApp');
    // No mailbox permission: the client needs nothing granted on team@ for the app.
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING')).toEqual([]);
  });

  it('refuses mixing the models across the app, and the RBAC model for an app not scoped by RBAC', () => {
    const mixed = mutated((doc) => {
      mailbox(doc, 'team@contoso.com').clients.push(smtpClient());
      mailbox(doc, 'info@contoso.com').clients.push(smtpClient('mailbox-permission'));
      mailbox(doc, 'info@contoso.com').sendAs.push('app');
    });
    expect(withCode(mixed, 'SPEC_SMTP_AUTHORIZATION').map(([pointer]) => pointer)).toEqual(['/sharedMailboxes/3/clients/1/smtpAuthorization']);
    const unscoped = mutated((doc) => {
      doc.app.mailboxScope = 'organization';
      mailbox(doc, 'team@contoso.com').clients.push(smtpClient('rbac'));
    });
    expect(withCode(unscoped, 'SPEC_SMTP_AUTHORIZATION')).toEqual([
      [
        '/sharedMailboxes/3/clients/1/smtpAuthorization',
        "team@contoso.com's generic-smtp client sends by RBAC for Applications, but the app's mailboxScope is organization; set app.mailboxScope: rbac, or smtpAuthorization: mailbox-permission",
      ],
    ]);
  });

  it('refuses, through client-rights, the permission model without Send As for the app', () => {
    const result = mutated((doc) => mailbox(doc, 'team@contoso.com').clients.push(smtpClient('mailbox-permission')));
    expect(withCode(result, 'SPEC_CLIENT_RIGHTS_MISSING').map(([, message]) => message)).toEqual([
      "team@contoso.com's generic-smtp client signs in as the app's service principal, which needs Send As; add app to sendAs",
    ]);
  });
});
