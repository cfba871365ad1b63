/**
 * The collectors: build a TenantSnapshot with as few requests as the APIs allow. Bulk sources (one
 * paged cmdlet or Graph list each) run together; Full Access, which Exchange only lists per
 * mailbox, runs once per spec mailbox, as concurrently as the Exchange client's cap allows. Each
 * source's failure is recorded in the ledger with the permission it needs, and the others go on.
 */
import type { ExchangeClient } from '../../m365/exchange/client.js';
import { bool, exchangeBytes, forwardingAddress, lower, smtpAddresses } from '../../m365/exchange/rows.js';
import type { GraphClient } from '../../m365/graph/client.js';
import { ServiceError } from '../../m365/errors.js';
import { TransientFailure } from '../../m365/retry.js';

import {
  SOURCE_PERMISSIONS,
  type AppFacts,
  type AppScopeFacts,
  type AutoReplyFacts,
  type CasFacts,
  type FullAccessEntry,
  type MailboxFacts,
  type SizeFacts,
  type SkuFacts,
  type SourceId,
  type SourceOutcome,
  type TenantSnapshot,
  type UserFacts,
} from '../snapshot.js';
import type { CollectScope } from './scope.js';
import type { DirectoryAuditFacts, FolderPermissionFacts, InboxRuleFacts, MailAppFacts } from '../access-facts.js';
import { policyMailboxes } from './access.js';
import { accessPoliciesOf, collectConsent, collectRoleAssignments, findAppRegistration, resolveScope, withExchangeServicePrincipal } from './app.js';
import { GROUP_PROPERTIES, groupFacts, groupsToExpand, withMembers } from './groups.js';
import { readMailboxes, unwrap } from './mailbox-reads.js';
import { collectDirectoryAudits, collectMailApps } from './mail-apps.js';
import { MAILBOX_SETTINGS, shownSettings } from '../../spec/mailbox-settings.js';
import { collectSizes, collectUsageReport } from './usage.js';

export interface Clients {
  readonly graph: GraphClient;
  readonly exchange: ExchangeClient;
}

export interface Collected {
  readonly snapshot: TenantSnapshot;
  readonly ledger: ReadonlyMap<SourceId, SourceOutcome>;
}

type Wire = Record<string, unknown>;

const SELF = 'nt authority\\self';

/** The Get-Mailbox properties mailboxFacts reads: asked for by $select, as the full object is some eighty. */
const MAILBOX_PROPERTIES = [
  'Guid',
  'ExternalDirectoryObjectId',
  'Name',
  'DisplayName',
  'RecipientTypeDetails',
  'PrimarySmtpAddress',
  'EmailAddresses',
  'GrantSendOnBehalfTo',
  'MessageCopyForSentAsEnabled',
  'MessageCopyForSendOnBehalfEnabled',
  'ForwardingSmtpAddress',
  'DeliverToMailboxAndForward',
  'ArchiveStatus',
  'LitigationHoldEnabled',
  'HiddenFromAddressListsEnabled',
  'IssueWarningQuota',
  'ProhibitSendQuota',
  'ProhibitSendReceiveQuota',
  ...MAILBOX_SETTINGS.map((setting) => setting.exchange),
];

export function mailboxFacts(row: Wire): MailboxFacts {
  return {
    guid: lower(row.Guid),
    userId: lower(row.ExternalDirectoryObjectId),
    name: lower(row.Name),
    displayName: String(row.DisplayName ?? ''),
    recipientTypeDetails: String(row.RecipientTypeDetails ?? ''),
    primaryAddress: lower(row.PrimarySmtpAddress),
    smtpAddresses: smtpAddresses(row.EmailAddresses),
    grantSendOnBehalfTo: (Array.isArray(row.GrantSendOnBehalfTo) ? row.GrantSendOnBehalfTo : []).map(lower),
    messageCopyForSentAsEnabled: bool(row.MessageCopyForSentAsEnabled),
    messageCopyForSendOnBehalfEnabled: bool(row.MessageCopyForSendOnBehalfEnabled),
    forwardingSmtpAddress: forwardingAddress(row.ForwardingSmtpAddress),
    deliverToMailboxAndForward: bool(row.DeliverToMailboxAndForward),
    archiveEnabled: String(row.ArchiveStatus ?? 'None') === 'Active',
    litigationHoldEnabled: bool(row.LitigationHoldEnabled),
    hiddenFromAddressListsEnabled: bool(row.HiddenFromAddressListsEnabled),
    quotas: {
      issueWarning: exchangeBytes(row.IssueWarningQuota),
      prohibitSend: exchangeBytes(row.ProhibitSendQuota),
      prohibitSendReceive: exchangeBytes(row.ProhibitSendReceiveQuota),
    },
    settings: shownSettings(row),
  };
}

function describe(error: unknown): { error: string; status?: number } {
  if (error instanceof ServiceError) return { error: error.message, status: error.status };
  // Still throttled, failing or cut off after the retry policy's tries: the message says how many.
  if (error instanceof TransientFailure) return { error: error.message, ...(error.cause instanceof ServiceError ? { status: error.cause.status } : {}) };
  return { error: error instanceof Error ? error.message : String(error) };
}

/** A request made once, on first need, whose answer (or failure) every reader shares. */
function once<T>(fetch: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= fetch());
}

/**
 * `onProgress` hears how many spec mailboxes have been read (their Full Access answered).
 * `perMailbox`: the mailboxes whose one-at-a-time reads (Full Access, automatic replies, inbox rules, folder permissions) this run
 * makes; all by default. A shard (`verify --shard i/n`) reads its own mailboxes', so ten shards
 * make the per-mailbox requests once between them, not ten times.
 */
export async function collect<M extends { readonly address: string }>(
  spec: CollectScope<M>,
  clients: Clients,
  onProgress?: (done: number, total: number) => void,
  perMailbox: (mailbox: M) => boolean = () => true,
): Promise<Collected> {
  const ledger = new Map<SourceId, SourceOutcome>();
  const source = async <T>(id: SourceId, fetch: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      const value = await fetch();
      ledger.set(id, { ok: true });
      return value;
    } catch (error) {
      ledger.set(id, { ok: false, ...describe(error), permission: SOURCE_PERMISSIONS[id] });
      return fallback;
    }
  };
  const { exchange, graph } = clients;

  const appName = spec.app?.displayName;
  // The per-mailbox reads, one batch a mailbox, answered to four sources (mailbox-reads.ts).
  const reads = readMailboxes(spec.sharedMailboxes.filter(perMailbox), exchange, onProgress);
  // Listed once, read by the spec's app's checks and by the access model's other apps alike.
  const roleRows = once(() => exchange.invoke('Get-ManagementRoleAssignment'));
  const policyRows = once(() => exchange.invoke('Get-ApplicationAccessPolicy'));
  const scopes = new Map<string, Promise<{ filter: string; mailboxes: string[] }>>();
  const [
    mailboxRows,
    casRows,
    sendAsRows,
    organization,
    transport,
    userRows,
    skuRows,
    fullAccess,
    registration,
    servicePrincipalRows,
    autoReplies,
    usageReport,
    groupRows,
    inboxRules,
    folderPermissions,
    directoryAudits,
  ] = await Promise.all([
    source('exchange.mailboxes', () => exchange.invoke('Get-Mailbox', { ResultSize: 'Unlimited' }, { select: MAILBOX_PROPERTIES }), [] as Wire[]),
    source(
      'exchange.casMailboxes',
      () =>
        exchange.invoke(
          'Get-CASMailbox',
          { ResultSize: 'Unlimited' },
          { select: ['Identity', 'Name', 'ImapEnabled', 'PopEnabled', 'SmtpClientAuthenticationDisabled'] },
        ),
      [] as Wire[],
    ),
    source(
      'exchange.sendAs',
      () => exchange.invoke('Get-RecipientPermission', { ResultSize: 'Unlimited' }, { select: ['Identity', 'Trustee', 'AccessControlType', 'AccessRights'] }),
      [] as Wire[],
    ),
    source(
      'exchange.organization',
      async () => ({ sendFromAliasEnabled: bool((await exchange.invoke('Get-OrganizationConfig'))[0]?.SendFromAliasEnabled) }),
      undefined,
    ),
    source(
      'exchange.transport',
      async () => ({ smtpClientAuthenticationDisabled: bool((await exchange.invoke('Get-TransportConfig'))[0]?.SmtpClientAuthenticationDisabled) }),
      undefined,
    ),
    source(
      'graph.users',
      () => graph.list<Wire>('/users?$select=id,userPrincipalName,displayName,accountEnabled,assignedLicenses,usageLocation&$top=999'),
      [] as Wire[],
    ),
    source('graph.skus', () => graph.list<Wire>('/subscribedSkus'), [] as Wire[]),
    source('exchange.fullAccess', () => unwrap<Map<string, FullAccessEntry[]>>(reads, 'fullAccess'), new Map<string, FullAccessEntry[]>()),
    source('graph.applications', async () => (appName === undefined ? undefined : findAppRegistration(graph, appName)), undefined),
    source('exchange.servicePrincipals', () => exchange.invoke('Get-ServicePrincipal'), [] as Wire[]),
    source('exchange.autoReplies', () => unwrap<Map<string, AutoReplyFacts>>(reads, 'autoReplies'), new Map<string, AutoReplyFacts>()),
    source('graph.usageReport', () => collectUsageReport(graph), new Map<string, SizeFacts>()),
    source('exchange.groups', () => exchange.invoke('Get-DistributionGroup', { ResultSize: 'Unlimited' }, { select: GROUP_PROPERTIES }), [] as Wire[]),
    source('exchange.inboxRules', () => unwrap<Map<string, InboxRuleFacts[]>>(reads, 'inboxRules'), new Map<string, InboxRuleFacts[]>()),
    source(
      'exchange.folderPermissions',
      () => unwrap<Map<string, FolderPermissionFacts[]>>(reads, 'folderPermissions'),
      new Map<string, FolderPermissionFacts[]>(),
    ),
    source('graph.directoryAudits', () => collectDirectoryAudits(graph, new Date()), [] as DirectoryAuditFacts[]),
  ]);

  // What needs the first round's answers: the app's consent and scoping, and sizes the report lacks.
  const upnOfUser = new Map(userRows.map((row) => [lower(row.id), lower(row.userPrincipalName)]));
  const userOfAddress = new Map(mailboxRows.map((row) => [lower(row.PrimarySmtpAddress), upnOfUser.get(lower(row.ExternalDirectoryObjectId))]));
  const registered =
    registration === undefined
      ? undefined
      : withExchangeServicePrincipal({ ...registration, consented: { application: [], delegated: [] } }, servicePrincipalRows);
  const allGroups = new Map(groupRows.map((row) => [lower(row.PrimarySmtpAddress), groupFacts(row)]));
  const policyScopes = await policyRows().then(
    (rows) => rows.map((row) => String(row.ScopeName ?? row.ScopeIdentity ?? '')),
    () => [],
  );
  const [consent, roleAssignments, accessPolicies, sizes, groups] = await Promise.all([
    source('graph.appConsent', async () => (registered === undefined ? undefined : collectConsent(graph, registered.appId)), undefined),
    source('exchange.roleAssignments', async () => collectRoleAssignments(exchange, registered?.exchangeServicePrincipal, await roleRows(), scopes), {
      assignments: [],
      scopes: new Map(),
    } as Pick<AppScopeFacts, 'assignments' | 'scopes'>),
    source(
      'exchange.accessPolicies',
      async () => (registered === undefined ? [] : accessPoliciesOf(await policyRows(), registered.appId)),
      [] as AppScopeFacts['accessPolicies'],
    ),
    source('exchange.statistics', () => collectSizes(spec, usageReport, (address) => userOfAddress.get(address), exchange), new Map<string, SizeFacts>()),
    source(
      'graph.groupMembers',
      () => withMembers(graph, allGroups, groupsToExpand(spec, allGroups, mailboxRows, fullAccess, sendAsRows, policyScopes)),
      allGroups,
    ),
  ]);
  const app: AppFacts | undefined = registered === undefined ? undefined : { ...registered, ...consent };
  const appScope: AppScopeFacts | undefined = appName === undefined ? undefined : { ...roleAssignments, accessPolicies };

  const mailboxes = new Map(mailboxRows.map((row) => [lower(row.PrimarySmtpAddress), mailboxFacts(row)]));
  // Last, as it needs the groups' members: every app that reaches mail, and how Exchange limits it.
  const mailApps = await source(
    'graph.mailApps',
    async () =>
      collectMailApps(
        graph,
        { servicePrincipals: servicePrincipalRows, roleAssignments: await roleRows(), accessPolicies: await policyRows() },
        {
          scopeMailboxes: async (scope) => (await resolveScope(exchange, scope, scopes)).mailboxes,
          policyMailboxes: (scopeName) => policyMailboxes(scopeName, mailboxes, groups),
        },
      ),
    [] as MailAppFacts[],
  );
  const casMailboxes = casMailboxesOf(casRows);
  const sendAs = sendAsOf(sendAsRows);
  const users = usersOf(userRows);
  const skus = skusOf(skuRows);
  return {
    snapshot: {
      mailboxes,
      casMailboxes,
      sendAs,
      fullAccess,
      autoReplies,
      organization,
      transport,
      users,
      skus,
      sizes,
      groups,
      inboxRules,
      folderPermissions,
      mailApps,
      directoryAudits,
      ...(app === undefined ? {} : { app }),
      ...(appScope === undefined ? {} : { appScope }),
    },
    ledger,
  };
}

/** Service plans that pay for an archive, hold or more than 50 GB on a shared mailbox (SkuFacts.archivingPlans). */
const ARCHIVING_PLANS = new Set(['EXCHANGE_S_ENTERPRISE', 'EXCHANGE_S_ARCHIVE_ADDON']);

/** The ids of a SKU's service plans whose names pass `keep`. */
function plansOf(sku: Wire, keep: (name: string) => boolean): string[] {
  return (Array.isArray(sku.servicePlans) ? sku.servicePlans : [])
    .filter((plan: Wire) => keep(String(plan.servicePlanName ?? '')))
    .map((plan: Wire) => lower(plan.servicePlanId));
}

/** Get-CASMailbox rows by mailbox name: the protocols, SMTP AUTH null where the mailbox follows the organization. */
export function casMailboxesOf(rows: readonly Wire[]): Map<string, CasFacts> {
  return new Map(
    rows.map((row) => [
      lower(row.Identity ?? row.Name),
      {
        imapEnabled: bool(row.ImapEnabled),
        popEnabled: bool(row.PopEnabled),
        smtpClientAuthenticationDisabled:
          row.SmtpClientAuthenticationDisabled === null || row.SmtpClientAuthenticationDisabled === undefined
            ? null
            : bool(row.SmtpClientAuthenticationDisabled),
      },
    ]),
  );
}

/** Get-RecipientPermission rows as Send As trustees by mailbox name, NT AUTHORITY\SELF and denials left out. */
export function sendAsOf(rows: readonly Wire[]): Map<string, string[]> {
  const sendAs = new Map<string, string[]>();
  for (const row of rows) {
    const trustee = lower(row.Trustee);
    if (trustee === SELF || lower(row.AccessControlType) === 'deny') continue;
    const identity = lower(row.Identity);
    sendAs.set(identity, [...(sendAs.get(identity) ?? []), trustee]);
  }
  return sendAs;
}

/** Graph's users by lower-cased principal name. */
export function usersOf(rows: readonly Wire[]): Map<string, UserFacts> {
  return new Map(
    rows.map((row) => [
      lower(row.userPrincipalName),
      {
        id: String(row.id),
        userPrincipalName: lower(row.userPrincipalName),
        displayName: String(row.displayName ?? ''),
        accountEnabled: row.accountEnabled === true,
        assignedLicenses: (Array.isArray(row.assignedLicenses) ? row.assignedLicenses : []).map((licence: Wire) => ({
          skuId: lower(licence.skuId),
          disabledPlans: (Array.isArray(licence.disabledPlans) ? licence.disabledPlans : []).map(lower),
        })),
        usageLocation: typeof row.usageLocation === 'string' ? row.usageLocation : null,
      },
    ]),
  );
}

/** Graph's subscribed SKUs by lower-cased id, with their Exchange and archiving plans. */
export function skusOf(rows: readonly Wire[]): Map<string, SkuFacts> {
  return new Map(
    rows.map((row) => [
      lower(row.skuId),
      {
        skuId: lower(row.skuId),
        skuPartNumber: String(row.skuPartNumber ?? ''),
        exchangePlans: plansOf(row, (name) => name.startsWith('EXCHANGE_S_')),
        archivingPlans: plansOf(row, (name) => ARCHIVING_PLANS.has(name)),
      },
    ]),
  );
}
