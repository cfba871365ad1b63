/**
 * The names and types the Pulumi program gives the app's Entra objects (program.ts), in a module of
 * their own so that mbx export can write a Pulumi import file (src/export/pulumi-import.ts) for an
 * existing app without loading the Pulumi SDK.
 */
import type { ApiResource } from '../profiles/types.js';
import { RESOURCE_APP_IDS } from '../m365/wellknown.js';

/** The resource APIs' service principals, and the prefix of each consent resource the program names after them. */
export const API_RESOURCES: Readonly<Record<ApiResource, { readonly appId: string; readonly name: string }>> = {
  'Microsoft Graph': { appId: RESOURCE_APP_IDS.graph, name: 'microsoft-graph' },
  'Office 365 Exchange Online': { appId: RESOURCE_APP_IDS.exchange, name: 'exchange-online' },
};

/** The logical name of the app registration, its service principal and its credential. */
export const APP_NAME = 'app';

/** @pulumi/azuread's type tokens for the resources the program declares. */
export const AZUREAD_TYPES = {
  application: 'azuread:index/application:Application',
  servicePrincipal: 'azuread:index/servicePrincipal:ServicePrincipal',
  appRoleAssignment: 'azuread:index/appRoleAssignment:AppRoleAssignment',
  delegatedGrant: 'azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant',
  certificate: 'azuread:index/applicationCertificate:ApplicationCertificate',
} as const;

/** The logical name of the app role assignment that grants one application permission. */
export const appRoleName = (resource: ApiResource, permission: string): string => `${API_RESOURCES[resource].name}/${permission}`;
