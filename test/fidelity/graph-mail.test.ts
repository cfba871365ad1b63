/**
 * Graph mail on the emulator: messages, mailFolders and sendMail on the one message store, with
 * Exchange's rules for who may read and send as a mailbox. Sources: Graph's mail permissions
 * (learn.microsoft.com/graph/permissions-reference#mail-permissions), shared and delegated
 * mailboxes (learn.microsoft.com/graph/outlook-share-messages-folders, outlook-send-mail-from-
 * other-user), the error texts of fidelity 3.1 and microsoftgraph/microsoft-graph-docs-contrib#7446,
 * RBAC for Applications (learn.microsoft.com/exchange/permissions-exo/application-rbac), and
 * Set-Mailbox's MessageCopyForSentAsEnabled and Set-OrganizationConfig's SendFromAliasEnabled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

/** Kept across the restart the persistence test makes. */
const stateDir = mkdtempSync(join(tmpdir(), 'mbx-graph-mail-'));
let emulator: TestEmulator;
let admin: TenantAdmin;
/** An app with Mail.Send and Mail.ReadWrite (application). */
let mailer: { appId: string; secret: string; token: string };
/** A public client that users sign in to, with the delegated mail scopes consented. */
let outlook: { appId: string };

const DELEGATED = ['Mail.Read', 'Mail.ReadWrite', 'Mail.Send', 'Mail.Read.Shared', 'Mail.Send.Shared'].map((scope) => `https://graph.microsoft.com/${scope}`);

function message(to: string, subject: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message: { subject, body: { contentType: 'Text', content: `Body of ${subject}` }, toRecipients: [{ emailAddress: { address: to } }], ...extra } };
}

async function subjects(mailbox: string, folder: string, token = mailer.token): Promise<string[]> {
  const answer = await admin.graph('GET', `users/${mailbox}/mailFolders/${folder}/messages?$select=subject&$top=100`, undefined, token);
  expect(answer.status).toBe(200);
  return answer.body.value.map((item: { subject: string }) => item.subject);
}

async function annaToken(scopes = DELEGATED): Promise<string> {
  return admin.userToken(outlook.appId, 'anna@contoso.com', 'Anna-Pass-1', scopes);
}

beforeAll(async () => {
  emulator = await startTestEmulator({ stateDir });
  admin = new TenantAdmin(emulator);
  await admin.user('anna@contoso.com', { password: 'Anna-Pass-1' });
  await admin.user('ben@contoso.com', { password: 'Ben-Pass-1' });
  await admin.sharedMailbox('info@contoso.com');
  await admin.sharedMailbox('sales@contoso.com');
  const app = await admin.app('Mailer');
  await admin.grantRoles(app.spId, GRAPH_APP_ID, ['Mail.Send', 'Mail.ReadWrite']);
  const secret = await admin.secret(app.id);
  mailer = { appId: app.appId, secret, token: await admin.appToken(app.appId, secret, 'https://graph.microsoft.com') };
  const client = await admin.app('Outlook', { publicClient: true });
  await admin.grantScopes(client.spId, GRAPH_APP_ID, 'Mail.Read Mail.ReadWrite Mail.Send Mail.Read.Shared Mail.Send.Shared offline_access');
  outlook = { appId: client.appId };
});
afterAll(async () => {
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('sendMail and delivery', () => {
  it('delivers to tenant Inboxes, keeps a Sent Items copy and hands external mail to the outbound sink', async () => {
    const sent = await admin.graph(
      'POST',
      'users/anna@contoso.com/sendMail',
      message('info@contoso.com', 'Hello info', { ccRecipients: [{ emailAddress: { address: 'partner@example.org' } }] }),
      mailer.token,
    );
    expect(sent.status).toBe(202);
    expect(sent.body).toBeUndefined();
    expect(await subjects('info@contoso.com', 'inbox')).toContain('Hello info');
    expect(await subjects('anna@contoso.com', 'sentitems')).toContain('Hello info');
    const outbound = (await (await emulator.control('GET', 'outbound?to=partner@example.org')).json()) as { value: { mailFrom: string; raw: string }[] };
    expect(outbound.value).toHaveLength(1);
    expect(outbound.value[0]).toMatchObject({ mailFrom: 'anna@contoso.com', recipients: ['partner@example.org'], via: 'graph' });
    expect(Buffer.from(outbound.value[0]?.raw ?? '', 'base64').toString()).toContain('Subject: Hello info');
  });

  it('does not save to Sent Items when saveToSentItems is false', async () => {
    await admin.graph('POST', 'users/anna@contoso.com/sendMail', { ...message('ben@contoso.com', 'No copy'), saveToSentItems: false }, mailer.token);
    expect(await subjects('ben@contoso.com', 'inbox')).toContain('No copy');
    expect(await subjects('anna@contoso.com', 'sentitems')).not.toContain('No copy');
  });

  it('refuses a From of another mailbox without Send As with ErrorSendAsDenied, and sends once it is granted', async () => {
    const from = { from: { emailAddress: { address: 'info@contoso.com' } } };
    const denied = await admin.graph('POST', 'users/anna@contoso.com/sendMail', message('ben@contoso.com', 'As info', from), mailer.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'ErrorSendAsDenied',
      message:
        'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.',
    });
    expect(await subjects('ben@contoso.com', 'inbox')).not.toContain('As info');

    await admin.exo('Add-RecipientPermission', { Identity: 'info@contoso.com', Trustee: 'anna@contoso.com', AccessRights: 'SendAs', Confirm: false });
    await admin.exo('Set-Mailbox', { Identity: 'info@contoso.com', MessageCopyForSentAsEnabled: true });
    expect((await admin.graph('POST', 'users/anna@contoso.com/sendMail', message('ben@contoso.com', 'As info', from), mailer.token)).status).toBe(202);
    const inbox = await admin.graph('GET', "users/ben@contoso.com/messages?$filter=subject eq 'As info'", undefined, mailer.token);
    expect(inbox.body.value[0].from.emailAddress.address).toBe('info@contoso.com');
    // MessageCopyForSentAsEnabled: the shared mailbox keeps a copy too, besides the sender's own.
    expect(await subjects('info@contoso.com', 'sentitems')).toContain('As info');
    expect(await subjects('anna@contoso.com', 'sentitems')).toContain('As info');
  });

  it('sends on behalf with GrantSendOnBehalfTo: From is the shared mailbox, Sender the delegate', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'sales@contoso.com', GrantSendOnBehalfTo: { Add: ['ben@contoso.com'] } });
    const sent = await admin.graph(
      'POST',
      'users/ben@contoso.com/sendMail',
      message('anna@contoso.com', 'For sales', { from: { emailAddress: { address: 'sales@contoso.com' } } }),
      mailer.token,
    );
    expect(sent.status).toBe(202);
    const found = await admin.graph('GET', "users/anna@contoso.com/messages?$filter=subject eq 'For sales'", undefined, mailer.token);
    expect(found.body.value[0]).toMatchObject({
      from: { emailAddress: { address: 'sales@contoso.com' } },
      sender: { emailAddress: { address: 'ben@contoso.com' } },
    });
  });

  it('sends from a secondary address only when SendFromAliasEnabled is on', async () => {
    await admin.exo('Set-Mailbox', { Identity: 'anna@contoso.com', EmailAddresses: { Add: ['smtp:a.smith@contoso.com'] } });
    const fromAlias = message('ben@contoso.com', 'From alias', { from: { emailAddress: { address: 'a.smith@contoso.com' } } });
    expect((await admin.graph('POST', 'users/anna@contoso.com/sendMail', fromAlias, mailer.token)).body.error.code).toBe('ErrorSendAsDenied');
    await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: true });
    try {
      expect((await admin.graph('POST', 'users/anna@contoso.com/sendMail', fromAlias, mailer.token)).status).toBe(202);
    } finally {
      await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: false });
    }
  });

  it('accepts a base64 MIME message (Content-Type: text/plain) and stores its bytes unchanged', async () => {
    const mime =
      'From: anna@contoso.com\r\nTo: ben@contoso.com\r\nSubject: Raw MIME\r\nMessage-ID: <raw-mime-1@contoso.com>\r\nX-Probe: 1\r\n\r\nexact bytes\r\n';
    const response = await fetch(`${emulator.url}/v1.0/users/anna@contoso.com/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mailer.token}`, 'content-type': 'text/plain' },
      body: Buffer.from(mime).toString('base64'),
    });
    expect(response.status).toBe(202);
    const found = await admin.graph(
      'GET',
      "users/ben@contoso.com/messages?$filter=internetMessageId eq '<raw-mime-1@contoso.com>'&$select=id,subject",
      undefined,
      mailer.token,
    );
    expect(found.body.value).toHaveLength(1);
    const value = await fetch(`${emulator.url}/v1.0/users/ben@contoso.com/messages/${found.body.value[0].id}/$value`, {
      headers: { authorization: `Bearer ${mailer.token}` },
    });
    expect(await value.text()).toBe(mime);
  });

  it('answers ErrorInvalidRecipients for a message without recipients, and InvalidInternetMessageHeader for a header without x-', async () => {
    const none = await admin.graph('POST', 'users/anna@contoso.com/sendMail', { message: { subject: 'x', body: { content: 'x' } } }, mailer.token);
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('ErrorInvalidRecipients');
    const header = await admin.graph(
      'POST',
      'users/anna@contoso.com/sendMail',
      message('ben@contoso.com', 'h', { internetMessageHeaders: [{ name: 'Priority', value: '1' }] }),
      mailer.token,
    );
    expect(header.body.error).toMatchObject({
      code: 'InvalidInternetMessageHeader',
      message: "The internet message header name 'Priority' should start with 'x-' or 'X-'.",
    });
  });
});

describe('reading a mailbox', () => {
  it('lists, reads, marks read, moves and deletes messages, with the item count following', async () => {
    await admin.graph('POST', 'users/anna@contoso.com/sendMail', message('ben@contoso.com', 'Lifecycle'), mailer.token);
    const listed = await admin.graph('GET', "users/ben@contoso.com/messages?$filter=subject eq 'Lifecycle'", undefined, mailer.token);
    const item = listed.body.value[0];
    expect(item).toMatchObject({
      isRead: false,
      body: { contentType: 'text', content: 'Body of Lifecycle' },
      toRecipients: [{ emailAddress: { address: 'ben@contoso.com' } }],
    });
    const before = (await admin.exo('Get-MailboxStatistics', { Identity: 'ben@contoso.com' })).body.value[0].ItemCount;

    const read = await admin.graph('PATCH', `users/ben@contoso.com/messages/${item.id}`, { isRead: true }, mailer.token);
    expect(read.body.isRead).toBe(true);
    const moved = await admin.graph('POST', `users/ben@contoso.com/messages/${item.id}/move`, { destinationId: 'archive' }, mailer.token);
    expect(moved.status).toBe(201);
    expect(moved.body.isRead).toBe(true);
    expect(await subjects('ben@contoso.com', 'archive')).toEqual(['Lifecycle']);
    expect((await admin.graph('GET', `users/ben@contoso.com/messages/${item.id}`, undefined, mailer.token)).body.error.code).toBe('ErrorItemNotFound');

    expect((await admin.graph('DELETE', `users/ben@contoso.com/messages/${moved.body.id}`, undefined, mailer.token)).status).toBe(204);
    expect(await subjects('ben@contoso.com', 'archive')).toEqual([]);
    expect((await admin.exo('Get-MailboxStatistics', { Identity: 'ben@contoso.com' })).body.value[0].ItemCount).toBe(before - 1);
  });

  it("lists the folders with Exchange's names and counts, and pages messages with the SDK", async () => {
    const folders = await admin.graph('GET', 'users/info@contoso.com/mailFolders', undefined, mailer.token);
    expect(folders.body.value.map((folder: { displayName: string }) => folder.displayName)).toEqual([
      'Archive',
      'Deleted Items',
      'Drafts',
      'Inbox',
      'Junk Email',
      'Outbox',
      'Sent Items',
    ]);
    const inbox = folders.body.value.find((folder: { displayName: string }) => folder.displayName === 'Inbox');
    expect(inbox.totalItemCount).toBeGreaterThan(0);

    const credential = new ClientSecretCredential(emulator.tenantId, mailer.appId, mailer.secret, {
      authorityHost: emulator.url,
      disableInstanceDiscovery: true,
    });
    const sdk = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
      baseUrl: emulator.url,
      customHosts: new Set([new URL(emulator.url).hostname]),
    });
    const page = await sdk.api('/users/anna@contoso.com/mailFolders/sentitems/messages').top(1).select('subject').get();
    expect(page.value).toHaveLength(1);
    expect(page['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('answers ErrorInvalidUser for an unknown user and 400 for /me with an app token', async () => {
    const unknown = await admin.graph('GET', 'users/nobody@contoso.com/messages', undefined, mailer.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'ErrorInvalidUser', message: "The requested user 'nobody@contoso.com' is invalid." });
    const me = await admin.graph('GET', 'me/messages', undefined, mailer.token);
    expect(me.status).toBe(400);
    expect(me.body.error.message).toBe('/me request is only valid with delegated authentication flow.');
  });
});

describe('delegated access to a shared mailbox', () => {
  it('reads /me with Mail.Read, and the shared mailbox only with Mail.Read.Shared and Full Access', async () => {
    const token = await annaToken();
    expect((await admin.graph('GET', 'me/mailFolders/inbox/messages', undefined, token)).status).toBe(200);
    const denied = await admin.graph('GET', 'users/sales@contoso.com/messages', undefined, token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });

    await admin.exo('Add-MailboxPermission', { Identity: 'sales@contoso.com', User: 'anna@contoso.com', AccessRights: ['FullAccess'], AutoMapping: false });
    expect((await admin.graph('GET', 'users/sales@contoso.com/messages', undefined, token)).status).toBe(200);
    // Full Access alone is not enough: the token needs a .Shared scope.
    const ownOnly = await annaToken(['https://graph.microsoft.com/Mail.Read']);
    expect((await admin.graph('GET', 'users/sales@contoso.com/messages', undefined, ownOnly)).body.error.code).toBe('ErrorAccessDenied');
  });

  it('honours a Full Access grant only after the replication delay, though Get-MailboxPermission shows it at once', async () => {
    await emulator.control('PUT', 'settings', { replicationDelaySeconds: 600 });
    try {
      await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'anna@contoso.com', AccessRights: ['FullAccess'], AutoMapping: false });
      const listed = await admin.exo('Get-MailboxPermission', { Identity: 'info@contoso.com', User: 'anna@contoso.com' });
      expect(listed.body.value).toHaveLength(1);
      const token = await annaToken();
      expect((await admin.graph('GET', 'users/info@contoso.com/messages', undefined, token)).status).toBe(403);
      await emulator.control('PUT', 'settings', { clockOffsetSeconds: 601 });
      expect((await admin.graph('GET', 'users/info@contoso.com/messages', undefined, await annaToken())).status).toBe(200);
    } finally {
      await emulator.control('PUT', 'settings', { replicationDelaySeconds: 0, clockOffsetSeconds: 0 });
    }
  });

  it('sends as the shared mailbox from /users/{shared}/sendMail with Mail.Send.Shared and Send As', async () => {
    const token = await annaToken();
    const sent = await admin.graph('POST', 'users/info@contoso.com/sendMail', message('ben@contoso.com', 'Delegated as info'), token);
    expect(sent.status).toBe(202);
    const denied = await admin.graph('POST', 'users/ben@contoso.com/sendMail', message('anna@contoso.com', 'As ben'), token);
    expect(denied.body.error.code).toBe('ErrorSendAsDenied');
  });
});

describe('RBAC for Applications', () => {
  it('lets an app without Entra mail permissions read only the mailboxes its management scope covers', async () => {
    const app = await admin.app('Scoped reader');
    const secret = await admin.secret(app.id);
    const token = await admin.appToken(app.appId, secret, 'https://graph.microsoft.com');
    expect((await admin.graph('GET', 'users/info@contoso.com/messages', undefined, token)).body.error.code).toBe('ErrorAccessDenied');

    await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.spId, DisplayName: 'Scoped reader' });
    await admin.exo('New-ManagementScope', { Name: 'Info only', RecipientRestrictionFilter: "PrimarySmtpAddress -eq 'info@contoso.com'" });
    await admin.exo('New-ManagementRoleAssignment', { App: app.appId, Role: 'Application Mail.Read', CustomResourceScope: 'Info only' });
    expect((await admin.graph('GET', 'users/info@contoso.com/messages', undefined, token)).status).toBe(200);
    expect((await admin.graph('GET', 'users/sales@contoso.com/messages', undefined, token)).status).toBe(403);
    // Read, not write.
    const anyMessage = (await admin.graph('GET', 'users/info@contoso.com/messages?$top=1', undefined, token)).body.value[0];
    expect((await admin.graph('DELETE', `users/info@contoso.com/messages/${anyMessage.id}`, undefined, token)).status).toBe(403);
  });
});

describe('application access policies (legacy)', () => {
  it("limit an app's Entra mail permissions to the scope (RestrictAccess) or away from it (DenyAccess), and list and test as Exchange does", async () => {
    const app = await admin.app('Policy reader');
    await admin.grantRoles(app.spId, GRAPH_APP_ID, ['Mail.Read']);
    const token = await admin.appToken(app.appId, await admin.secret(app.id), 'https://graph.microsoft.com');
    const read = async (mailbox: string): Promise<number> => (await admin.graph('GET', `users/${mailbox}/messages?$top=1`, undefined, token)).status;
    expect([await read('info@contoso.com'), await read('sales@contoso.com')]).toEqual([200, 200]);

    const created = await admin.exo('New-ApplicationAccessPolicy', {
      AppId: [app.appId],
      PolicyScopeGroupId: 'info@contoso.com',
      AccessRight: 'RestrictAccess',
      Description: 'info only',
    });
    expect(created.status).toBe(200);
    expect([await read('info@contoso.com'), await read('sales@contoso.com')]).toEqual([200, 403]);
    const listed = (await admin.exo('Get-ApplicationAccessPolicy')).body.value.filter((policy: { AppId: string }) => policy.AppId === app.appId);
    expect(listed).toEqual([expect.objectContaining({ AccessRight: 'RestrictAccess', ScopeName: 'info', Description: 'info only' })]);
    expect((await admin.exo('Test-ApplicationAccessPolicy', { Identity: 'sales@contoso.com', AppId: app.appId })).body.value[0].AccessCheckResult).toBe(
      'Denied',
    );

    await admin.exo('Remove-ApplicationAccessPolicy', { Identity: listed[0].Identity });
    await admin.exo('New-ApplicationAccessPolicy', { AppId: [app.appId], PolicyScopeGroupId: 'info@contoso.com', AccessRight: 'DenyAccess' });
    expect([await read('info@contoso.com'), await read('sales@contoso.com')]).toEqual([403, 200]);
    const bad = await admin.exo('New-ApplicationAccessPolicy', { AppId: [app.appId], PolicyScopeGroupId: 'info@contoso.com', AccessRight: 'ReadOnly' });
    expect(bad.status).toBe(400);
  });
});

describe('persistence', () => {
  it('keeps messages, flags and UIDs across a restart', async () => {
    const before = await admin.graph('GET', 'users/ben@contoso.com/messages?$select=id,subject,isRead&$top=100', undefined, mailer.token);
    await emulator.stop();
    emulator = await startTestEmulator({ stateDir });
    admin = new TenantAdmin(emulator);
    const token = await admin.appToken(mailer.appId, mailer.secret, 'https://graph.microsoft.com');
    mailer = { ...mailer, token };
    const after = await admin.graph('GET', 'users/ben@contoso.com/messages?$select=id,subject,isRead&$top=100', undefined, token);
    expect(after.body.value).toEqual(before.body.value);
  });
});
