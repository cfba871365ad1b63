/**
 * The device code flow (entra-docs v2-oauth2-device-code.md): /devicecode hands out a code, the
 * client polls the token endpoint, and until someone approves (here: the control API, as a named
 * user) the answer is AADSTS70016 authorization_pending.
 */
import { randomBytes } from 'node:crypto';
import type { DeviceCode } from '../../context.js';
import { resolveClient, type ClientRequest } from '../client.js';
import { AADSTS } from '../errors.js';
import { userTokenResponse } from '../issue.js';
import { parseScopes } from '../scopes.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const LIFETIME_SECONDS = 900;

function userCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(9)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export async function startDeviceCode(request: ClientRequest): Promise<Record<string, unknown>> {
  const { context, tenant, form } = request;
  const scope = form.get('scope') ?? '';
  parseScopes(scope);
  const client = await resolveClient(request, { confidential: false });
  const code: DeviceCode = {
    deviceCode: randomBytes(32).toString('base64url'),
    userCode: userCode(),
    tenantId: tenant.info.id,
    clientId: client.app.appId,
    scope,
    expiresAtMs: context.now().getTime() + LIFETIME_SECONDS * 1000,
    state: { kind: 'pending' },
  };
  context.deviceCodes.set(code.deviceCode, code);
  const verificationUri = `${context.baseUrl}/_emulator/devicelogin`;
  return {
    user_code: code.userCode,
    device_code: code.deviceCode,
    verification_uri: verificationUri,
    expires_in: LIFETIME_SECONDS,
    interval: context.settings.deviceCodeIntervalSeconds,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${code.userCode} to authenticate.`,
  };
}

export async function redeemDeviceCode(request: ClientRequest): Promise<Record<string, unknown>> {
  const { context, tenant, form } = request;
  const value = form.get('device_code');
  if (value === null) throw AADSTS.missingParameter('device_code');
  const code = context.deviceCodes.get(value);
  const client = await resolveClient(request, { confidential: false });
  if (code === undefined || code.tenantId !== tenant.info.id || code.clientId !== client.app.appId) throw AADSTS.badCode();
  if (context.now().getTime() > code.expiresAtMs) {
    context.deviceCodes.delete(value);
    throw AADSTS.codeExpired();
  }
  if (code.state.kind === 'pending') throw AADSTS.pending();
  context.deviceCodes.delete(value);
  if (code.state.kind === 'declined') throw AADSTS.declined();
  const user = tenant.collection('users').get(code.state.userId);
  if (user === undefined) throw AADSTS.badGrant();
  return userTokenResponse(context, tenant, client, user, parseScopes(code.scope), form.get('client_info') === '1');
}
