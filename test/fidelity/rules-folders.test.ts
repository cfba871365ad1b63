/**
 * Inbox rules and folder permissions on the emulator's admin API, as ExchangeOnlineManagement calls
 * them (New-InboxRule.md, Add-MailboxFolderPermission.md): the objects, the errors, and a
 * forwarding rule acting on delivered mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let mailer: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  await admin.user('max@contoso.com');
  await admin.sharedMailbox('info@contoso.com');
  const app = await admin.app('Mailer');
  await admin.grantRoles(app.spId, GRAPH_APP_ID, ['Mail.Send']);
  mailer = await admin.appToken(app.appId, await admin.secret(app.id), 'https://graph.microsoft.com');
});
afterAll(() => emulator.stop());

async function send(subject: string): Promise<void> {
  const message = { subject, body: { contentType: 'Text', content: subject }, toRecipients: [{ emailAddress: { address: 'info@contoso.com' } }] };
  expect((await admin.graph('POST', 'users/max@contoso.com/sendMail', { message }, mailer)).status).toBe(202);
}

async function outboundTo(address: string): Promise<string[]> {
  const answer = (await (await emulator.control('GET', `outbound?to=${address}`)).json()) as { value: { raw: string }[] };
  return answer.value.map((message) => /^Subject: (.*)$/m.exec(Buffer.from(message.raw, 'base64').toString())?.[1] ?? '');
}

describe('inbox rules', () => {
  it('creates, lists, changes and removes a rule with Exchange identities and recipient formats', async () => {
    const made = await admin.exo('New-InboxRule', { Mailbox: 'info@contoso.com', Name: 'Copy out', ForwardTo: ['drop@example.org'] });
    expect(made.status).toBe(200);
    const rule = made.body.value[0];
    expect(rule).toMatchObject({ Name: 'Copy out', Enabled: true, Priority: 1, ForwardTo: ['"drop@example.org" [SMTP:drop@example.org]'], RedirectTo: null });
    expect(rule.Identity).toBe(`info\\${rule.RuleIdentity}`);
    expect(rule.Description).toContain("forward the message to 'drop@example.org'");

    const again = await admin.exo('New-InboxRule', { Mailbox: 'info@contoso.com', Name: 'copy OUT', RedirectTo: ['x@example.org'] });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].message).toContain('An Inbox rule with the name "copy OUT" already exists');

    expect((await admin.exo('Set-InboxRule', { Identity: rule.Identity, Enabled: false })).status).toBe(200);
    const listed = await admin.exo('Get-InboxRule', { Mailbox: 'info@contoso.com' });
    expect(listed.body.value.map((entry: { Name: string; Enabled: boolean }) => [entry.Name, entry.Enabled])).toEqual([['Copy out', false]]);
    expect((await admin.exo('Get-InboxRule', { Mailbox: 'info@contoso.com', Identity: 'Copy out' })).body.value[0].RuleIdentity).toBe(rule.RuleIdentity);

    expect((await admin.exo('Remove-InboxRule', { Identity: rule.Identity, Confirm: false })).status).toBe(200);
    expect((await admin.exo('Get-InboxRule', { Mailbox: 'info@contoso.com' })).body.value).toEqual([]);
    const gone = await admin.exo('Get-InboxRule', { Identity: rule.Identity });
    expect(gone.status).toBe(404);
  });

  it('refuses a recipient that is not an address, naming the parameter', async () => {
    const answer = await admin.exo('New-InboxRule', { Mailbox: 'info@contoso.com', Name: 'Bad', RedirectTo: ['not an address'] });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].message).toContain("Cannot bind parameter 'RedirectTo'");
  });

  it('sends delivered mail on through an enabled forwarding rule whose conditions match, and only then', async () => {
    await admin.exo('New-InboxRule', {
      Mailbox: 'info@contoso.com',
      Name: 'Invoices out',
      SubjectContainsWords: ['invoice'],
      RedirectTo: ['collector@example.net'],
    });
    await send('Invoice 42');
    await send('Lunch on Friday');
    expect(await outboundTo('collector@example.net')).toEqual(['Invoice 42']);
    await admin.exo('Set-InboxRule', { Mailbox: 'info@contoso.com', Identity: 'Invoices out', Enabled: false });
    await send('Invoice 43');
    expect(await outboundTo('collector@example.net')).toEqual(['Invoice 42']);
    await admin.exo('Remove-InboxRule', { Mailbox: 'info@contoso.com', Identity: 'Invoices out' });
  });
});

describe('folder permissions', () => {
  it('lists the built-in Default and Anonymous entries of a folder', async () => {
    const inbox = await admin.exo('Get-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox' });
    expect(inbox.body.value.map((entry: { User: string; AccessRights: string[] }) => [entry.User, entry.AccessRights])).toEqual([
      ['Default', ['None']],
      ['Anonymous', ['None']],
    ]);
    expect(inbox.body.value[0]).toMatchObject({ Identity: 'info:\\Inbox', FolderName: 'Inbox' });
    const calendar = await admin.exo('Get-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Calendar' });
    expect(calendar.body.value[0]).toMatchObject({ User: 'Default', AccessRights: ['AvailabilityOnly'] });
    const top = await admin.exo('Get-MailboxFolderPermission', { Identity: 'info@contoso.com:\\' });
    expect(top.body.value[0]).toMatchObject({ FolderName: 'Top of Information Store', Identity: 'info:\\' });
  });

  it('adds a user by display name, sets Default, refuses a second Add, and removes', async () => {
    const added = await admin.exo('Add-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox', User: 'max@contoso.com', AccessRights: ['Reviewer'] });
    expect(added.status).toBe(200);
    const duplicate = await admin.exo('Add-MailboxFolderPermission', {
      Identity: 'info@contoso.com:\\Inbox',
      User: 'max@contoso.com',
      AccessRights: ['Editor'],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details[0].message).toContain('An existing permission entry was found for user');
    const defaultAdd = await admin.exo('Add-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox', User: 'Default', AccessRights: ['Reviewer'] });
    expect(defaultAdd.status).toBe(400);
    expect((await admin.exo('Set-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox', User: 'Default', AccessRights: ['Reviewer'] })).status).toBe(
      200,
    );
    const listed = await admin.exo('Get-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox' });
    const rows = listed.body.value.map((entry: { User: string; AccessRights: string[] }) => [entry.User, entry.AccessRights]);
    expect(rows[0]).toEqual(['Default', ['Reviewer']]);
    expect(rows).toHaveLength(3);
    expect((await admin.exo('Remove-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox', User: 'max@contoso.com', Confirm: false })).status).toBe(
      200,
    );
    expect((await admin.exo('Remove-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox', User: 'Default', Confirm: false })).status).toBe(200);
    const after = await admin.exo('Get-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox' });
    expect(after.body.value).toHaveLength(2);
    expect(after.body.value[0].AccessRights).toEqual(['None']);
  });

  it('refuses an unknown folder and an unknown right', async () => {
    expect((await admin.exo('Get-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Nowhere' })).status).toBe(404);
    const bad = await admin.exo('Add-MailboxFolderPermission', { Identity: 'info@contoso.com:\\Inbox', User: 'max@contoso.com', AccessRights: ['Everything'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].message).toContain("Cannot bind parameter 'AccessRights'");
  });
});

describe('$batch', () => {
  const base = (): string => `${emulator.url}/adminapi/beta/${emulator.tenantId}`;
  async function batch(
    requests: unknown[],
  ): Promise<{ status: number; body: { responses?: { id: string; status: number; headers: Record<string, string>; body: { value?: unknown[] } }[] } }> {
    const token = await admin.token('https://outlook.office365.com');
    const answer = await fetch(`${base()}/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests }),
    });
    return { status: answer.status, body: (await answer.json()) as never };
  }
  const call = (id: string, CmdletName: string, Parameters: Record<string, unknown>) => ({
    id,
    method: 'POST',
    url: `${base()}/InvokeCommand`,
    body: { CmdletInput: { CmdletName, Parameters } },
  });

  it('answers several cmdlets in one request, each with its own status', async () => {
    const answer = await batch([
      call('1', 'Get-MailboxPermission', { Identity: 'info@contoso.com' }),
      call('2', 'Get-InboxRule', { Mailbox: 'nobody@contoso.com' }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses?.map((item) => [item.id, item.status])).toEqual([
      ['1', 200],
      ['2', 404],
    ]);
    expect(answer.body.responses?.[0]?.body.value?.length).toBeGreaterThan(0);
  });

  it('refuses more than 10 items, and throttles an item inside a 200 batch when its cmdlet is faulted', async () => {
    expect((await batch(Array.from({ length: 11 }, (_, index) => call(String(index), 'Get-OrganizationConfig', {})))).status).toBe(400);
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'exchange', operation: 'Get-InboxRule', retryAfterSeconds: 2, times: 1 }] });
    const answer = await batch([call('a', 'Get-InboxRule', { Mailbox: 'info@contoso.com' }), call('b', 'Get-OrganizationConfig', {})]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses?.map((item) => [item.id, item.status])).toEqual([
      ['a', 429],
      ['b', 200],
    ]);
    expect(answer.body.responses?.[0]?.headers['retry-after']).toBe('2');
  });
});
