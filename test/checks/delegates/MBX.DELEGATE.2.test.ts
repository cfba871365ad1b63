import { describe, expect, it } from 'vitest';
import type { CasFacts } from '../../../src/verify/snapshot.js';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.DELEGATE.2', () => {
  it("passes where SMTP AUTH is on for the delegate's own mailbox each SMTP client signs in as", async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.DELEGATE.2', spec, compliantSnapshot(spec)))).toEqual([
      'pass info@contoso.com max.mustermann@contoso.com',
      'skip sales@contoso.com',
      'pass support@contoso.com svc-genesys@contoso.com',
      'skip team@contoso.com',
    ]);
  });

  it("fails where the delegate's own mailbox follows an organization that disables SMTP AUTH, and where it has no mailbox", async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const casMailboxes = new Map(snapshot.casMailboxes).set('max.mustermann', {
      ...(snapshot.casMailboxes.get('max.mustermann') as CasFacts),
      smtpClientAuthenticationDisabled: null,
    });
    const mailboxes = new Map(snapshot.mailboxes);
    mailboxes.delete('svc-genesys@contoso.com');
    const failed = runCheck('MBX.DELEGATE.2', spec, { ...snapshot, casMailboxes, mailboxes }).filter((result) => result.status === 'fail');
    expect(failed.map((result) => [result.mailbox, result.subject, result.actual])).toEqual([
      ['info@contoso.com', 'max.mustermann@contoso.com', 'off (the organization disables it, and the mailbox follows)'],
      ['support@contoso.com', 'svc-genesys@contoso.com', 'no mailbox'],
    ]);
    expect(failed[0]?.message).toContain('535 5.7.139 (SmtpClientAuthentication is disabled for the Tenant)');
    expect(failed[0]?.remediation?.powershell).toBe('Set-CASMailbox -Identity max.mustermann@contoso.com -SmtpClientAuthenticationDisabled $false');
  });

  it('fails for a client set to sign in to SMTP as the shared address, whatever the tenant holds', async () => {
    const base = await contoso();
    const spec = {
      ...base,
      sharedMailboxes: base.sharedMailboxes.map((mailbox, i) =>
        i === 0 ? { ...mailbox, clients: mailbox.clients.map((client) => ({ ...client, smtpLogin: 'shared' as const })) } : mailbox,
      ),
    };
    const failed = runCheck('MBX.DELEGATE.2', spec, compliantSnapshot(spec))[0];
    expect(failed).toMatchObject({ status: 'fail', subject: 'info@contoso.com', actual: 'sign-in as info@contoso.com' });
    expect(failed?.message).toContain('535 5.7.3');
  });
});
