/**
 * Turning a checked grant into Entra's token response. App-only tokens carry the application
 * roles the service principal was granted by admin consent (`roles`); user tokens carry the
 * consented delegated scopes (`scp`), and asking for one that was not consented is AADSTS65001.
 * A refresh token comes only with offline_access, an id token only with openid (fidelity 4.1).
 */
import type { EmulatorContext } from '../context.js';
import { consentedScopes, directoryRoles, grantedRoles } from '../directory.js';
import type { Application, DirectoryUser, ServicePrincipal } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { AADSTS } from './errors.js';
import { scopeForResponse, type RequestedScopes } from './scopes.js';
import { ACCESS_TOKEN_SECONDS, type TokenSubject } from './tokens.js';

export interface Client {
  readonly app: Application;
  readonly servicePrincipal: ServicePrincipal;
  readonly clientAuth: '0' | '1' | '2';
}

async function accessToken(context: EmulatorContext, tenant: Tenant, client: Client, requested: RequestedScopes, subject: TokenSubject): Promise<string> {
  const { token } = await context.tokens.issue({
    tenantId: tenant.info.id,
    audience: requested.audience,
    appId: client.app.appId,
    appDisplayName: client.app.displayName,
    clientAuth: client.clientAuth,
    subject,
  });
  return token;
}

export async function appTokenResponse(context: EmulatorContext, tenant: Tenant, client: Client, requested: RequestedScopes): Promise<Record<string, unknown>> {
  const token = await accessToken(context, tenant, client, requested, {
    kind: 'app',
    servicePrincipalId: client.servicePrincipal.id,
    roles: grantedRoles(tenant, client.servicePrincipal.id, requested.resourceAppId),
    wids: directoryRoles(tenant, client.servicePrincipal.id),
  });
  return { token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, ext_expires_in: ACCESS_TOKEN_SECONDS, access_token: token };
}

export async function userTokenResponse(
  context: EmulatorContext,
  tenant: Tenant,
  client: Client,
  user: DirectoryUser,
  requested: RequestedScopes,
  wantsClientInfo: boolean,
): Promise<Record<string, unknown>> {
  if (!user.accountEnabled) throw AADSTS.accountDisabled();
  const consented = consentedScopes(tenant, client.servicePrincipal.id, requested.resourceAppId, user.id);
  const missing = requested.permissions.filter((permission) => !consented.has(permission));
  // `.default` with nothing consented is refused too, unless only OpenID scopes were asked for.
  if (missing.length > 0 || (requested.isDefault && consented.size === 0 && requested.oidc.size === 0)) {
    throw AADSTS.consentRequired(client.app.appId, client.app.displayName);
  }
  const scopes = requested.isDefault ? [...consented].sort() : [...requested.permissions];
  const token = await accessToken(context, tenant, client, requested, {
    kind: 'user',
    userId: user.id,
    upn: user.userPrincipalName,
    name: user.displayName,
    scopes,
    wids: directoryRoles(tenant, user.id),
  });
  const granted = [...scopes.map((scope) => scopeForResponse(requested, scope)), ...[...requested.oidc].filter((scope) => scope !== 'offline_access')];
  if (requested.oidc.has('offline_access')) granted.push('offline_access');
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: granted.join(' '),
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: token,
  };
  if (requested.oidc.has('offline_access')) {
    body.refresh_token = await context.tokens.sealRefresh({ tid: tenant.info.id, userId: user.id, clientId: client.app.appId, scope: granted.join(' ') });
  }
  if (requested.oidc.has('openid')) {
    body.id_token = await context.tokens.idToken({
      tenantId: tenant.info.id,
      clientId: client.app.appId,
      userId: user.id,
      upn: user.userPrincipalName,
      name: user.displayName,
    });
  }
  if (wantsClientInfo) body.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.info.id })).toString('base64url');
  return body;
}
