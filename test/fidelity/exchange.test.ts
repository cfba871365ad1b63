/**
 * The Exchange Online admin API (InvokeCommand) on the emulator, by raw HTTPS as
 * ExchangeOnlineManagement v3 calls it. Behaviours pinned: fidelity 1.3 (body, GenericHashTable),
 * 1.4 (envelope, headers), 1.5 (paging), 1.6 (errors), 1.7 (ManageAsApp plus a directory role),
 * 2.1 to 2.8 (cmdlets and their objects), 6 (a new shared mailbox's account is enabled).
 */
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let shared: { userId: string; guid: string };

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  await admin.user('max@contoso.com');
  await admin.user('erika@contoso.com');
  shared = await admin.sharedMailbox('info@contoso.com');
});
afterAll(() => emulator.stop());

describe('InvokeCommand envelope', () => {
  it("answers Get-Mailbox in the OData envelope with Exchange's headers and property formats (fidelity 1.4, 2.2)", async () => {
    const answer = await admin.exo('Get-Mailbox', { Identity: 'info@contoso.com' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8');
    expect(answer.headers.get('odata-version')).toBe('4.0');
    expect(answer.body['@odata.context']).toMatch(/\/adminapi\/beta\/.+\/\$metadata#Collection\(Exchange\.GenericHashTable\)$/);
    expect(answer.body['@adminapi.warnings']).toEqual([]);
    expect(answer.body.value[0]).toMatchObject({
      RecipientTypeDetails: 'SharedMailbox',
      RecipientType: 'UserMailbox',
      PrimarySmtpAddress: 'info@contoso.com',
      EmailAddresses: ['SMTP:info@contoso.com', 'smtp:info@contoso.onmicrosoft.com'],
      ExternalDirectoryObjectId: shared.userId,
      ProhibitSendReceiveQuota: '50 GB (53,687,091,200 bytes)',
      ProhibitSendQuota: '49.5 GB (53,150,220,288 bytes)',
      ArchiveGuid: '00000000-0000-0000-0000-000000000000',
      ForwardingSmtpAddress: null,
    });
    expect(answer.body.value[0].WhenCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
  });

  it("creates the shared mailbox's Entra user enabled, with a password nobody knows (fidelity 2.1, 6)", async () => {
    const user = await admin.graph('GET', `users/${shared.userId}?$select=accountEnabled,userPrincipalName,assignedLicenses`);
    expect(user.body).toMatchObject({ accountEnabled: true, userPrincipalName: 'info@contoso.com', assignedLicenses: [] });
  });

  it.each([
    ['MaxSendSize', '35 MB (36,700,160 bytes)'],
    ['MaxReceiveSize', '36 MB (37,748,736 bytes)'],
  ])("keeps %s as Set-Mailbox sets it, Exchange Online's default (%s) until then and 150 MB at most", async (name, byDefault) => {
    const shown = async () => (await admin.exo('Get-Mailbox', { Identity: 'info@contoso.com' })).body.value[0][name] as string;
    expect(await shown()).toBe(byDefault);
    expect((await admin.exo('Set-Mailbox', { Identity: 'info@contoso.com', [name]: '25MB' })).status).toBe(200);
    expect(await shown()).toBe('25 MB (26,214,400 bytes)');
    expect((await admin.exo('Set-Mailbox', { Identity: 'info@contoso.com', [name]: '200MB' })).status).toBe(400);
    expect(await shown()).toBe('25 MB (26,214,400 bytes)');
    await admin.exo('Set-Mailbox', { Identity: 'info@contoso.com', [name]: byDefault.split(' (')[0]?.replace(' ', '') ?? '' });
  });

  it("refuses a proxy address already in use with Exchange's text", async () => {
    const answer = await admin.exo('New-Mailbox', { Shared: true, Name: 'info2', PrimarySmtpAddress: 'info@contoso.com' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].message).toBe(
      'Ex5E8C1B|Microsoft.Exchange.Data.DataValidationException|The proxy address "SMTP:info@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.',
    );
  });

  it('answers an unknown identity with 404 NotFound and details "StringId|ExceptionType|text" (fidelity 1.6)', async () => {
    const answer = await admin.exo('Get-Mailbox', { Identity: 'nobody@contoso.com' });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ code: 'NotFound', message: 'Error executing cmdlet' });
    const [stringId, type, text] = (answer.body.error.details[0].message as string).split('|');
    expect(stringId).toMatch(/^Ex[0-9A-F]{6}$/);
    expect(type).toBe('Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');
    expect(text).toMatch(/^The operation couldn't be performed because object 'nobody@contoso\.com' couldn't be found on '.+'\.$/);
  });

  it('refuses a parameter the cmdlet does not have, as PowerShell binds parameters', async () => {
    const answer = await admin.exo('Get-Mailbox', { Identity: 'info@contoso.com', Idenity: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].message).toContain("A parameter cannot be found that matches parameter name 'Idenity'.");
  });

  it('says loudly when a cmdlet is not emulated', async () => {
    const answer = await admin.exo('Get-DynamicDistributionGroup');
    expect(answer.status).toBe(501);
    expect(answer.body.error.message).toContain('not emulated');
  });
});

describe('paging', () => {
  it('pages by Prefer: odata.maxpagesize and @odata.nextLink, POSTing the same body (fidelity 1.5)', async () => {
    for (let index = 0; index < 4; index += 1) await admin.sharedMailbox(`page${index}@contoso.com`);
    const seen: string[] = [];
    let url: string | undefined;
    let pages = 0;
    do {
      const answer = await admin.exo(
        'Get-Mailbox',
        { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' },
        { prefer: 'odata.maxpagesize=2', ...(url === undefined ? {} : { url }) },
      );
      seen.push(...answer.body.value.map((mailbox: { PrimarySmtpAddress: string }) => mailbox.PrimarySmtpAddress));
      url = answer.body['@odata.nextLink'];
      pages += 1;
    } while (url !== undefined);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("caps results at ResultSize with Exchange's warning", async () => {
    const answer = await admin.exo('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox', ResultSize: 2 });
    expect(answer.body.value).toHaveLength(2);
    expect(answer.body['@adminapi.warnings']).toEqual([
      'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.',
    ]);
  });

  it('shows a change to the mailbox or to its user in the next listing (listings are served from cached JSON)', async () => {
    const list = async () =>
      (await admin.exo('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' })).body.value.find(
        (mailbox: { PrimarySmtpAddress: string }) => mailbox.PrimarySmtpAddress === 'page0@contoso.com',
      );
    expect(await list()).toMatchObject({ AccountDisabled: false, HiddenFromAddressListsEnabled: false });
    await admin.graph('PATCH', `users/page0@contoso.com`, { accountEnabled: false });
    expect(await list()).toMatchObject({ AccountDisabled: true });
    await admin.exo('Set-Mailbox', { Identity: 'page0@contoso.com', HiddenFromAddressListsEnabled: true });
    expect(await list()).toMatchObject({ AccountDisabled: true, HiddenFromAddressListsEnabled: true });
  });

  it('filters with OPATH', async () => {
    const answer = await admin.exo('Get-EXOMailbox', {
      Filter: "RecipientTypeDetails -eq 'SharedMailbox' -and PrimarySmtpAddress -like 'page*'",
      ResultSize: 'Unlimited',
    });
    expect(answer.body.value.map((mailbox: { PrimarySmtpAddress: string }) => mailbox.PrimarySmtpAddress).sort()).toEqual([
      'page0@contoso.com',
      'page1@contoso.com',
      'page2@contoso.com',
      'page3@contoso.com',
    ]);
    expect(Object.keys(answer.body.value[0])).not.toContain('ProhibitSendQuota');
  });
});

describe('permissions', () => {
  it('lists NT AUTHORITY\\SELF and the grants, and warns on a duplicate grant (fidelity 2.4)', async () => {
    const added = await admin.exo('Add-MailboxPermission', {
      Identity: 'info@contoso.com',
      User: 'max@contoso.com',
      AccessRights: ['FullAccess'],
      AutoMapping: false,
    });
    expect(added.body.value[0]).toMatchObject({ User: 'max@contoso.com', AccessRights: ['FullAccess'], IsInherited: false, Deny: false });
    const again = await admin.exo('Add-MailboxPermission', { Identity: 'info@contoso.com', User: 'max@contoso.com', AccessRights: ['FullAccess'] });
    expect(again.body['@adminapi.warnings']).toEqual(['An existing permission entry was found for user: max@contoso.com.']);
    const listed = await admin.exo('Get-MailboxPermission', { Identity: 'info@contoso.com' });
    expect(listed.body.value.map((entry: { User: string; AccessRights: string[] }) => [entry.User, entry.AccessRights])).toEqual([
      ['NT AUTHORITY\\SELF', ['FullAccess', 'ReadPermission']],
      ['max@contoso.com', ['FullAccess']],
    ]);
    await admin.exo('Remove-MailboxPermission', { Identity: 'info@contoso.com', User: 'max@contoso.com', AccessRights: ['FullAccess'], Confirm: false });
    expect((await admin.exo('Get-MailboxPermission', { Identity: 'info@contoso.com', User: 'max@contoso.com' })).body.value).toEqual([]);
  });

  it('grants Send As and lists it tenant-wide without -Identity', async () => {
    await admin.exo('Add-RecipientPermission', { Identity: 'info@contoso.com', Trustee: 'erika@contoso.com', AccessRights: ['SendAs'], Confirm: false });
    const all = await admin.exo('Get-RecipientPermission', { ResultSize: 'Unlimited' });
    expect(all.body.value).toContainEqual(
      expect.objectContaining({ Identity: 'info', Trustee: 'erika@contoso.com', AccessRights: ['SendAs'], AccessControlType: 'Allow' }),
    );
    const wrongRight = await admin.exo('Add-RecipientPermission', { Identity: 'info@contoso.com', Trustee: 'erika@contoso.com', AccessRights: ['FullAccess'] });
    expect(wrongRight.status).toBe(400);
  });

  it('edits proxy addresses and Send on Behalf with GenericHashTable add/remove (fidelity 1.3, 2.3)', async () => {
    const hashtable = (add: string[], remove: string[] = []) => ({ '@odata.type': '#Exchange.GenericHashTable', add, Remove: remove });
    await admin.exo('Set-Mailbox', {
      Identity: 'info@contoso.com',
      EmailAddresses: hashtable(['smtp:hello@contoso.com']),
      GrantSendOnBehalfTo: hashtable(['max@contoso.com']),
      MessageCopyForSentAsEnabled: true,
    });
    const mailbox = (await admin.exo('Get-Mailbox', { Identity: 'hello@contoso.com' })).body.value[0];
    expect(mailbox.EmailAddresses).toContain('smtp:hello@contoso.com');
    expect(mailbox.GrantSendOnBehalfTo).toEqual(['max@contoso.com']);
    expect(mailbox.MessageCopyForSentAsEnabled).toBe(true);
    const tooBig = await admin.exo('Set-Mailbox', { Identity: 'info@contoso.com', ProhibitSendReceiveQuota: '60GB' });
    expect(tooBig.status).toBe(400);
  });

  it('sets organization, transport and CAS settings (fidelity 2.6)', async () => {
    expect((await admin.exo('Get-TransportConfig')).body.value[0].SmtpClientAuthenticationDisabled).toBe(true);
    await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: true });
    expect((await admin.exo('Get-OrganizationConfig')).body.value[0].SendFromAliasEnabled).toBe(true);
    await admin.exo('Set-CASMailbox', { Identity: 'info@contoso.com', SmtpClientAuthenticationDisabled: false, PopEnabled: false });
    const minimum = (await admin.exo('Get-EXOCasMailbox', { Identity: 'info@contoso.com' })).body.value[0];
    expect(minimum).not.toHaveProperty('SmtpClientAuthenticationDisabled');
    const full = (await admin.exo('Get-EXOCasMailbox', { Identity: 'info@contoso.com', Properties: ['SmtpClientAuthenticationDisabled'] })).body.value[0];
    expect(full).toMatchObject({ SmtpClientAuthenticationDisabled: false, PopEnabled: false, ImapEnabled: true });
  });
});

describe('app access', () => {
  it('scopes an app with RBAC for Applications and tests it per mailbox (fidelity 2.8)', async () => {
    const app = await admin.app('Genesys');
    const registered = await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.spId, DisplayName: 'Genesys' });
    expect(registered.body.value[0]).toMatchObject({ AppId: app.appId, ObjectId: app.spId });
    const wrongObject = await admin.exo('New-ServicePrincipal', { AppId: app.appId, ObjectId: app.id });
    expect(wrongObject.status).toBe(400);
    await admin.exo('New-ManagementScope', { Name: 'Support mailboxes', RecipientRestrictionFilter: "PrimarySmtpAddress -eq 'info@contoso.com'" });
    await admin.exo('New-ManagementRoleAssignment', { Role: 'Application Mail.ReadWrite', App: app.spId, CustomResourceScope: 'Support mailboxes' });
    const inScope = await admin.exo('Test-ServicePrincipalAuthorization', { Identity: app.spId, Resource: 'info@contoso.com' });
    expect(inScope.body.value).toEqual([
      {
        RoleName: 'Application Mail.ReadWrite',
        GrantedPermissions: 'Mail.ReadWrite',
        AllowedResourceScope: 'Support mailboxes',
        ScopeType: 'CustomRecipientScope',
        InScope: 'True',
      },
    ]);
    const outOfScope = await admin.exo('Test-ServicePrincipalAuthorization', { Identity: app.spId, Resource: 'page0@contoso.com' });
    expect(outOfScope.body.value[0].InScope).toBe('False');
  });

  it("answers 401 with Exchange's WWW-Authenticate to a missing or Graph token (fidelity 1.6)", async () => {
    const graphToken = await admin.token('https://graph.microsoft.com');
    const answer = await admin.exo('Get-Mailbox', {}, { token: graphToken });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses an app with Exchange.ManageAsApp but no supported directory role (fidelity 1.7)', async () => {
    const app = await admin.app('no role');
    await admin.grantRoles(app.spId, EXCHANGE_APP_ID, ['Exchange.ManageAsApp']);
    const secret = await admin.secret(app.id);
    const credential = new ClientSecretCredential(emulator.tenantId, app.appId, secret, { authorityHost: emulator.url, disableInstanceDiscovery: true });
    const token = (await credential.getToken('https://outlook.office365.com/.default')).token;
    const answer = await admin.exo('Get-Mailbox', {}, { token });
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toContain(`The role assigned to application ${app.appId} isn't supported in this scenario.`);
  });

  it('accepts the tenant by domain in the URL as well as by GUID (fidelity 1.1)', async () => {
    const answer = await admin.exo('Get-AcceptedDomain', {}, { url: `${emulator.url}/adminapi/beta/contoso.onmicrosoft.com/InvokeCommand` });
    expect(answer.body.value.map((domain: { DomainName: string }) => domain.DomainName).sort()).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
  });
});

describe('the Admin API v2.0 (learn.microsoft.com/exchange/reference/admin-api-endpoints-reference)', () => {
  let v2: string;
  const call = async (endpoint: string, cmdlet: string, parameters: Record<string, unknown> = {}, token = v2) =>
    admin.exo(cmdlet, parameters, { token, url: `${emulator.url}/adminapi/v2.0/${emulator.tenantId}/${endpoint}` });

  beforeAll(async () => {
    const app = await admin.app('Admin API v2 client');
    await admin.grantRoles(app.spId, EXCHANGE_APP_ID, ['Exchange.ManageAsAppV2']);
    const roles = await admin.app('Role admin');
    await admin.grantRoles(roles.spId, GRAPH_APP_ID, ['RoleManagement.ReadWrite.Directory']);
    const rolesToken = await admin.appToken(roles.appId, await admin.secret(roles.id), 'https://graph.microsoft.com');
    const assigned = await admin.graph(
      'POST',
      'roleManagement/directory/roleAssignments',
      { principalId: app.spId, roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de', directoryScopeId: '/' },
      rolesToken,
    );
    expect(assigned.status).toBe(201);
    v2 = await admin.appToken(app.appId, await admin.secret(app.id), 'https://outlook.office365.com');
  });

  it('answers each endpoint its own cmdlets with Exchange.ManageAsAppV2, and writes only GrantSendOnBehalfTo through Mailbox', async () => {
    expect((await call('OrganizationConfig', 'Get-OrganizationConfig')).status).toBe(200);
    const domains = (await call('AcceptedDomain', 'Get-AcceptedDomain')).body;
    expect(domains['@odata.context']).toContain('/adminapi/v2.0/');
    expect(domains.value.length).toBeGreaterThan(0);
    await admin.sharedMailbox('desk@contoso.com');
    await admin.user('dina@contoso.com');
    expect((await call('Mailbox', 'Set-Mailbox', { Identity: 'desk@contoso.com', GrantSendOnBehalfTo: ['dina@contoso.com'] })).status).toBe(200);
    const desk = (await call('Mailbox', 'Get-Mailbox', { Identity: 'desk@contoso.com' })).body.value[0];
    expect(desk.GrantSendOnBehalfTo).toHaveLength(1);
    const other = await call('Mailbox', 'Set-Mailbox', { Identity: 'desk@contoso.com', HiddenFromAddressListsEnabled: true });
    expect([other.status, other.body.error.details[0].message]).toEqual([400, expect.stringContaining("parameter name 'HiddenFromAddressListsEnabled'")]);
    const wrong = await call('AcceptedDomain', 'Get-Mailbox');
    expect([wrong.status, wrong.body.error.details[0].message]).toEqual([
      400,
      expect.stringContaining("isn't available on the Admin API endpoint 'AcceptedDomain'"),
    ]);
    const calendar = await call('MailboxFolderPermission', 'Get-MailboxFolderPermission', { Identity: 'desk@contoso.com:\\Calendar' });
    expect(calendar.status).toBe(200);
    expect(calendar.body.value[0]).toMatchObject({ User: 'Default', AccessRights: ['AvailabilityOnly'] });
    expect((await call('DynamicDistributionGroupMember', 'Get-DynamicDistributionGroupMember', { Identity: 'all@contoso.com' })).status).toBe(501);
    expect((await call('NoSuchEndpoint', 'Get-Mailbox')).status).toBe(404);
  });

  it('refuses a token with only the beta permission (Exchange.ManageAsApp), and the beta endpoint a v2.0-only token', async () => {
    const beta = await admin.token('https://outlook.office365.com');
    expect((await call('OrganizationConfig', 'Get-OrganizationConfig', {}, beta)).status).toBe(401);
    expect((await admin.exo('Get-OrganizationConfig', {}, { token: v2 })).status).toBe(401);
  });
});
