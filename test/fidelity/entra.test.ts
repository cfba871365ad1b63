/**
 * Entra ID token endpoint, driven by @azure/identity as shipped (authorityHost +
 * disableInstanceDiscovery) and by raw requests where the wire shape is the point.
 * Behaviours pinned: fidelity 4.1 (grants, response fields), 4.2 (error shape and AADSTS codes),
 * 4.3 (discovery, JWKS), 4.4/4.5 (claims of v1.0 tokens).
 */
import { ClientCertificateCredential, ClientSecretCredential, DeviceCodeCredential, UsernamePasswordCredential } from '@azure/identity';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCertificate } from '../helpers/certificate.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let publicApp: { appId: string; spId: string };
const options = () => ({ authorityHost: emulator.url, disableInstanceDiscovery: true });

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  await admin.user('max@contoso.com', { password: 'Max-Pass-1' });
  publicApp = await admin.app('Bp Event', { publicClient: true });
  await admin.grantScopes(publicApp.spId, EXCHANGE_APP_ID, 'IMAP.AccessAsUser.All SMTP.Send');
});
afterAll(() => emulator.stop());

async function token(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('client credentials', () => {
  it('issues a v1.0 app token with the consented roles and the Exchange Administrator wid (fidelity 4.5)', async () => {
    const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, options());
    const claims = decodeJwt((await credential.getToken('https://outlook.office365.com/.default')).token);
    expect(claims).toMatchObject({
      aud: 'https://outlook.office365.com',
      iss: `https://sts.windows.net/${emulator.tenantId}/`,
      tid: emulator.tenantId,
      appid: emulator.clientId,
      appidacr: '1',
      ver: '1.0',
      roles: ['Exchange.ManageAsApp'],
    });
    expect(claims.wids).toContain('29232cdf-9323-42fd-ade2-1d097af3e4de');
    expect((claims.exp as number) - (claims.iat as number)).toBe(3900);
  });

  it('signs tokens with a key published in the JWKS of the OIDC discovery document (fidelity 4.3)', async () => {
    const discovery = (await (await fetch(`${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(discovery.token_endpoint).toBe(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`);
    expect(discovery.device_authorization_endpoint).toBe(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/devicecode`);
    const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, options());
    const { token: jwt } = await credential.getToken('https://graph.microsoft.com/.default');
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(discovery.jwks_uri as string)));
    expect(payload.aud).toBe('https://graph.microsoft.com');
  });

  it('accepts a certificate assertion checked against the keys registered on the app (ClientCertificateCredential)', async () => {
    const cert = await appCertificate();
    const app = await admin.app('cert app', { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.derBase64 }] });
    await admin.grantRoles(app.spId, GRAPH_APP_ID, ['User.Read.All']);
    const credential = new ClientCertificateCredential(emulator.tenantId, app.appId, { certificate: `${cert.certPem}\n${cert.keyPem}` }, options());
    const claims = decodeJwt((await credential.getToken('https://graph.microsoft.com/.default')).token);
    expect(claims).toMatchObject({ appid: app.appId, appidacr: '2', roles: ['User.Read.All'] });

    const other = await appCertificate('CN=not registered');
    const stranger = new ClientCertificateCredential(emulator.tenantId, app.appId, { certificate: `${other.certPem}\n${other.keyPem}` }, options());
    await expect(stranger.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/AADSTS700027/);
  });

  it("refuses a wrong secret with AADSTS7000215 in Microsoft's error body (fidelity 4.2)", async () => {
    const answer = await token({
      client_id: emulator.clientId,
      client_secret: 'wrong',
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215], error_uri: 'https://login.microsoftonline.com/error?code=7000215' });
    expect(answer.body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided\. .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    expect(answer.body).toHaveProperty('trace_id');
    expect(answer.body).toHaveProperty('correlation_id');
  });

  it('refuses an unknown client id with AADSTS700016 and a scope without /.default with AADSTS1002012', async () => {
    const unknown = await token({
      client_id: '11111111-2222-3333-4444-555555555555',
      client_secret: 'x',
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    expect(unknown.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const scope = await token({
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      scope: 'https://graph.microsoft.com/User.Read.All',
      grant_type: 'client_credentials',
    });
    expect(scope.body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
  });
});

describe('user flows', () => {
  it('issues delegated tokens with the consented scopes to UsernamePasswordCredential (ROPC)', async () => {
    const credential = new UsernamePasswordCredential(emulator.tenantId, publicApp.appId, 'max@contoso.com', 'Max-Pass-1', options());
    const claims = decodeJwt((await credential.getToken(['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send'])).token);
    expect(claims).toMatchObject({
      aud: 'https://outlook.office.com',
      upn: 'max@contoso.com',
      scp: 'IMAP.AccessAsUser.All SMTP.Send',
      appidacr: '0',
      idtyp: 'user',
    });
    expect(claims.roles).toBeUndefined();
  });

  it('answers AADSTS65001 for a scope nobody consented to, and AADSTS50126 for a wrong password', async () => {
    const base = { client_id: publicApp.appId, username: 'max@contoso.com', grant_type: 'password' };
    const consent = await token({ ...base, password: 'Max-Pass-1', scope: 'https://outlook.office.com/POP.AccessAsUser.All' });
    expect(consent.body).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
    const wrong = await token({ ...base, password: 'nope', scope: 'https://outlook.office.com/IMAP.AccessAsUser.All' });
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
  });

  it('refuses a shared mailbox whose sign-in is blocked with AADSTS50057 (a disabled account)', async () => {
    const shared = await admin.sharedMailbox('info@contoso.com');
    expect((await admin.graph('GET', `users/${shared.userId}?$select=accountEnabled`)).body.accountEnabled).toBe(true);
    await admin.graph('PATCH', `users/${shared.userId}`, { accountEnabled: false });
    const answer = await token({
      client_id: publicApp.appId,
      username: 'info@contoso.com',
      password: 'anything',
      grant_type: 'password',
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All',
    });
    expect(answer.body).toMatchObject({ error: 'invalid_grant', error_codes: [50057] });
  });

  it('gives a refresh token only with offline_access, and redeems it for a new access token', async () => {
    const first = await token({
      client_id: publicApp.appId,
      username: 'max@contoso.com',
      password: 'Max-Pass-1',
      grant_type: 'password',
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    });
    expect(first.body.refresh_token).toEqual(expect.any(String));
    const without = await token({
      client_id: publicApp.appId,
      username: 'max@contoso.com',
      password: 'Max-Pass-1',
      grant_type: 'password',
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All',
    });
    expect(without.body.refresh_token).toBeUndefined();
    const refreshed = await token({
      client_id: publicApp.appId,
      refresh_token: first.body.refresh_token as string,
      grant_type: 'refresh_token',
      scope: 'https://outlook.office.com/SMTP.Send offline_access',
    });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token as string).scp).toBe('SMTP.Send');
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('completes the device code flow once the control API approves it as a named user (DeviceCodeCredential)', async () => {
    let userCode = '';
    const credential = new DeviceCodeCredential({
      tenantId: emulator.tenantId,
      clientId: publicApp.appId,
      ...options(),
      userPromptCallback: (info) => {
        userCode = info.userCode;
        expect(info.message).toContain(info.userCode);
      },
    });
    const pending = credential.getToken('https://outlook.office.com/IMAP.AccessAsUser.All');
    await expect.poll(() => userCode, { timeout: 30_000 }).not.toBe('');
    // Before approval the token endpoint answers AADSTS70016 authorization_pending (fidelity 4.1).
    const approve = await emulator.control('POST', 'device-codes/approve', { userCode, user: 'max@contoso.com' });
    expect(approve.status).toBe(200);
    expect(decodeJwt((await pending).token)).toMatchObject({ upn: 'max@contoso.com', scp: 'IMAP.AccessAsUser.All' });
  });

  it('answers authorization_pending (AADSTS70016) while a device code waits', async () => {
    const start = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: publicApp.appId, scope: 'https://outlook.office.com/IMAP.AccessAsUser.All' }),
    });
    const code = (await start.json()) as Record<string, unknown>;
    expect(code).toMatchObject({ expires_in: 900, verification_uri: expect.any(String), user_code: expect.any(String) });
    const poll = await token({
      client_id: publicApp.appId,
      device_code: code.device_code as string,
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    expect(poll.body).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });
  });
});
