/**
 * The tenant as Microsoft 365 hands it over: an onmicrosoft.com domain and one custom domain, the
 * Microsoft Graph and Exchange Online service principals with their real roles and scopes, Exchange
 * SKUs, SMTP AUTH off for the organization (tenants since January 2020), and one admin app whose
 * credentials the emulator prints, holding the Graph permissions and the Exchange role an admin
 * tool needs (issue 3, item 7). Everything else is created through the wire APIs.
 */
import { randomUUID } from 'node:crypto';
import { hashSecret } from './entra/passwords.js';
import type { AppRole, PermissionScope, ServicePrincipal } from './store/model.js';
import type { Tenant, TenantStore } from './store/store.js';
import { EXCHANGE, EXCHANGE_ADMINISTRATOR_ROLE, GRAPH, MICROSOFT_TENANT_ID, RESOURCE_APPS, type ResourceApp } from './wellknown.js';

export const BOOTSTRAP_APP_NAME = 'mbx emulator admin';

const BOOTSTRAP_GRAPH_ROLES = [
  'User.ReadWrite.All',
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'Directory.ReadWrite.All',
  'Reports.Read.All',
  'AuditLog.Read.All',
];
const BOOTSTRAP_EXCHANGE_ROLES = ['Exchange.ManageAsApp'];

function resourceServicePrincipal(resource: ResourceApp): ServicePrincipal {
  const appRoles: AppRole[] = resource.appRoles.map((role) => ({
    id: role.id,
    value: role.value,
    displayName: role.value,
    description: `Allows the app to use ${role.value} without a signed-in user.`,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  }));
  const scopes: PermissionScope[] = resource.scopes.map((scope) => ({
    id: scope.id,
    value: scope.value,
    adminConsentDisplayName: scope.value,
    adminConsentDescription: `Allows the app to use ${scope.value} on behalf of the signed-in user.`,
    type: 'User',
    isEnabled: true,
  }));
  return {
    id: randomUUID(),
    appId: resource.appId,
    displayName: resource.displayName,
    accountEnabled: true,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    appRoles,
    oauth2PermissionScopes: scopes,
    servicePrincipalNames: [...resource.servicePrincipalNames],
  };
}

/** `contoso.com` becomes `contoso.onmicrosoft.com`. */
export function initialDomainFor(domain: string): string {
  const label = domain.toLowerCase().split('.')[0] ?? 'contoso';
  return `${label.replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`;
}

export function bootstrapTenant(store: TenantStore, domain: string, clientSecret: string, now: Date): Tenant {
  const created = now.toISOString();
  const custom = domain.toLowerCase();
  const initial = custom.endsWith('.onmicrosoft.com') ? custom : initialDomainFor(custom);
  const appId = randomUUID();
  const tenant = store.createTenant({
    id: randomUUID(),
    displayName: custom.split('.')[0] ?? custom,
    initialDomain: initial,
    createdDateTime: created,
    bootstrapClientId: appId,
  });

  const domains = tenant.collection('domains');
  domains.put({ id: initial, isDefault: initial === custom, isInitial: true, isVerified: true });
  if (custom !== initial) domains.put({ id: custom, isDefault: true, isInitial: false, isVerified: true });

  tenant.collection('settings').put({ id: 'organization', sendFromAliasEnabled: false, smtpClientAuthenticationDisabled: true });

  const resources = new Map(RESOURCE_APPS.map((resource) => [resource.appId, resourceServicePrincipal(resource)]));
  for (const servicePrincipal of resources.values()) tenant.collection('servicePrincipals').put(servicePrincipal);

  const grants: [ResourceApp, string[]][] = [
    [GRAPH, BOOTSTRAP_GRAPH_ROLES],
    [EXCHANGE, BOOTSTRAP_EXCHANGE_ROLES],
  ];
  tenant.collection('applications').put({
    id: randomUUID(),
    appId,
    displayName: BOOTSTRAP_APP_NAME,
    signInAudience: 'AzureADMyOrg',
    isFallbackPublicClient: false,
    requiredResourceAccess: grants.map(([resource, roles]) => ({
      resourceAppId: resource.appId,
      resourceAccess: roles.map((value) => ({ id: roleId(resource, value), type: 'Role' as const })),
    })),
    passwordCredentials: [
      {
        keyId: randomUUID(),
        displayName: 'printed by mbx emulator',
        hint: clientSecret.slice(0, 3),
        startDateTime: created,
        endDateTime: new Date(now.getTime() + 2 * 365 * 86_400_000).toISOString(),
        secretHash: hashSecret(clientSecret),
      },
    ],
    keyCredentials: [],
    createdDateTime: created,
  });
  const admin: ServicePrincipal = {
    id: randomUUID(),
    appId,
    displayName: BOOTSTRAP_APP_NAME,
    accountEnabled: true,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: tenant.info.id,
    appRoles: [],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [appId],
  };
  tenant.collection('servicePrincipals').put(admin);
  for (const [resource, roles] of grants) {
    const resourceSp = resources.get(resource.appId) as ServicePrincipal;
    for (const value of roles) {
      tenant.collection('appRoleAssignments').put({
        id: randomUUID(),
        appRoleId: roleId(resource, value),
        principalId: admin.id,
        principalType: 'ServicePrincipal',
        principalDisplayName: admin.displayName,
        resourceId: resourceSp.id,
        resourceDisplayName: resourceSp.displayName,
        createdDateTime: created,
      });
    }
  }
  tenant
    .collection('directoryRoleAssignments')
    .put({ id: randomUUID(), principalId: admin.id, roleDefinitionId: EXCHANGE_ADMINISTRATOR_ROLE, directoryScopeId: '/' });
  return tenant;
}

function roleId(resource: ResourceApp, value: string): string {
  const role = resource.appRoles.find((candidate) => candidate.value === value);
  if (role === undefined) throw new Error(`${resource.displayName} has no application role ${value}`);
  return role.id;
}
