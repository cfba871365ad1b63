/**
 * The `scope` parameter of a token request: which resource it is for (every scope but the OpenID
 * ones must name the same resource), which permissions it asks for, or `/.default` for all that
 * were consented. Short names (`User.Read`) mean Microsoft Graph, as in Entra.
 */
import { EXCHANGE_APP_ID, GRAPH_APP_ID, GRAPH_AUDIENCE, RESOURCE_AUDIENCES } from '../wellknown.js';
import { AADSTS } from './errors.js';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export interface RequestedScopes {
  readonly resourceAppId: string;
  /** The audience the token will carry: the resource URI as the client named it. */
  readonly audience: string;
  /** Permission names without the resource prefix. */
  readonly permissions: readonly string[];
  readonly isDefault: boolean;
  readonly oidc: ReadonlySet<string>;
}

function splitScope(item: string): { resource: string; name: string } | undefined {
  const slash = item.lastIndexOf('/');
  if (slash < 0) return undefined;
  return { resource: item.slice(0, slash).replace(/\/$/, ''), name: item.slice(slash + 1) };
}

export function parseScopes(scope: string): RequestedScopes {
  const items = scope.split(/\s+/).filter(Boolean);
  const oidc = new Set(items.filter((item) => OIDC_SCOPES.has(item)));
  let resourceUri: string | undefined;
  const permissions: string[] = [];
  let isDefault = false;
  for (const item of items) {
    if (OIDC_SCOPES.has(item)) continue;
    const parts = splitScope(item) ?? { resource: GRAPH_AUDIENCE, name: item };
    const appId = RESOURCE_AUDIENCES[parts.resource];
    if (appId === undefined || parts.name === '') throw AADSTS.invalidScope(scope);
    if (resourceUri !== undefined && RESOURCE_AUDIENCES[resourceUri] !== appId) throw AADSTS.invalidScope(scope);
    resourceUri ??= parts.resource;
    if (parts.name === '.default') isDefault = true;
    else permissions.push(parts.name);
  }
  if (isDefault && permissions.length > 0) throw AADSTS.invalidScope(scope);
  // Only OpenID scopes: Entra answers with a Microsoft Graph token for what was consented.
  if (resourceUri === undefined) return { resourceAppId: GRAPH_APP_ID, audience: GRAPH_AUDIENCE, permissions: [], isDefault: true, oidc };
  const resourceAppId = RESOURCE_AUDIENCES[resourceUri] as string;
  return { resourceAppId, audience: canonicalAudience(resourceUri, resourceAppId), permissions, isDefault, oidc };
}

function canonicalAudience(uri: string, appId: string): string {
  if (uri === appId) return appId === EXCHANGE_APP_ID ? 'https://outlook.office365.com' : GRAPH_AUDIENCE;
  return uri;
}

/** How the token response's `scope` names a permission: prefixed, except for Graph's. */
export function scopeForResponse(requested: RequestedScopes, permission: string): string {
  return requested.resourceAppId === GRAPH_APP_ID ? permission : `${requested.audience}/${permission}`;
}
