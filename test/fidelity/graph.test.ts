/**
 * Microsoft Graph v1.0 on the emulator, driven by @microsoft/microsoft-graph-client (customHosts
 * set) on @azure/identity, and by raw requests where status codes and envelopes are the point.
 * Behaviours pinned: fidelity 3.1 (errors, paging, $batch, throttling), 3.2 (users, licences,
 * mailboxSettings), 3.3 (subscribedSkus), 3.4 (usage report), 3.5 (apps, consent).
 */
import { ClientSecretCredential } from '@azure/identity';
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let graph: Client;

function sdkClient(clientId: string, secret: string): Client {
  const credential = new ClientSecretCredential(emulator.tenantId, clientId, secret, { authorityHost: emulator.url, disableInstanceDiscovery: true });
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
    baseUrl: emulator.url,
    customHosts: new Set([new URL(emulator.url).hostname]),
  });
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  graph = sdkClient(emulator.clientId, emulator.clientSecret);
});
afterAll(() => emulator.stop());

describe('users', () => {
  it('creates users and pages through them by @odata.nextLink with the SDK page iterator', async () => {
    for (let index = 0; index < 7; index += 1) {
      await graph.api('/users').post({
        accountEnabled: true,
        displayName: `Page ${index}`,
        mailNickname: `page${index}`,
        userPrincipalName: `page${index}@contoso.com`,
        passwordProfile: { password: 'Page-Pass-1' },
      });
    }
    const first = await graph.api('/users').top(3).select('id,userPrincipalName').filter("startswith(userPrincipalName,'page')").get();
    expect(first.value).toHaveLength(3);
    expect(first['@odata.nextLink']).toContain('$skiptoken=');
    const seen: string[] = [];
    await new PageIterator(graph, first, (user: { userPrincipalName: string }) => {
      seen.push(user.userPrincipalName);
      return true;
    }).iterate();
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => `page${index}@contoso.com`));
  });

  it('returns the default property set without $select and accountEnabled only when selected', async () => {
    const user = await graph.api('/users/page0@contoso.com').get();
    expect(Object.keys(user)).toEqual(expect.arrayContaining(['id', 'displayName', 'userPrincipalName', 'mail', 'businessPhones']));
    expect(user).not.toHaveProperty('accountEnabled');
    const selected = await graph.api(`/users/${user.id}`).select('accountEnabled,usageLocation').get();
    expect(selected).toMatchObject({ accountEnabled: true, usageLocation: null });
  });

  it("refuses $top above 999 with Graph's page-size message", async () => {
    const answer = await admin.graph('GET', 'users?$top=1000');
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    expect(answer.body.error.innerError['request-id']).toBe(answer.headers.get('request-id'));
  });

  it('refuses a licence for a user without usageLocation, then licenses and provisions a mailbox (fidelity 3.2)', async () => {
    const user = await graph.api('/users').post({
      accountEnabled: true,
      displayName: 'No Location',
      mailNickname: 'noloc',
      userPrincipalName: 'noloc@contoso.com',
      passwordProfile: { password: 'P-ass-1' },
    });
    const licence = { addLicenses: [{ skuId: '4b9405b0-7788-4568-add1-99614e613b69', disabledPlans: [] }], removeLicenses: [] };
    const refused = await admin.graph('POST', `users/${user.id}/assignLicense`, licence);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'License assignment cannot be done for user with invalid usage location.',
    });
    await graph.api(`/users/${user.id}`).patch({ usageLocation: 'DE' });
    const licensed = await graph.api(`/users/${user.id}/assignLicense`).post(licence);
    expect(licensed.assignedLicenses).toEqual([{ disabledPlans: [], skuId: '4b9405b0-7788-4568-add1-99614e613b69' }]);
    const mailbox = await admin.exo('Get-Mailbox', { Identity: 'noloc@contoso.com' });
    expect(mailbox.body.value[0].RecipientTypeDetails).toBe('UserMailbox');
    const skus = await graph.api('/subscribedSkus').get();
    const standard = skus.value.find((sku: { skuPartNumber: string }) => sku.skuPartNumber === 'EXCHANGESTANDARD');
    expect(standard).toMatchObject({
      consumedUnits: 1,
      servicePlans: [expect.objectContaining({ servicePlanName: 'EXCHANGE_S_STANDARD', servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c' })],
    });
  });

  it('filters on assignedLicenses with any() and on accountEnabled', async () => {
    const licensed = await graph
      .api('/users')
      .filter('assignedLicenses/any(x:x/skuId eq 4b9405b0-7788-4568-add1-99614e613b69)')
      .select('userPrincipalName')
      .get();
    expect(licensed.value.map((user: { userPrincipalName: string }) => user.userPrincipalName)).toEqual(['noloc@contoso.com']);
    const bad = await admin.graph('GET', "users?$filter=favouriteColour eq 'blue'");
    expect(bad.body.error.code).toBe('Request_UnsupportedQuery');
  });
});

describe('mailboxSettings', () => {
  it('reads userPurpose "shared" for a shared mailbox and writes automatic replies that Exchange then shows', async () => {
    // The bootstrap app has no mail permissions; an admin consents to MailboxSettings.ReadWrite first.
    const bootstrap = (await admin.graph('GET', `servicePrincipals(appId='${emulator.clientId}')`)).body;
    await admin.grantRoles(bootstrap.id, GRAPH_APP_ID, ['MailboxSettings.ReadWrite']);
    const graph = sdkClient(emulator.clientId, emulator.clientSecret);
    const shared = await admin.sharedMailbox('team@contoso.com');
    const settings = await graph.api(`/users/${shared.userId}/mailboxSettings`).get();
    expect(settings.userPurpose).toBe('shared');
    expect(settings.automaticRepliesSetting.status).toBe('disabled');
    await graph
      .api(`/users/${shared.userId}/mailboxSettings`)
      .patch({ automaticRepliesSetting: { status: 'alwaysEnabled', internalReplyMessage: 'Back soon', externalAudience: 'all' } });
    const exchange = await admin.exo('Get-MailboxAutoReplyConfiguration', { Identity: 'team@contoso.com' });
    expect(exchange.body.value[0]).toMatchObject({ AutoReplyState: 'Enabled', InternalMessage: 'Back soon', ExternalAudience: 'All' });
    await expect(graph.api(`/users/${shared.userId}/mailboxSettings`).patch({ userPurpose: 'user' })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('permissions', () => {
  it('answers 403 Authorization_RequestDenied to an app without the permission, and 401 without a token', async () => {
    const app = await admin.app('reader');
    const secret = await admin.secret(app.id);
    const unprivileged = sdkClient(app.appId, secret);
    await expect(unprivileged.api('/users').get()).rejects.toMatchObject({ statusCode: 403, code: 'Authorization_RequestDenied' });
    await admin.grantRoles(app.spId, GRAPH_APP_ID, ['User.Read.All']);
    // Consent shows in the next token (MSAL caches the first one, so use a new client).
    expect((await sdkClient(app.appId, secret).api('/users').top(1).get()).value).toHaveLength(1);
    const anonymous = await fetch(`${emulator.url}/v1.0/users`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it('refuses an Exchange token at Graph (audience check)', async () => {
    const answer = await admin.graph('GET', 'users', undefined, await admin.token('https://outlook.office365.com'));
    expect(answer.status).toBe(401);
  });

  it("refuses a duplicate app role assignment with Graph's text (fidelity 3.1)", async () => {
    const app = await admin.app('twice');
    await admin.grantRoles(app.spId, GRAPH_APP_ID, ['Mail.Send']);
    const graphSp = await admin.resource(GRAPH_APP_ID);
    const again = await admin.graph('POST', `servicePrincipals/${app.spId}/appRoleAssignments`, {
      principalId: app.spId,
      resourceId: graphSp.id,
      appRoleId: 'b633e1c5-b582-4048-a93e-9f11b44c7e96',
    });
    expect(again.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'Permission being assigned already exists on the object' });
    const assigned = await admin.graph('GET', `servicePrincipals/${graphSp.id}/appRoleAssignedTo`);
    expect(assigned.body.value.filter((entry: { principalId: string }) => entry.principalId === app.spId)).toHaveLength(1);
  });
});

describe('$batch and reports', () => {
  it('runs up to 20 requests, honours dependsOn in a sequential batch, refuses a mixed one as Graph does (microsoft-graph-docs#16280), and refuses 21', async () => {
    const batch = await admin.graph('POST', '$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/users/nobody@contoso.com' },
        { id: '2', method: 'GET', url: '/domains', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/subscribedSkus', dependsOn: ['2'] },
      ],
    });
    const byId = Object.fromEntries(batch.body.responses.map((response: { id: string; status: number }) => [response.id, response.status]));
    expect(byId).toEqual({ '1': 404, '2': 424, '3': 424 });
    const parallel = await admin.graph('POST', '$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/users/nobody@contoso.com' },
        { id: '2', method: 'GET', url: '/domains' },
      ],
    });
    expect(parallel.body.responses.map((response: { status: number }) => response.status)).toEqual([404, 200]);
    const mixed = await admin.graph('POST', '$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/domains' },
        { id: '2', method: 'GET', url: '/domains', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/subscribedSkus' },
      ],
    });
    expect([mixed.status, mixed.body.error.message]).toEqual([400, 'Batch should be either fully sequential or fully parallel.']);
    const later = await admin.graph('POST', '$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/domains', dependsOn: ['2'] },
        { id: '2', method: 'GET', url: '/domains' },
      ],
    });
    expect([later.status, later.body.error.message]).toEqual([400, 'Invalid dependency for request Id 1.']);
    const tooMany = await admin.graph('POST', '$batch', {
      requests: Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: 'GET', url: '/domains' })),
    });
    expect(tooMany.status).toBe(400);
  });

  it('throttles inside a batch when the fault layer says so (429 with Retry-After per item)', async () => {
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'graph', operation: 'domains.list', status: 429, retryAfterSeconds: 2 }] });
    try {
      const batch = await admin.graph('POST', '$batch', {
        requests: [
          { id: 'a', method: 'GET', url: '/domains' },
          { id: 'b', method: 'GET', url: '/subscribedSkus' },
        ],
      });
      expect(batch.status).toBe(200);
      const a = batch.body.responses.find((response: { id: string }) => response.id === 'a');
      expect(a).toMatchObject({ status: 429, headers: { 'retry-after': '2' }, body: { error: { code: 'TooManyRequests' } } });
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it("answers the mailbox usage report with a 302 to a CSV of Microsoft's columns (fidelity 3.4)", async () => {
    const answer = await admin.graph('GET', "reports/getMailboxUsageDetail(period='D7')");
    expect(answer.status).toBe(302);
    const csv = await (await fetch(answer.headers.get('location') as string)).text();
    const [header, ...rows] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['Report Refresh Date', 'User Principal Name', 'Display Name']);
    expect(rows.some((row) => row.includes('team@contoso.com'))).toBe(true);
  });
});

describe('/me', () => {
  it('is the signed-in user for a delegated token, and 400 with Graph words for an app token', async () => {
    await admin.user('mia@contoso.com', { password: 'Mia-Pass-1' });
    const client = await admin.app('Profile reader', { publicClient: true });
    await admin.grantScopes(client.spId, GRAPH_APP_ID, 'User.Read');
    const delegated = await admin.userToken(client.appId, 'mia@contoso.com', 'Mia-Pass-1', ['https://graph.microsoft.com/User.Read']);
    const me = await admin.graph('GET', 'me', undefined, delegated);
    expect([me.status, me.body.userPrincipalName]).toEqual([200, 'mia@contoso.com']);
    // With an app token there is no signed-in user: 400 BadRequest (microsoftgraph/msgraph-sdk-php#1163 quotes the body).
    const app = await admin.graph('GET', 'me');
    expect([app.status, app.body.error.code, app.body.error.message]).toEqual([
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    ]);
  });
});

describe('/users/$count', () => {
  it('needs ConsistencyLevel: eventual, as an advanced query does, and then answers the count as text', async () => {
    const token = await admin.token('https://graph.microsoft.com');
    const count = (headers: Record<string, string>) =>
      fetch(`${emulator.url}/v1.0/users/$count`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    const refused = await count({});
    const body = (await refused.json()) as { error: { code: string; message: string } };
    // The answer captured in December 2025 (azurekid/ScEntra#13); learn.microsoft.com/graph/aad-advanced-queries names the header.
    expect([refused.status, body.error.code]).toEqual([400, 'Request_UnsupportedQuery']);
    expect(body.error.message).toBe(
      "Raw count (/$count) is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    );
    const counted = await count({ ConsistencyLevel: 'eventual' });
    const listed = (await admin.graph('GET', 'users?$top=999')).body.value as unknown[];
    expect([counted.status, counted.headers.get('content-type'), Number(await counted.text())]).toEqual([200, 'text/plain', listed.length]);
  });
});

describe('advanced queries on /users (learn.microsoft.com/graph/aad-advanced-queries)', () => {
  async function query(
    path: string,
    eventual: boolean,
  ): Promise<{ status: number; body: { value?: { displayName: string }[]; error?: { code: string; message: string }; '@odata.count'?: number } }> {
    const token = await admin.token('https://graph.microsoft.com');
    const answer = await fetch(`${emulator.url}/v1.0/${path}`, {
      headers: { authorization: `Bearer ${token}`, ...(eventual ? { ConsistencyLevel: 'eventual' } : {}) },
    });
    return { status: answer.status, body: (await answer.json()) as never };
  }
  const names = (body: { value?: { displayName: string }[] }) => (body.value ?? []).map((user) => user.displayName);

  beforeAll(async () => {
    for (const name of ['Wanda Quartz', 'walter.quince', 'Xena Ward']) {
      const upn = `${name.toLowerCase().replace(/[ .]/g, '')}@contoso.com`;
      const made = await admin.graph('POST', 'users', {
        accountEnabled: true,
        displayName: name,
        mailNickname: upn.split('@')[0],
        userPrincipalName: upn,
        passwordProfile: { password: 'Query-Pass-1' },
      });
      expect(made.status).toBe(201);
    }
  });

  it('refuses ne, not and endsWith, $search and $count=true without ConsistencyLevel: eventual (and $count=true for the operators), in Graph words', async () => {
    const ne = await query("users?$filter=displayName ne 'x'", false);
    expect([ne.status, ne.body.error?.code, ne.body.error?.message]).toEqual([
      400,
      'Request_UnsupportedQuery',
      "Filter operator 'NotEqualsMatch' is not supported.",
    ]);
    expect((await query("users?$filter=displayName ne 'x'", true)).status).toBe(400);
    expect((await query("users?$filter=endsWith(displayName,'quartz')", false)).body.error?.message).toBe("Filter operator 'EndsWith' is not supported.");
    const search = await query('users?$search="displayName:wa"', false);
    expect([search.status, search.body.error?.message]).toEqual([
      400,
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    ]);
    expect((await query('users?$count=true', false)).status).toBe(400);
    expect((await query('users?$orderby=createdDateTime', false)).body.error?.message).toBe('Sorting not supported for current query.');
  });

  it('answers them as an advanced query: $search by word prefix, $count, $orderby, ne and endsWith', async () => {
    const search = await query('users?$search="displayName:wa"&$count=true&$orderby=displayName', true);
    expect([search.status, names(search.body), search.body['@odata.count']]).toEqual([200, ['walter.quince', 'Wanda Quartz', 'Xena Ward'], 3]);
    expect(names((await query('users?$search="displayName:qu" AND "displayName:wa"&$orderby=displayName desc', true)).body)).toEqual([
      'Wanda Quartz',
      'walter.quince',
    ]);
    expect(names((await query('users?$search="displayName:zzz"', true)).body)).toEqual([]);
    const ends = await query("users?$filter=endsWith(displayName,'ward')&$count=true", true);
    expect([names(ends.body), ends.body['@odata.count']]).toEqual([['Xena Ward'], 1]);
    const ne = await query("users?$filter=startsWith(displayName,'w') and displayName ne 'Wanda Quartz'&$count=true", true);
    expect(names(ne.body)).toEqual(['walter.quince']);
  });
});

describe('error envelopes', () => {
  it("echo the client's client-request-id in innerError, and make one (the request-id) when it sent none", async () => {
    const token = await admin.token('https://graph.microsoft.com');
    const missing = (headers: Record<string, string>) =>
      fetch(`${emulator.url}/v1.0/users/nobody@contoso.com`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    const sent = await missing({ 'client-request-id': '0f4d1a43-5b8e-4c1a-9a7e-2f2b8f3c6d11' });
    const inner = ((await sent.json()) as { error: { innerError: Record<string, string> } }).error.innerError;
    // microsoftgraph/microsoft-graph-docs-contrib#2716 shows an innerError whose client-request-id differs from its request-id.
    expect(inner['client-request-id']).toBe('0f4d1a43-5b8e-4c1a-9a7e-2f2b8f3c6d11');
    expect(inner['request-id']).not.toBe(inner['client-request-id']);
    const own = ((await (await missing({})).json()) as { error: { innerError: Record<string, string> } }).error.innerError;
    expect(own['client-request-id']).toBe(own['request-id']);
  });
});

describe('PATCH /users/{id}: ordinary profile properties', () => {
  it('takes jobTitle, department, city and businessPhones, and returns them where $select names them', async () => {
    await admin.user('noah@contoso.com', { password: 'Noah-Pass-1' });
    const patched = await admin.graph('PATCH', 'users/noah@contoso.com', {
      jobTitle: 'Dispatcher',
      department: 'Operations',
      city: 'Hamburg',
      businessPhones: ['+49 40 123456'],
    });
    expect(patched.status).toBe(204);
    const read = await admin.graph('GET', 'users/noah@contoso.com?$select=jobTitle,department,city,businessPhones');
    expect(read.body).toMatchObject({ jobTitle: 'Dispatcher', department: 'Operations', city: 'Hamburg', businessPhones: ['+49 40 123456'] });
    // The default properties still come without $select; department is not one of them (user resource type, learn.microsoft.com).
    const plain = await admin.graph('GET', 'users/noah@contoso.com');
    expect(plain.body.jobTitle).toBe('Dispatcher');
    expect(plain.body.department).toBeUndefined();
    const wrong = await admin.graph('PATCH', 'users/noah@contoso.com', { city: 42 });
    expect([wrong.status, wrong.body.error.message]).toEqual([400, "Invalid value specified for property 'city' of resource 'User'."]);
  });
});
