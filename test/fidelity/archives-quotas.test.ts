/**
 * Archives (Enable-Mailbox -Archive, Disable-Mailbox -Archive, Get-MailboxStatistics -Archive:
 * Enable-Mailbox.md) and quotas: the control API's stored-size facility puts a mailbox at 49.5 GB
 * or 50 GB without storing the bytes, and the emulator then refuses to send from it at
 * ProhibitSendQuota and stops delivering to it at ProhibitSendReceiveQuota (fidelity 7.8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const GB = 1024 ** 3;
let emulator: TestEmulator;
let admin: TenantAdmin;
let mailer: string;

async function statistics(identity: string, archive = false): Promise<{ ItemCount: number; TotalItemSize: string; IsArchiveMailbox?: boolean }> {
  return (await admin.exo('Get-MailboxStatistics', { Identity: identity, ...(archive ? { Archive: true } : {}) })).body.value[0];
}

function send(from: string, to: string, subject: string) {
  return admin.graph(
    'POST',
    `users/${from}/sendMail`,
    { message: { subject, body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: to } }] } },
    mailer,
  );
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  await admin.sharedMailbox('info@contoso.com');
  await admin.sharedMailbox('full@contoso.com');
  const app = await admin.app('Mailer');
  await admin.grantRoles(app.spId, GRAPH_APP_ID, ['Mail.Send']);
  mailer = await admin.appToken(app.appId, await admin.secret(app.id), 'https://graph.microsoft.com');
});
afterAll(() => emulator.stop());

describe('archives', () => {
  it('enables and disables the archive of a shared mailbox, with its status, Guid and statistics', async () => {
    const row = async () => (await admin.exo('Get-Mailbox', { Identity: 'info@contoso.com' })).body.value[0];
    expect([(await row()).ArchiveStatus, (await row()).ArchiveGuid]).toEqual(['None', '00000000-0000-0000-0000-000000000000']);
    expect((await admin.exo('Get-MailboxStatistics', { Identity: 'info@contoso.com', Archive: true })).status).toBe(400);

    expect((await admin.exo('Enable-Mailbox', { Identity: 'info@contoso.com', Archive: true })).status).toBe(200);
    const enabled = await row();
    expect(enabled.ArchiveStatus).toBe('Active');
    expect(enabled.ArchiveGuid).not.toBe('00000000-0000-0000-0000-000000000000');
    expect(await statistics('info@contoso.com', true)).toMatchObject({ ItemCount: 0, IsArchiveMailbox: true });
    const again = await admin.exo('Enable-Mailbox', { Identity: 'info@contoso.com', Archive: true });
    expect([again.status, again.body.error.details[0].message]).toEqual([400, expect.stringContaining('already has an archive')]);

    expect((await admin.exo('Disable-Mailbox', { Identity: 'info@contoso.com', Archive: true, Confirm: false })).status).toBe(200);
    expect((await row()).ArchiveStatus).toBe('None');
    expect((await admin.exo('Enable-Mailbox', { Identity: 'info@contoso.com', Archive: true })).status).toBe(200);
    expect((await row()).ArchiveGuid).toBe(enabled.ArchiveGuid);
  });

  it('refuses Enable-Mailbox without -Archive, as Exchange Online makes mailboxes by licensing', async () => {
    const refused = await admin.exo('Enable-Mailbox', { Identity: 'full@contoso.com' });
    expect([refused.status, refused.body.error.details[0].message]).toEqual([400, expect.stringContaining('takes -Archive')]);
  });
});

describe('stored size and quotas', () => {
  it('gives a mailbox a stored size through the control API (admin token only), shown by Get-MailboxStatistics', async () => {
    const anonymous = await fetch(`${emulator.url}/_emulator/mailboxes/info@contoso.com/size`, { method: 'PUT', body: JSON.stringify({ bytes: 1 }) });
    expect(anonymous.status).toBe(401);
    expect((await emulator.control('PUT', 'mailboxes/info@contoso.com/size', { bytes: -1 })).status).toBe(400);
    expect((await emulator.control('PUT', 'mailboxes/nobody@contoso.com/size', { bytes: 1 })).status).toBe(404);
    const set = await emulator.control('PUT', 'mailboxes/info@contoso.com/size', { bytes: 49 * GB, items: 120_000 });
    expect(await set.json()).toEqual({ mailbox: 'info@contoso.com', bytes: 49 * GB, items: 120_000 });
    expect(await statistics('info@contoso.com')).toMatchObject({ ItemCount: 120_000, TotalItemSize: '49 GB (52,613,349,376 bytes)' });
  });

  it('refuses to send from a mailbox at ProhibitSendQuota (49.5 GB), and stops delivering to one at ProhibitSendReceiveQuota (50 GB)', async () => {
    await emulator.control('PUT', 'mailboxes/full@contoso.com/size', { bytes: 49.5 * GB });
    const refused = await send('full@contoso.com', 'info@contoso.com', 'From a full mailbox');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ErrorQuotaExceeded']);

    expect((await send('info@contoso.com', 'full@contoso.com', 'Still fits')).status).toBe(202);
    expect((await statistics('full@contoso.com')).ItemCount).toBe(1);
    await emulator.control('PUT', 'mailboxes/full@contoso.com/size', { bytes: 50 * GB, items: 1 });
    expect((await send('info@contoso.com', 'full@contoso.com', 'No room')).status).toBe(202);
    expect((await statistics('full@contoso.com')).ItemCount).toBe(1);
  });
});
