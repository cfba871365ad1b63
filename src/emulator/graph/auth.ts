/**
 * Every Graph call checks the token: signed here, for Microsoft Graph (aud
 * https://graph.microsoft.com or its app id), not expired; then the permission the operation
 * needs, as an application role (`roles`) or a delegated scope (`scp`). Missing: 403
 * Authorization_RequestDenied, as Graph answers.
 */
import type { EmulatorContext } from '../context.js';
import type { AccessClaims } from '../entra/tokens.js';
import type { EmuRequest } from '../http/types.js';
import type { Tenant } from '../store/store.js';
import { GRAPH_APP_ID, RESOURCE_AUDIENCES } from '../wellknown.js';
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

export async function authenticate(request: EmuRequest, context: EmulatorContext): Promise<Caller> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') throw GRAPH_ERRORS.unauthenticated('Access token is empty.');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null) throw GRAPH_ERRORS.unauthenticated('Access token validation failure.');
  const verified = await context.tokens.verify(match[1] as string);
  if (!verified.ok) throw GRAPH_ERRORS.unauthenticated(verified.reason === 'The token is expired.' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure.');
  const claims = verified.claims;
  if (RESOURCE_AUDIENCES[claims.aud.replace(/\/$/, '')] !== GRAPH_APP_ID) throw GRAPH_ERRORS.unauthenticated('Access token validation failure. Invalid audience.');
  const tenant = context.store.resolve(claims.tid);
  if (tenant === undefined) throw GRAPH_ERRORS.unauthenticated('Access token validation failure.');
  return { claims, tenant };
}

export function requirePermission(caller: Caller, needs: Needs): void {
  const held = caller.claims.idtyp === 'app' ? (caller.claims.roles ?? []) : (caller.claims.scp ?? '').split(' ');
  const wanted = caller.claims.idtyp === 'app' ? needs.app : needs.delegated;
  if (!wanted.some((permission) => held.includes(permission))) throw GRAPH_ERRORS.denied();
}

const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const NEEDS = {
  usersRead: { app: ['User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY], delegated: ['User.Read.All', 'User.ReadWrite.All', 'User.ReadBasic.All', ...READ_DIRECTORY] },
  usersWrite: { app: ['User.ReadWrite.All', 'Directory.ReadWrite.All'], delegated: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] },
  organizationRead: { app: ['Organization.Read.All', 'Organization.ReadWrite.All', ...READ_DIRECTORY], delegated: ['Organization.Read.All', ...READ_DIRECTORY, 'User.Read'] },
  domainsRead: { app: ['Domain.Read.All', ...READ_DIRECTORY], delegated: ['Domain.Read.All', ...READ_DIRECTORY] },
  mailboxSettingsRead: { app: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], delegated: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'] },
  mailboxSettingsWrite: { app: ['MailboxSettings.ReadWrite'], delegated: ['MailboxSettings.ReadWrite'] },
  applicationsRead: { app: ['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY], delegated: ['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY] },
  applicationsWrite: { app: ['Application.ReadWrite.All'], delegated: ['Application.ReadWrite.All'] },
  assignmentsWrite: { app: ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'], delegated: ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'] },
  grantsWrite: { app: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'], delegated: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'] },
  rolesRead: { app: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...READ_DIRECTORY], delegated: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...READ_DIRECTORY] },
  rolesWrite: { app: ['RoleManagement.ReadWrite.Directory'], delegated: ['RoleManagement.ReadWrite.Directory'] },
  reportsRead: { app: ['Reports.Read.All'], delegated: ['Reports.Read.All'] },
} as const satisfies Record<string, Needs>;
