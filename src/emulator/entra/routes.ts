/**
 * Entra ID's endpoints under the emulator's origin, which clients use as their authority host
 * (MBX_AUTHORITY_HOST): OIDC discovery, JWKS, MSAL's instance discovery, the v2.0 token endpoint
 * and the device-code endpoint. Documents follow the MSAL fixtures quoted in fidelity 4.3.
 */
import { X509Certificate } from 'node:crypto';
import { exportJWK } from 'jose';
import { tenantFor, type EmulatorContext } from '../context.js';
import { json, route, type EmuRequest, type EmuResponse, type Route } from '../http/types.js';
import type { ClientRequest } from './client.js';
import { AADSTS, AadstsError, aadstsResponse } from './errors.js';
import { clientCredentials } from './grants/client-credentials.js';
import { DEVICE_CODE_GRANT, redeemDeviceCode, startDeviceCode } from './grants/device-code.js';
import { password } from './grants/password.js';
import { refreshToken } from './grants/refresh-token.js';

const GRANTS: Readonly<Record<string, (request: ClientRequest) => Promise<Record<string, unknown>>>> = {
  client_credentials: clientCredentials,
  password,
  refresh_token: refreshToken,
  [DEVICE_CODE_GRANT]: redeemDeviceCode,
  // MSAL sends the short form; Entra's v2.0 endpoint accepts both.
  device_code: redeemDeviceCode,
};

function authority(context: EmulatorContext, tenant: string): string {
  return `${context.baseUrl}/${tenant}`;
}

function clientRequest(request: EmuRequest, context: EmulatorContext): ClientRequest {
  const segment = request.params.tenant as string;
  const tenant = tenantFor(context, segment);
  if (tenant === undefined) throw AADSTS.tenantNotFound(segment);
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) throw AADSTS.missingParameter('grant_type');
  const audiences = [...new Set([segment, tenant.info.id, tenant.info.initialDomain])].flatMap((name) => [
    `${authority(context, name)}/oauth2/v2.0/token`,
    `https://login.microsoftonline.com/${name}/oauth2/v2.0/token`,
  ]);
  return { context, tenant, form: new URLSearchParams(request.body.toString('utf8')), authorization: request.headers.authorization, audiences };
}

async function oauth(request: EmuRequest, context: EmulatorContext, run: (input: ClientRequest) => Promise<Record<string, unknown>>): Promise<EmuResponse> {
  try {
    return json(200, await run(clientRequest(request, context)), { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
  } catch (error) {
    if (error instanceof AadstsError) return aadstsResponse(error, context.now());
    throw error;
  }
}

function token(request: EmuRequest, context: EmulatorContext): Promise<EmuResponse> {
  return oauth(request, context, (input) => {
    const grant = input.form.get('grant_type');
    if (grant === null) throw AADSTS.missingParameter('grant_type');
    const handler = GRANTS[grant];
    if (handler === undefined) throw AADSTS.unsupportedGrant(grant);
    return handler(input);
  });
}

function openidConfiguration(request: EmuRequest, context: EmulatorContext): EmuResponse {
  const segment = request.params.tenant as string;
  const tenant = tenantFor(context, segment);
  if (tenant === undefined) return aadstsResponse(AADSTS.tenantNotFound(segment), context.now());
  const base = authority(context, segment);
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${authority(context, tenant.info.id)}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${context.baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
}

async function keys(_request: EmuRequest, context: EmulatorContext): Promise<EmuResponse> {
  const jwk = await exportJWK(context.tokens.publicKey);
  const cert = new X509Certificate(context.tokens.certificatePem);
  return json(200, {
    keys: [{ kty: 'RSA', use: 'sig', kid: context.tokens.kid, x5t: context.tokens.kid, n: jwk.n, e: jwk.e, x5c: [cert.raw.toString('base64')] }],
  });
}

function instanceDiscovery(request: EmuRequest, context: EmulatorContext): EmuResponse {
  const host = new URL(context.baseUrl).host;
  const endpoint = request.url.searchParams.get('authorization_endpoint') ?? `${context.baseUrl}/common/oauth2/v2.0/authorize`;
  const tenant = /\/([^/]+)\/oauth2\//.exec(new URL(endpoint, context.baseUrl).pathname)?.[1] ?? 'common';
  return json(200, {
    tenant_discovery_endpoint: `${authority(context, tenant)}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

const TENANT = '(?<tenant>[^/]+)';

export const ENTRA_ROUTES: readonly Route[] = [
  route('entra', 'GET', /^\/common\/discovery\/instance$/, 'instance-discovery', instanceDiscovery),
  route('entra', 'GET', new RegExp(`^/${TENANT}/v2\\.0/\\.well-known/openid-configuration$`), 'openid-configuration', openidConfiguration),
  route('entra', 'GET', new RegExp(`^/${TENANT}/discovery/v2\\.0/keys$`), 'keys', keys),
  route('entra', 'POST', new RegExp(`^/${TENANT}/oauth2/v2\\.0/token$`), 'token', token),
  route('entra', 'POST', new RegExp(`^/${TENANT}/oauth2/v2\\.0/devicecode$`), 'devicecode', (request, context) => oauth(request, context, startDeviceCode)),
];
