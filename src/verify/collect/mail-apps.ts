/**
 * Every app that can reach mailboxes, whether the spec names it or not (issue 32): from Graph, the
 * application permissions granted on Microsoft Graph and Exchange Online (one paged list of each
 * resource's appRoleAssignedTo) and the delegated mail scopes consented for all users (one list of
 * AllPrincipals grants); from Exchange, how each is limited: RBAC for Applications role
 * assignments with the mailboxes their scopes find, and legacy application access policies. Plus
 * the directory audit records of app changes, for who added what and when.
 */
import { lower } from '../../m365/exchange/rows.js';
import type { GraphClient } from '../../m365/graph/client.js';
import { RESOURCE_APP_IDS, TENANT_WIDE_MAIL_ROLES } from '../../m365/wellknown.js';
import type { DirectoryAuditFacts, MailAppFacts } from '../access-facts.js';
import { credentials, federatedOf } from './app.js';
import type { PermissionFacts } from '../access-facts.js';

type Wire = Record<string, unknown>;
const array = (value: unknown): Wire[] => (Array.isArray(value) ? (value as Wire[]) : []);

/**
 * Application permissions that reach mail. Graph's and Exchange's Mail.* and MailboxSettings.*
 * reach every mailbox unless RBAC or a policy limits them; full_access_as_app is EWS's whole
 * mailbox access. IMAP.AccessAsApp, POP.AccessAsApp and SMTP.SendAsApp reach only the mailboxes
 * whose permissions name the app's Exchange service principal, so they are read from those grants.
 */
export const MAIL_APP_ROLES = new Set([...TENANT_WIDE_MAIL_ROLES, 'full_access_as_app', 'IMAP.AccessAsApp', 'POP.AccessAsApp', 'SMTP.SendAsApp']);

/** Delegated scopes that let an app open a mailbox other than the signed-in user's own, for a user who holds rights on it. */
export const SHARED_MAIL_SCOPES = new Set([
  'Mail.Read.Shared',
  'Mail.ReadWrite.Shared',
  'Mail.Send.Shared',
  'IMAP.AccessAsUser.All',
  'POP.AccessAsUser.All',
  'SMTP.Send',
  'EWS.AccessAsUser.All',
  'full_access_as_user',
]);

/** What Exchange says of apps: its service principals, every role assignment, every access policy. */
export interface ExchangeAppRows {
  readonly servicePrincipals: readonly Wire[];
  readonly roleAssignments: readonly Wire[];
  readonly accessPolicies: readonly Wire[];
}

export interface MailAppInputs {
  /** The mailboxes a management scope's filter finds (cached per scope by the caller). */
  readonly scopeMailboxes: (scope: string) => Promise<readonly string[]>;
  /** The mailboxes an access policy's scope (a mailbox or a mail-enabled security group) covers. */
  readonly policyMailboxes: (scopeName: string) => readonly string[];
}

interface Building {
  servicePrincipalId: string;
  appId: string;
  displayName: string;
  exchangeIdentity?: string;
  application: (PermissionFacts & { since?: string })[];
  delegated: PermissionFacts[];
}

export async function collectMailApps(graph: GraphClient, exchange: ExchangeAppRows, inputs: MailAppInputs): Promise<MailAppFacts[]> {
  const resources = await Promise.all(
    Object.values(RESOURCE_APP_IDS).map(async (appId) => {
      const [resource] = await graph.list<Wire>(`/servicePrincipals?$filter=appId eq '${appId}'&$select=id,appId,displayName,appRoles`);
      if (resource === undefined) return undefined;
      const assigned = await graph.list<Wire>(`/servicePrincipals/${String(resource.id)}/appRoleAssignedTo?$top=999`);
      return { resource, assigned };
    }),
  );
  const grants = await graph.list<Wire>(`/oauth2PermissionGrants?$filter=consentType eq 'AllPrincipals'`);
  const resourceNames = new Map(
    resources.filter((found) => found !== undefined).map(({ resource }) => [lower(resource.id), String(resource.displayName ?? '')]),
  );

  const apps = new Map<string, Building>();
  const app = (id: string, name: string): Building => {
    let found = apps.get(id);
    if (found === undefined) apps.set(id, (found = { servicePrincipalId: id, appId: '', displayName: name, application: [], delegated: [] }));
    return found;
  };
  for (const found of resources) {
    if (found === undefined) continue;
    const roles = new Map(array(found.resource.appRoles).map((role) => [lower(role.id), String(role.value ?? '')]));
    for (const assignment of found.assigned) {
      const value = roles.get(lower(assignment.appRoleId));
      if (value === undefined || !MAIL_APP_ROLES.has(value) || assignment.principalType === 'User' || assignment.principalType === 'Group') continue;
      const since = typeof assignment.createdDateTime === 'string' ? { since: assignment.createdDateTime } : {};
      app(lower(assignment.principalId), String(assignment.principalDisplayName ?? '')).application.push({
        resource: String(found.resource.displayName ?? ''),
        name: value,
        ...since,
      });
    }
  }
  for (const grant of grants) {
    const scopes = String(grant.scope ?? '')
      .split(/\s+/)
      .filter((scope) => SHARED_MAIL_SCOPES.has(scope));
    if (scopes.length === 0) continue;
    const building = app(lower(grant.clientId), '');
    for (const name of scopes) building.delegated.push({ resource: resourceNames.get(lower(grant.resourceId)) ?? String(grant.resourceId), name });
  }

  // Exchange's service principals name the app by object id; its role assignments, by Exchange identity.
  const exchangeSps = new Map(exchange.servicePrincipals.map((row) => [lower(row.ObjectId), row]));
  const identityOf = new Map(exchange.servicePrincipals.map((row) => [lower(row.Identity), lower(row.ObjectId)]));
  // An app registered in Exchange was registered for mail: it is listed even with no permission yet.
  for (const [objectId, row] of exchangeSps) {
    const building = app(objectId, String(row.DisplayName ?? ''));
    building.exchangeIdentity = lower(row.Identity);
    if (building.appId === '') building.appId = lower(row.AppId);
  }
  const rbacByApp = new Map<string, Wire[]>();
  for (const row of exchange.roleAssignments) {
    const assignee = lower(row.RoleAssignee);
    const objectId = exchangeSps.has(assignee) ? assignee : identityOf.get(assignee);
    if (objectId === undefined || !String(row.Role ?? '').startsWith('Application ')) continue;
    rbacByApp.set(objectId, [...(rbacByApp.get(objectId) ?? []), row]);
    if (!apps.has(objectId)) app(objectId, String(exchangeSps.get(objectId)?.DisplayName ?? ''));
  }

  // Names and client ids of apps known only by their service principal's object id.
  const unnamed = [...apps.values()].filter((building) => building.appId === '' || building.displayName === '');
  for (let start = 0; start < unnamed.length; start += 20) {
    const answers = await graph.batch(
      unnamed
        .slice(start, start + 20)
        .map((building) => ({ id: building.servicePrincipalId, url: `/servicePrincipals/${building.servicePrincipalId}?$select=id,appId,displayName` })),
    );
    for (const building of unnamed.slice(start, start + 20)) {
      const body = answers.get(building.servicePrincipalId)?.body as Wire | undefined;
      if (building.appId === '') building.appId = lower(body?.appId ?? exchangeSps.get(building.servicePrincipalId)?.AppId);
      if (typeof body?.displayName === 'string') building.displayName = body.displayName;
    }
  }

  const registrations = await registrationsOf(
    graph,
    [...apps.values()].map((building) => building.appId),
  );
  return Promise.all(
    [...apps.values()].map(async (building): Promise<MailAppFacts> => ({
      ...building,
      ...registrations.get(building.appId),
      rbac: await Promise.all(
        (rbacByApp.get(building.servicePrincipalId) ?? []).map(async (row) => {
          const scope = typeof row.CustomResourceScope === 'string' && row.CustomResourceScope !== '' ? row.CustomResourceScope : null;
          const when = Date.parse(String(row.WhenCreatedUTC ?? row.WhenCreated ?? ''));
          return {
            role: String(row.Role),
            scope,
            mailboxes: scope === null ? ('all' as const) : await inputs.scopeMailboxes(scope),
            ...(Number.isNaN(when) ? {} : { since: new Date(when).toISOString() }),
          };
        }),
      ),
      accessPolicies: exchange.accessPolicies
        .filter((row) => lower(row.AppId) === building.appId)
        .map((row) => {
          const scopeName = String(row.ScopeName ?? row.ScopeIdentity ?? '');
          return {
            accessRight: String(row.AccessRight) === 'DenyAccess' ? ('DenyAccess' as const) : ('RestrictAccess' as const),
            scopeName,
            mailboxes: inputs.policyMailboxes(scopeName),
          };
        }),
    })),
  );
}

/**
 * The credentials of each app registered in this tenant (an app of another tenant, or one of
 * Microsoft's, has none here): its certificates and secrets, then its federated credentials, each
 * in $batch requests of 20.
 */
async function registrationsOf(
  graph: GraphClient,
  appIds: readonly string[],
): Promise<Map<string, Pick<MailAppFacts, 'applicationObjectId' | 'credentials' | 'federatedCredentials'>>> {
  const found = new Map<string, Pick<MailAppFacts, 'applicationObjectId' | 'credentials' | 'federatedCredentials'>>();
  const ids = appIds.filter((appId) => /^[0-9a-f-]{36}$/.test(appId));
  for (let start = 0; start < ids.length; start += 10) {
    const chunk = ids.slice(start, start + 10);
    const answers = await graph.batch(
      chunk.flatMap((appId) => [
        { id: `k${appId}`, url: `/applications(appId='${appId}')?$select=id,appId,keyCredentials,passwordCredentials` },
        { id: `f${appId}`, url: `/applications(appId='${appId}')/federatedIdentityCredentials` },
      ]),
    );
    for (const appId of chunk) {
      const keys = answers.get(`k${appId}`);
      if (keys === undefined || keys.status >= 300) continue;
      const federated = answers.get(`f${appId}`);
      found.set(appId, {
        applicationObjectId: lower((keys.body as Wire).id),
        credentials: credentials(keys.body as Wire),
        federatedCredentials: federated !== undefined && federated.status < 300 ? array((federated.body as Wire).value).map(federatedOf) : [],
      });
    }
  }
  return found;
}

/** How long Entra keeps directory audit records without Entra ID P1 (30 days with it). */
const AUDIT_DAYS = 30;

/** The directory audit records of app changes of the last 30 days, newest first. */
export async function collectDirectoryAudits(graph: GraphClient, now: Date): Promise<DirectoryAuditFacts[]> {
  const since = new Date(now.getTime() - AUDIT_DAYS * 86_400_000).toISOString();
  const rows = await graph.list<Wire>(`/auditLogs/directoryAudits?$filter=category eq 'ApplicationManagement' and activityDateTime ge ${since}`);
  return rows.flatMap((row): DirectoryAuditFacts[] => {
    const initiated = (row.initiatedBy ?? {}) as { user?: Wire | null; app?: Wire | null };
    const by = String(initiated.user?.userPrincipalName ?? initiated.app?.displayName ?? 'unknown');
    return array(row.targetResources).map((target) => ({
      at: String(row.activityDateTime ?? ''),
      by,
      activity: String(row.activityDisplayName ?? ''),
      targetId: lower(target.id),
      targetName: String(target.displayName ?? ''),
      modified: array(target.modifiedProperties).map((property) => ({
        name: String(property.displayName ?? ''),
        oldValue: typeof property.oldValue === 'string' ? property.oldValue : null,
        newValue: typeof property.newValue === 'string' ? property.newValue : null,
      })),
    }));
  });
}
