import { describe, expect, it } from 'vitest';
import type { CasFacts, MailboxFacts, TenantSnapshot } from '../../../src/verify/snapshot.js';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

/** The snapshot with a user's own mailbox and its CAS settings. */
function withOwnMailbox(snapshot: TenantSnapshot, upn: string, cas: CasFacts): TenantSnapshot {
  const name = upn.split('@')[0] as string;
  const mailboxes = new Map(snapshot.mailboxes);
  const shared = [...snapshot.mailboxes.values()][0] as MailboxFacts;
  mailboxes.set(upn, { ...shared, guid: `own-${name}`, name, primaryAddress: upn, smtpAddresses: [upn], recipientTypeDetails: 'UserMailbox' });
  return { ...snapshot, mailboxes, casMailboxes: new Map(snapshot.casMailboxes).set(name, cas) };
}

const on: CasFacts = { imapEnabled: true, popEnabled: true, smtpClientAuthenticationDisabled: false };

describe('MBX.DELEGATE.2', () => {
  it("passes where SMTP AUTH is on for the delegate's own mailbox each SMTP client signs in as", async () => {
    const spec = await contoso();
    let snapshot = withOwnMailbox(compliantSnapshot(spec), 'max.mustermann@contoso.com', on);
    snapshot = withOwnMailbox(snapshot, 'svc-genesys@contoso.com', on);
    expect(statuses(runCheck('MBX.DELEGATE.2', spec, snapshot))).toEqual([
      'pass info@contoso.com max.mustermann@contoso.com',
      'skip sales@contoso.com',
      'pass support@contoso.com svc-genesys@contoso.com',
      'skip team@contoso.com',
    ]);
  });

  it("fails where the delegate's own mailbox follows an organization that disables SMTP AUTH, though the shared mailbox allows it", async () => {
    const spec = await contoso();
    let snapshot = withOwnMailbox(compliantSnapshot(spec), 'max.mustermann@contoso.com', { ...on, smtpClientAuthenticationDisabled: null });
    snapshot = withOwnMailbox(snapshot, 'svc-genesys@contoso.com', on);
    const failed = runCheck('MBX.DELEGATE.2', spec, snapshot).find((result) => result.status === 'fail');
    expect(failed).toMatchObject({ mailbox: 'info@contoso.com', subject: 'max.mustermann@contoso.com' });
    expect(failed?.message).toContain('535 5.7.139 (SmtpClientAuthentication is disabled for the Tenant)');
    expect(failed?.remediation?.powershell).toBe('Set-CASMailbox -Identity max.mustermann@contoso.com -SmtpClientAuthenticationDisabled $false');
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
