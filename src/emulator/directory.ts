/**
 * Directory questions every surface asks of the store: which app a client id is, which service
 * principal stands for it, which application roles and delegated scopes it holds on a resource,
 * and which directory roles a principal has. One place, so Entra issues exactly what Graph and
 * Exchange later enforce.
 */
import type { Application, DirectoryUser, ServicePrincipal } from './store/model.js';
import type { Tenant } from './store/store.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID } from './wellknown.js';

export function applicationByAppId(tenant: Tenant, appId: string): Application | undefined {
  return tenant.collection('applications').lookup(`appId:${appId.toLowerCase()}`)[0];
}

export function servicePrincipalByAppId(tenant: Tenant, appId: string): ServicePrincipal | undefined {
  return tenant.collection('servicePrincipals').lookup(`appId:${appId.toLowerCase()}`)[0];
}

export function userByUpn(tenant: Tenant, upn: string): DirectoryUser | undefined {
  return tenant.collection('users').lookup(`upn:${upn.toLowerCase()}`)[0];
}

/** A user by object id or UPN, as Graph's /users/{id | userPrincipalName} accepts. */
export function userByIdOrUpn(tenant: Tenant, key: string): DirectoryUser | undefined {
  return tenant.collection('users').get(key) ?? userByUpn(tenant, key);
}

/** Application role values the service principal holds on the resource app, by admin consent. */
export function grantedRoles(tenant: Tenant, servicePrincipalId: string, resourceAppId: string): string[] {
  const resource = servicePrincipalByAppId(tenant, resourceAppId);
  if (resource === undefined) return [];
  const values = new Set<string>();
  for (const assignment of tenant.collection('appRoleAssignments').lookup(`principal:${servicePrincipalId}`)) {
    if (assignment.resourceId !== resource.id) continue;
    const role = resource.appRoles.find((candidate) => candidate.id === assignment.appRoleId);
    if (role !== undefined) values.add(role.value);
  }
  return [...values].sort();
}

/**
 * IMAP, POP and SMTP delegated permissions belong to Exchange Online, but the Entra portal offers
 * them under Microsoft Graph (fidelity 3.6), and a grant on either is honoured for Exchange tokens.
 */
const EXCHANGE_SCOPES_ALSO_ON_GRAPH = new Set(['IMAP.AccessAsUser.All', 'POP.AccessAsUser.All', 'SMTP.Send']);

/** Delegated scopes consented for the client on the resource, for this user (admin or own consent). */
export function consentedScopes(tenant: Tenant, clientServicePrincipalId: string, resourceAppId: string, userId: string): Set<string> {
  const resource = servicePrincipalByAppId(tenant, resourceAppId);
  const graph = servicePrincipalByAppId(tenant, GRAPH_APP_ID);
  const scopes = new Set<string>();
  for (const grant of tenant.collection('oauth2PermissionGrants').lookup(`client:${clientServicePrincipalId}`)) {
    if (grant.consentType === 'Principal' && grant.principalId !== userId) continue;
    for (const scope of grant.scope.split(/\s+/).filter(Boolean)) {
      if (resource !== undefined && grant.resourceId === resource.id) scopes.add(scope);
      else if (resourceAppId === EXCHANGE_APP_ID && graph !== undefined && grant.resourceId === graph.id && EXCHANGE_SCOPES_ALSO_ON_GRAPH.has(scope)) {
        scopes.add(scope);
      }
    }
  }
  return scopes;
}

/** Directory role template ids assigned to a principal (the token's `wids`). */
export function directoryRoles(tenant: Tenant, principalId: string): string[] {
  return tenant
    .collection('directoryRoleAssignments')
    .lookup(`principal:${principalId}`)
    .map((assignment) => assignment.roleDefinitionId);
}
