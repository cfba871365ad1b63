/**
 * Probe identities: the credentials file is checked with the file and JSON pointer named; a
 * delegate's token comes from a refresh token (or a password, as the emulator's test users have)
 * through the spec's app; the app's from its secret; a refusal carries Entra's AADSTS text and
 * never a secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMbxError } from '../../src/errors.js';
import { endpointsFrom } from '../../src/m365/endpoints.js';
import { diagnose } from '../../src/probes/diagnose.js';
import { loadProbeCredentials, ProbeTokens, TokenRefused } from '../../src/probes/identity.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const dir = mkdtempSync(join(tmpdir(), 'mbx-probe-credentials-'));
let emulator: TestEmulator;
let app: { appId: string; secret: string };

function file(content: unknown): string {
  const path = join(dir, `credentials-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
  return path;
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  const admin = new TenantAdmin(emulator);
  await admin.user('max@contoso.com', { password: 'Max-Pass-1' });
  const created = await admin.app('Contoso mail connectors', { publicClient: true });
  await admin.grantScopes(created.spId, GRAPH_APP_ID, 'IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send offline_access');
  await admin.grantRoles(created.spId, EXCHANGE_APP_ID, ['IMAP.AccessAsApp']);
  app = { appId: created.appId, secret: await admin.secret(created.id) };
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the credentials file', () => {
  it('names the file and the JSON pointer of what is wrong', () => {
    const problems = [
      [file('{not json'), '/ is not JSON'],
      [file({ delegate: {} }), '/delegate is not a known key'],
      [file({ delegates: { 'max@contoso.com': { token: 'x' } } }), '/delegates/max@contoso.com needs "refreshToken"'],
      [file({ app: {} }), '/app needs "clientSecret" or "certificatePath"'],
    ] as const;
    for (const [path, expected] of problems) {
      try {
        loadProbeCredentials({ MBX_PROBE_CREDENTIALS: path });
        expect.unreachable();
      } catch (error) {
        expect(isMbxError(error) && error.code).toBe('PROBE_CREDENTIALS_INVALID');
        expect((error as Error).message).toContain(`${path}: ${expected}`);
      }
    }
  });
});

describe('tokens', () => {
  it("gets a delegate's token through the spec's app, from a password and from a refresh token", async () => {
    const endpoints = endpointsFrom(emulator.env);
    const withPassword = new ProbeTokens(
      loadProbeCredentials({ MBX_PROBE_CREDENTIALS: file({ delegates: { 'max@contoso.com': { password: 'Max-Pass-1' } } }) }),
      endpoints,
      emulator.tenantId,
      app.appId,
    );
    const claims = decodeJwt(await withPassword.delegate('Max@contoso.com'));
    expect([claims.upn, claims.appid, claims.scp]).toEqual(['max@contoso.com', app.appId, 'IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send']);

    const form = new URLSearchParams({
      client_id: app.appId,
      grant_type: 'password',
      username: 'max@contoso.com',
      password: 'Max-Pass-1',
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    });
    const refreshToken = (
      (await (await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { refresh_token: string }
    ).refresh_token;
    const withRefresh = new ProbeTokens(
      loadProbeCredentials({ MBX_PROBE_CREDENTIALS: file({ delegates: { 'max@contoso.com': { refreshToken } } }) }),
      endpoints,
      emulator.tenantId,
      app.appId,
    );
    expect(decodeJwt(await withRefresh.delegate('max@contoso.com')).upn).toBe('max@contoso.com');
  });

  it("gets the app's token from its secret, for Exchange Online", async () => {
    const tokens = new ProbeTokens(
      loadProbeCredentials({ MBX_PROBE_CREDENTIALS: file({ app: { clientSecret: app.secret } }) }),
      endpointsFrom(emulator.env),
      emulator.tenantId,
      app.appId,
    );
    const claims = decodeJwt(await tokens.app());
    expect([claims.aud, claims.roles]).toEqual(['https://outlook.office365.com', ['IMAP.AccessAsApp']]);
  });

  it("refuses with Entra's AADSTS text, diagnosed, and no secret in it", async () => {
    const tokens = new ProbeTokens(
      loadProbeCredentials({ MBX_PROBE_CREDENTIALS: file({ delegates: { 'max@contoso.com': { password: 'Wrong-Pass-9' } } }) }),
      endpointsFrom(emulator.env),
      emulator.tenantId,
      app.appId,
    );
    const refused = await tokens.delegate('max@contoso.com').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TokenRefused);
    expect((refused as Error).message).toMatch(/^AADSTS50126/);
    expect((refused as Error).message).not.toContain('Wrong-Pass-9');
    expect(diagnose((refused as Error).message).code).toBe('bad-credentials');
  });

  it('signs a delegate the file lacks in with a device code, showing the prompt for that delegate', async () => {
    const prompts: string[] = [];
    const tokens = new ProbeTokens(loadProbeCredentials({}), endpointsFrom(emulator.env), emulator.tenantId, app.appId, {
      deviceCode: (message) => prompts.push(message),
    });
    expect(tokens.canSignIn('max@contoso.com')).toBe(true);
    const pending = tokens.delegate('max@contoso.com', ['https://outlook.office.com/IMAP.AccessAsUser.All']);
    await expect.poll(() => prompts.length, { timeout: 30_000 }).toBe(1);
    expect(prompts[0]).toMatch(/^Probe as max@contoso.com: /);
    const userCode = /enter the code (\S+)/.exec(prompts[0] as string)?.[1];
    expect((await emulator.control('POST', 'device-codes/approve', { userCode, user: 'max@contoso.com' })).status).toBe(200);
    expect(decodeJwt(await pending)).toMatchObject({ upn: 'max@contoso.com', scp: 'IMAP.AccessAsUser.All' });
    // Without a prompt (no terminal), a delegate the file lacks cannot sign in.
    expect(new ProbeTokens(loadProbeCredentials({}), endpointsFrom(emulator.env), emulator.tenantId, app.appId).canSignIn('max@contoso.com')).toBe(false);
  });
});
