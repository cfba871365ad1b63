/**
 * The spec's app, as Entra and Exchange hold it. Graph: the app registration by display name (with
 * its credentials' metadata), then in one $batch its service principal, the application
 * permissions consented to it (app role assignments) and the two APIs mail permissions belong to
 * (to name the roles), then its delegated grants. Exchange: its service principal, its RBAC for
 * Applications role assignments, the mailboxes each of their scopes finds (Exchange evaluates the
 * filter, through Get-Mailbox -Filter), and legacy application access policies naming it.
 */
import type { ExchangeClient } from '../../m365/exchange/client.js';
import { odataString, type BatchAnswer, type GraphClient } from '../../m365/graph/client.js';
import { ServiceError } from '../../m365/errors.js';
import { lower } from '../../m365/exchange/rows.js';
import { RESOURCE_APP_IDS } from '../../m365/wellknown.js';
import type { FederatedCredentialFacts } from '../access-facts.js';
import type { AppCredentialFacts, AppFacts, AppScopeFacts, PermissionFacts } from '../snapshot.js';

type Wire = Record<string, unknown>;

/** The APIs whose permissions mail software needs, by their well-known app ids. */

const array = (value: unknown): Wire[] => (Array.isArray(value) ? (value as Wire[]) : []);

/** An item of a $batch that must have answered: anything but 2xx (and a 404 where allowed) fails the source. */
function answered(answers: Map<string, BatchAnswer>, id: string, allowNotFound = false): Wire | undefined {
  const answer = answers.get(id);
  if (answer === undefined) throw new ServiceError('graph', 0, 'BatchItemMissing', `The $batch answer has no item "${id}".`);
  if (answer.status === 404 && allowNotFound) return undefined;
  if (answer.status >= 300) {
    const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ServiceError('graph', answer.status, error?.code ?? 'Unknown', error?.message ?? `Graph answered ${answer.status} inside $batch.`);
  }
  return answer.body as Wire;
}

/** An application row's certificates and secrets, as metadata. */
export function credentials(row: Wire): AppCredentialFacts[] {
  const of = (kind: AppCredentialFacts['kind'], items: unknown): AppCredentialFacts[] =>
    array(items).map((item) => ({
      kind,
      keyId: lower(item.keyId),
      displayName: typeof item.displayName === 'string' ? item.displayName : null,
      thumbprint: kind === 'certificate' && typeof item.customKeyIdentifier === 'string' ? item.customKeyIdentifier.toUpperCase() : null,
      startDateTime: typeof item.startDateTime === 'string' ? item.startDateTime : null,
      endDateTime: typeof item.endDateTime === 'string' ? item.endDateTime : null,
    }));
  return [...of('certificate', row.keyCredentials), ...of('secret', row.passwordCredentials)];
}

export type AppRegistration = Omit<AppFacts, 'consented' | 'servicePrincipalId' | 'exchangeTrustee' | 'exchangeServicePrincipal'>;

/** The app registration by display name, with its credentials' metadata and federated credentials; undefined when none has the name. */
export async function findAppRegistration(graph: GraphClient, displayName: string): Promise<AppRegistration | undefined> {
  const rows = await graph.list<Wire>(
    `/applications?$filter=displayName eq '${odataString(displayName)}'&$select=id,appId,displayName,keyCredentials,passwordCredentials`,
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const federated = await graph.list<Wire>(`/applications/${String(row.id)}/federatedIdentityCredentials`);
  return {
    appId: lower(row.appId),
    objectId: lower(row.id),
    displayName: String(row.displayName ?? displayName),
    registrations: rows.length,
    credentials: credentials(row),
    federatedCredentials: federated.map(federatedOf),
  };
}

/** A federatedIdentityCredential as Graph lists it. */
export function federatedOf(credential: Wire): FederatedCredentialFacts {
  return {
    name: String(credential.name ?? ''),
    issuer: String(credential.issuer ?? ''),
    subject: String(credential.subject ?? ''),
    audiences: (Array.isArray(credential.audiences) ? credential.audiences : []).map(String),
  };
}

/** The app's service principal and what an admin consented to for it. */
export async function collectConsent(graph: GraphClient, appId: string): Promise<Pick<AppFacts, 'servicePrincipalId' | 'consented'>> {
  const answers = await graph.batch([
    { id: 'sp', url: `/servicePrincipals(appId='${appId}')?$select=id,appId,displayName` },
    { id: 'roles', url: `/servicePrincipals(appId='${appId}')/appRoleAssignments` },
    { id: 'graph', url: `/servicePrincipals(appId='${RESOURCE_APP_IDS.graph}')?$select=id,appId,displayName,appRoles` },
    { id: 'exchange', url: `/servicePrincipals(appId='${RESOURCE_APP_IDS.exchange}')?$select=id,appId,displayName,appRoles` },
  ]);
  const sp = answered(answers, 'sp', true);
  if (sp === undefined) return { consented: { application: [], delegated: [] } };

  const resources = new Map<string, Wire>();
  for (const id of ['graph', 'exchange']) {
    const resource = answered(answers, id, true);
    if (resource !== undefined) resources.set(lower(resource.id), resource);
  }
  const resourceName = (resourceId: unknown, fallback: unknown): string =>
    String(resources.get(lower(resourceId))?.displayName ?? fallback ?? `resource ${String(resourceId)}`);
  const application = array(answered(answers, 'roles')?.value).map((assignment): PermissionFacts => {
    const role = array(resources.get(lower(assignment.resourceId))?.appRoles).find((candidate) => lower(candidate.id) === lower(assignment.appRoleId));
    return {
      resource: resourceName(assignment.resourceId, assignment.resourceDisplayName),
      name: String(role?.value ?? `app role ${String(assignment.appRoleId)}`),
    };
  });
  const servicePrincipalId = lower(sp.id);
  const grants = await graph.list<Wire>(`/oauth2PermissionGrants?$filter=clientId eq '${servicePrincipalId}'`);
  const delegated = grants
    .filter((grant) => grant.consentType === 'AllPrincipals')
    .flatMap((grant) =>
      String(grant.scope ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((name): PermissionFacts => ({ resource: resourceName(grant.resourceId, undefined), name })),
    );
  return { servicePrincipalId, consented: { application, delegated } };
}

/** Adds the app's Exchange service principal, from a Get-ServicePrincipal listing. */
export function withExchangeServicePrincipal(app: AppFacts, rows: readonly Wire[]): AppFacts {
  const row = rows.find((candidate) => lower(candidate.AppId) === app.appId);
  if (row === undefined) return app;
  const identity = lower(row.Identity);
  return { ...app, exchangeTrustee: identity, exchangeServicePrincipal: { identity, appId: lower(row.AppId), objectId: lower(row.ObjectId) } };
}

/** The app's RBAC for Applications role assignments, and what each of their scopes reaches. */
/** An Exchange time as ISO 8601, when it is one. */
function sinceOf(value: unknown): { since?: string } {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? {} : { since: new Date(time).toISOString() };
}

export async function collectRoleAssignments(
  exchange: ExchangeClient,
  servicePrincipal: AppFacts['exchangeServicePrincipal'],
  listed?: readonly Wire[],
  /** Scopes already resolved, by name, shared between calls for several service principals (mbx export). */
  resolved: Map<string, Promise<ScopeReach>> = new Map(),
): Promise<Pick<AppScopeFacts, 'assignments' | 'scopes'>> {
  if (servicePrincipal === undefined) return { assignments: [], scopes: new Map() };
  // Get-ManagementRoleAssignment has no parameter for a service principal: list (once, where the caller has) and match the assignee.
  const rows = listed ?? (await exchange.invoke('Get-ManagementRoleAssignment'));
  const assignments = rows
    .filter((row) => lower(row.RoleAssignee) === servicePrincipal.identity || lower(row.RoleAssignee) === servicePrincipal.objectId)
    .map((row) => ({
      name: String(row.Name ?? row.Identity),
      role: String(row.Role),
      scope: typeof row.CustomResourceScope === 'string' && row.CustomResourceScope !== '' ? row.CustomResourceScope : null,
      ...sinceOf(row.WhenCreatedUTC ?? row.WhenCreated),
    }));
  const names = [...new Set(assignments.map((assignment) => assignment.scope).filter((scope) => scope !== null))];
  const scopes = new Map(await Promise.all(names.map(async (name): Promise<[string, ScopeReach]> => [name, await resolveScope(exchange, name, resolved)])));
  return { assignments, scopes };
}

interface ScopeReach {
  readonly filter: string;
  readonly mailboxes: string[];
}

/** A management scope's filter and the mailboxes Exchange finds with it, read once per scope name for every caller. */
export function resolveScope(exchange: ExchangeClient, name: string, resolved: Map<string, Promise<ScopeReach>>): Promise<ScopeReach> {
  let scope = resolved.get(name);
  if (scope === undefined) {
    scope = (async () => {
      const filter = String((await exchange.invoke('Get-ManagementScope', { Identity: name }))[0]?.RecipientRestrictionFilter ?? '');
      const found = await exchange.invoke('Get-Mailbox', { Filter: filter, ResultSize: 'Unlimited' });
      return { filter, mailboxes: found.map((mailbox) => lower(mailbox.PrimarySmtpAddress)).sort() };
    })();
    resolved.set(name, scope);
  }
  return scope;
}

/** Legacy application access policies that name the app, from a Get-ApplicationAccessPolicy listing. */
export function accessPoliciesOf(rows: readonly Wire[], appId: string): AppScopeFacts['accessPolicies'] {
  return rows
    .filter((row) => lower(row.AppId) === appId)
    .map((row) => ({
      accessRight: String(row.AccessRight ?? ''),
      scopeName: String(row.ScopeName ?? row.ScopeIdentity ?? ''),
      description: String(row.Description ?? ''),
    }));
}
