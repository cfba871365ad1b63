/**
 * Every Graph call checks the token: signed here, for Microsoft Graph (aud
 * https://graph.microsoft.com or its app id), not expired; then the permission the operation
 * needs, as an application role (`roles`) or a delegated scope (`scp`). Missing: 403
 * Authorization_RequestDenied, as Graph answers.
 */
import type { EmulatorContext } from '../context.js';
import { heldPermissions, verifyBearer, type AccessClaims } from '../entra/tokens.js';
import type { EmuRequest } from '../http/types.js';
import type { Tenant } from '../store/store.js';
import { GRAPH_APP_ID } from '../wellknown.js';
import { GRAPH_ERRORS } from './errors.js';

export interface Caller {
  readonly claims: AccessClaims;
  readonly tenant: Tenant;
}

/** Permissions that allow an operation, any one sufficing, by token kind. */
export interface Needs {
  readonly app: readonly string[];
  readonly delegated: readonly string[];
}

const UNAUTHENTICATED: Readonly<Record<string, string>> = {
  missing: 'Access token is empty.',
  malformed: 'Access token validation failure.',
  expired: 'Lifetime validation failed, the token is expired.',
  invalid: 'Access token validation failure.',
  audience: 'Access token validation failure. Invalid audience.',
};

export async function authenticate(request: EmuRequest, context: EmulatorContext): Promise<Caller> {
  const verified = await verifyBearer(context.tokens, request.headers.authorization, GRAPH_APP_ID);
  if (!verified.ok) throw GRAPH_ERRORS.unauthenticated(UNAUTHENTICATED[verified.reason] as string);
  const tenant = context.store.resolve(verified.claims.tid);
  if (tenant === undefined) throw GRAPH_ERRORS.unauthenticated('Access token validation failure.');
  return { claims: verified.claims, tenant };
}

export function requirePermission(caller: Caller, needs: Needs): void {
  const held = heldPermissions(caller.claims);
  const wanted = caller.claims.idtyp === 'app' ? needs.app : needs.delegated;
  if (!wanted.some((permission) => held.includes(permission))) throw GRAPH_ERRORS.denied();
}

const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const NEEDS = {
  usersRead: {
    app: ['User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['User.Read.All', 'User.ReadWrite.All', 'User.ReadBasic.All', ...READ_DIRECTORY],
  },
  usersWrite: { app: ['User.ReadWrite.All', 'Directory.ReadWrite.All'], delegated: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] },
  organizationRead: {
    app: ['Organization.Read.All', 'Organization.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['Organization.Read.All', ...READ_DIRECTORY, 'User.Read'],
  },
  domainsRead: { app: ['Domain.Read.All', ...READ_DIRECTORY], delegated: ['Domain.Read.All', ...READ_DIRECTORY] },
  mailboxSettingsRead: { app: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], delegated: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'] },
  mailboxSettingsWrite: { app: ['MailboxSettings.ReadWrite'], delegated: ['MailboxSettings.ReadWrite'] },
  applicationsRead: {
    app: ['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY],
  },
  applicationsWrite: { app: ['Application.ReadWrite.All'], delegated: ['Application.ReadWrite.All'] },
  assignmentsWrite: {
    app: ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'],
    delegated: ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'],
  },
  grantsWrite: {
    app: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
  rolesRead: {
    app: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...READ_DIRECTORY],
    delegated: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...READ_DIRECTORY],
  },
  rolesWrite: { app: ['RoleManagement.ReadWrite.Directory'], delegated: ['RoleManagement.ReadWrite.Directory'] },
  reportsRead: { app: ['Reports.Read.All'], delegated: ['Reports.Read.All'] },
} as const satisfies Record<string, Needs>;
