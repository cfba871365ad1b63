/**
 * The app of an exported spec (issue 19): the one app registered in Exchange that reaches the
 * exported mailboxes (by RBAC for Applications roles, or by mailbox grants to its service
 * principal), with client profiles inferred from that evidence: a Graph role on a mailbox is a
 * generic-graph client, the role Application SMTP.SendAsApp a generic-smtp client by RBAC, Full
 * Access with IMAP.AccessAsApp a generic-imap client as the app, Send As with SMTP.SendAsApp a
 * generic-smtp client by mailbox permission. The app is exported only where that explains all its
 * consent and roles exactly (what mbx would provision from the clients is what the tenant holds);
 * otherwise, and for delegated consent (which software signs in as which delegate is not in the
 * tenant), a comment says why it is left out.
 */
import { stringify } from 'yaml';
import type { ExchangeClient } from '../m365/exchange/client.js';
import { loadSpecText } from '../spec/load.js';
import { lower } from '../m365/exchange/rows.js';
import type { GraphClient } from '../m365/graph/client.js';
import { collectConsent, collectRoleAssignments, findAppRegistration } from '../verify/collect/app.js';
import type { AppFacts, AppScopeFacts } from '../verify/snapshot.js';

type Wire = Record<string, unknown>;

export interface ExportedApp {
  /** The app's client id, lower-cased. */
  readonly appId: string;
  /** The spec's app section. */
  readonly app: Record<string, unknown>;
  /** The app's Exchange service principal as grant lists show it (lower-cased identity). */
  readonly trustee: string;
  /** Client entries by mailbox address. */
  readonly clients: ReadonlyMap<string, readonly Record<string, unknown>[]>;
  /** Mailbox rights the clients need for the app (written as the trustee `app`). */
  readonly grants: ReadonlyMap<string, { readonly fullAccess: boolean; readonly sendAs: boolean }>;
  /** What consent and roles an mbx spec with these clients provisions: compared with the tenant's by the caller. */
  readonly consented: AppFacts['consented'];
  readonly assignments: readonly { readonly role: string; readonly mailboxes: readonly string[] }[];
  /** The app's Entra objects, for a Pulumi import file (pulumi-import.ts): absent where not found. */
  readonly entra: { readonly objectId?: string; readonly servicePrincipalId?: string; readonly certificateKeyIds: readonly string[] };
}

interface Candidate {
  readonly row: Wire;
  readonly identity: string;
  readonly roles: Pick<AppScopeFacts, 'assignments' | 'scopes'>;
}

/** The app section's credential: a certificate where the app has one, else a secret with its lifetime. */
function credentialOf(registration: Awaited<ReturnType<typeof findAppRegistration>>): Record<string, unknown> {
  const credentials = registration?.credentials ?? [];
  if (credentials.some((credential) => credential.kind === 'certificate') || credentials.length === 0) return { kind: 'certificate' };
  return { kind: 'secret', lifetimeDays: 365 };
}

/**
 * The one app that reaches the mailboxes, with the clients its evidence shows, or a reason it is
 * not exported. `fullAccess` and `sendAs` give the trustees each mailbox's grant lists show.
 */
export async function exportApp(
  clients: { readonly graph: GraphClient; readonly exchange: ExchangeClient },
  mailboxes: readonly { readonly address: string; readonly name: string }[],
  fullAccess: ReadonlyMap<string, readonly string[]>,
  sendAs: ReadonlyMap<string, readonly string[]>,
): Promise<{ readonly exported?: ExportedApp; readonly reason?: string }> {
  const { exchange, graph } = clients;
  const [rows, assignmentRows] = await Promise.all([exchange.invoke('Get-ServicePrincipal'), exchange.invoke('Get-ManagementRoleAssignment')]);
  const addresses = new Set(mailboxes.map((mailbox) => mailbox.address));
  // Every service principal's roles at once, each management scope resolved once however many share it.
  const resolved = new Map<string, Promise<{ filter: string; mailboxes: string[] }>>();
  const all = await Promise.all(
    rows.map(async (row): Promise<Candidate | undefined> => {
      const identity = lower(row.Identity ?? row.ObjectId);
      const roles = await collectRoleAssignments(exchange, { identity, appId: lower(row.AppId), objectId: lower(row.ObjectId) }, assignmentRows, resolved);
      const reachesByRole = [...roles.scopes.values()].some((scope) => scope.mailboxes.some((address) => addresses.has(address)));
      const reachesByGrant = mailboxes.some(
        (mailbox) => (fullAccess.get(mailbox.address) ?? []).includes(identity) || (sendAs.get(mailbox.name) ?? []).includes(identity),
      );
      return reachesByRole || reachesByGrant ? { row, identity, roles } : undefined;
    }),
  );
  const candidates = all.filter((candidate): candidate is Candidate => candidate !== undefined);
  if (candidates.length === 0) return {};
  if (candidates.length > 1)
    return {
      reason: `Apps not exported: ${candidates.length} apps reach these mailboxes (${candidates.map((candidate) => String(candidate.row.DisplayName)).join(', ')}), and a spec declares one; export their mailboxes apart with --mailbox.`,
    };
  const [candidate] = candidates as [Candidate];
  const appId = lower(candidate.row.AppId);
  const consent = await collectConsent(graph, appId);
  const displayName = String(candidate.row.DisplayName ?? '');
  const registration = await findAppRegistration(graph, displayName);
  const application = new Set(consent.consented.application.map((permission) => permission.name));

  const byMailbox = new Map<string, Record<string, unknown>[]>();
  const grants = new Map<string, { fullAccess: boolean; sendAs: boolean }>();
  const covering = (address: string, role: string): boolean =>
    candidate.roles.assignments.some(
      (assignment) =>
        assignment.role === role && (assignment.scope === null || (candidate.roles.scopes.get(assignment.scope)?.mailboxes ?? []).includes(address)),
    );
  for (const mailbox of mailboxes) {
    const found: Record<string, unknown>[] = [];
    const reads = covering(mailbox.address, 'Application Mail.ReadWrite');
    const sends = covering(mailbox.address, 'Application Mail.Send');
    if (reads || sends) found.push({ profile: 'generic-graph', ...(reads ? {} : { inbound: 'none' }), ...(sends ? {} : { outbound: 'none' }) });
    const holdsFullAccess = (fullAccess.get(mailbox.address) ?? []).includes(candidate.identity);
    const holdsSendAs = (sendAs.get(mailbox.name) ?? []).includes(candidate.identity);
    if (holdsFullAccess && application.has('IMAP.AccessAsApp')) found.push({ profile: 'generic-imap', identity: 'app' });
    if (covering(mailbox.address, 'Application SMTP.SendAsApp')) found.push({ profile: 'generic-smtp', smtpAuthorization: 'rbac' });
    else if (holdsSendAs && application.has('SMTP.SendAsApp')) found.push({ profile: 'generic-smtp', smtpAuthorization: 'mailbox-permission' });
    if (found.length > 0) byMailbox.set(mailbox.address, found);
    grants.set(mailbox.address, { fullAccess: holdsFullAccess, sendAs: holdsSendAs });
  }
  const scopeNames = [...new Set(candidate.roles.assignments.map((assignment) => assignment.scope).filter((scope): scope is string => scope !== null))];
  const rbac = candidate.roles.assignments.length > 0;
  const app = {
    displayName,
    credential: credentialOf(registration),
    mailboxScope: rbac ? 'rbac' : 'organization',
    ...(scopeNames.length === 1 ? { managementScopeName: scopeNames[0] } : {}),
  };
  return {
    exported: {
      appId,
      app,
      trustee: candidate.identity,
      clients: byMailbox,
      grants,
      consented: consent.consented,
      entra: {
        ...(registration === undefined ? {} : { objectId: registration.objectId }),
        ...(consent.servicePrincipalId === undefined ? {} : { servicePrincipalId: consent.servicePrincipalId }),
        certificateKeyIds: (registration?.credentials ?? []).filter((credential) => credential.kind === 'certificate').map((credential) => credential.keyId),
      },
      assignments: candidate.roles.assignments.map((assignment) => ({
        role: assignment.role,
        mailboxes: assignment.scope === null ? ['(organization)'] : (candidate.roles.scopes.get(assignment.scope)?.mailboxes ?? []),
      })),
    },
  };
}

/**
 * Why the exported app does not hold: what the tenant consents or assigns that the inferred clients
 * do not need (or the other way round), or undefined where mbx would provision exactly what the tenant holds.
 */
export function unexplained(exported: ExportedApp, tenant: Record<string, unknown>): string | undefined {
  const mailboxes = [...exported.clients].map(([address, clients]) => {
    const grants = exported.grants.get(address);
    return {
      address,
      displayName: address,
      ...(grants?.fullAccess === true ? { fullAccess: [{ trustee: 'app', autoMapping: false }] } : {}),
      ...(grants?.sendAs === true ? { sendAs: ['app'] } : {}),
      clients,
    };
  });
  const loaded = loadSpecText(stringify({ version: 1, tenant, app: exported.app, sharedMailboxes: mailboxes }), 'app.yaml');
  if (!loaded.ok) return `the clients inferred for it do not make a valid spec (${loaded.errors[0]?.message ?? 'invalid'})`;
  const key = (permission: { readonly resource: string; readonly name: string }): string => `${permission.resource} ${permission.name}`;
  const differences: string[] = [];
  for (const kind of ['application', 'delegated'] as const) {
    const wanted = new Set(loaded.spec.appPermissions[kind].map(key));
    const held = new Set(exported.consented[kind].map(key));
    const extra = [...held].filter((permission) => !wanted.has(permission)).sort();
    const missing = [...wanted].filter((permission) => !held.has(permission)).sort();
    if (extra.length > 0)
      differences.push(
        `it holds ${kind} ${extra.join(', ')}${kind === 'delegated' ? ', which software signing in as delegates uses, and which delegate uses which mailbox is not in the tenant' : ' that no client mbx can infer needs'}`,
      );
    if (missing.length > 0) differences.push(`its inferred clients would need ${kind} ${missing.join(', ')}, which it does not hold`);
  }
  const role = (entry: { readonly role: string; readonly mailboxes: readonly string[] }): string =>
    `${entry.role} on ${[...entry.mailboxes].sort().join(', ')}`;
  const wantedRoles = new Set(loaded.spec.appRbac.map(role));
  const heldRoles = new Set(exported.assignments.map(role));
  const extraRoles = [...heldRoles].filter((entry) => !wantedRoles.has(entry)).sort();
  if (extraRoles.length > 0) differences.push(`its RBAC roles reach beyond the exported mailboxes (${extraRoles.join('; ')})`);
  return differences.length === 0 ? undefined : differences.join('; ');
}
