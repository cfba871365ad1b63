/**
 * The collectors: build a TenantSnapshot with as few requests as the APIs allow. Bulk sources (one
 * paged cmdlet or Graph list each) run together; Full Access, which Exchange only lists per
 * mailbox, runs once per spec mailbox, as concurrently as the Exchange client's cap allows. Each
 * source's failure is recorded in the ledger with the permission it needs, and the others go on.
 */
import type { ExchangeClient } from '../../m365/exchange/client.js';
import { ExchangeError } from '../../m365/exchange/client.js';
import { bool, exchangeBytes, forwardingAddress, lower, smtpAddresses } from '../../m365/exchange/rows.js';
import type { GraphClient } from '../../m365/graph/client.js';
import { ServiceError } from '../../m365/errors.js';
import { TransientFailure } from '../../m365/retry.js';
import type { SharedMailbox, Spec } from '../../spec/types.js';
import {
  SOURCE_PERMISSIONS,
  groupNames,
  type AppFacts,
  type AppScopeFacts,
  type AutoReplyFacts,
  type CasFacts,
  type FullAccessEntry,
  type GroupFacts,
  type MailboxFacts,
  type SizeFacts,
  type SkuFacts,
  type SourceId,
  type SourceOutcome,
  type TenantSnapshot,
  type UserFacts,
} from '../snapshot.js';
import { collectAccessPolicies, collectConsent, collectRoleAssignments, findAppRegistration, withExchangeServicePrincipal } from './app.js';
import { GROUP_PROPERTIES, groupFacts, withMembers } from './groups.js';
import { perMailbox } from './per-mailbox.js';
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

/** `onProgress` hears how many spec mailboxes have been read (their per-mailbox requests answered). */
/**
 * `perMailbox`: the mailboxes whose one-at-a-time reads (Full Access, automatic replies) this run
 * makes; all by default. A shard (`verify --shard i/n`) reads its own mailboxes', so ten shards
 * make the per-mailbox requests once between them, not ten times.
 */
export async function collect(
  spec: Spec,
  clients: Clients,
  onProgress?: (done: number, total: number) => void,
  perMailbox: (mailbox: SharedMailbox) => boolean = () => true,
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
    source('graph.users', () => graph.list<Wire>('/users?$select=id,userPrincipalName,accountEnabled,assignedLicenses,usageLocation&$top=999'), [] as Wire[]),
    source('graph.skus', () => graph.list<Wire>('/subscribedSkus'), [] as Wire[]),
    source('exchange.fullAccess', () => collectFullAccess(spec.sharedMailboxes.filter(perMailbox), exchange, onProgress), new Map<string, FullAccessEntry[]>()),
    source('graph.applications', async () => (appName === undefined ? undefined : findAppRegistration(graph, appName)), undefined),
    source('exchange.servicePrincipals', async () => (appName === undefined ? [] : exchange.invoke('Get-ServicePrincipal')), [] as Wire[]),
    source('exchange.autoReplies', () => collectAutoReplies(spec.sharedMailboxes.filter(perMailbox), exchange), new Map<string, AutoReplyFacts>()),
    source('graph.usageReport', () => collectUsageReport(graph), new Map<string, SizeFacts>()),
    source('exchange.groups', () => exchange.invoke('Get-DistributionGroup', { ResultSize: 'Unlimited' }, { select: GROUP_PROPERTIES }), [] as Wire[]),
  ]);

  // What needs the first round's answers: the app's consent and scoping, and sizes the report lacks.
  const upnOfUser = new Map(userRows.map((row) => [lower(row.id), lower(row.userPrincipalName)]));
  const userOfAddress = new Map(mailboxRows.map((row) => [lower(row.PrimarySmtpAddress), upnOfUser.get(lower(row.ExternalDirectoryObjectId))]));
  const registered =
    registration === undefined
      ? undefined
      : withExchangeServicePrincipal({ ...registration, consented: { application: [], delegated: [] } }, servicePrincipalRows);
  const allGroups = new Map(groupRows.map((row) => [lower(row.PrimarySmtpAddress), groupFacts(row)]));
  const [consent, roleAssignments, accessPolicies, sizes, groups] = await Promise.all([
    source('graph.appConsent', async () => (registered === undefined ? undefined : collectConsent(graph, registered.appId)), undefined),
    source('exchange.roleAssignments', () => collectRoleAssignments(exchange, registered?.exchangeServicePrincipal), {
      assignments: [],
      scopes: new Map(),
    } as Pick<AppScopeFacts, 'assignments' | 'scopes'>),
    source(
      'exchange.accessPolicies',
      async () => (registered === undefined ? [] : collectAccessPolicies(exchange, registered.appId)),
      [] as AppScopeFacts['accessPolicies'],
    ),
    source('exchange.statistics', () => collectSizes(spec, usageReport, (address) => userOfAddress.get(address), exchange), new Map<string, SizeFacts>()),
    source('graph.groupMembers', () => withMembers(graph, allGroups, groupsToExpand(spec, allGroups, mailboxRows, fullAccess, sendAsRows)), allGroups),
  ]);
  const app: AppFacts | undefined = registered === undefined ? undefined : { ...registered, ...consent };
  const appScope: AppScopeFacts | undefined = appName === undefined ? undefined : { ...roleAssignments, accessPolicies };

  const mailboxes = new Map(mailboxRows.map((row) => [lower(row.PrimarySmtpAddress), mailboxFacts(row)]));
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

/**
 * The groups whose members verify needs: the spec's, and those holding Full Access, Send As or
 * Send on Behalf on a spec mailbox (a grant shows a group by name; any of its names is matched).
 */
function groupsToExpand(
  spec: Spec,
  groups: ReadonlyMap<string, GroupFacts>,
  mailboxRows: readonly Wire[],
  fullAccess: ReadonlyMap<string, readonly FullAccessEntry[]>,
  sendAsRows: readonly Wire[],
): Set<string> {
  const byName = new Map<string, string>();
  for (const group of groups.values()) for (const key of groupNames(group)) byName.set(key, group.primaryAddress);
  const wanted = new Set<string>();
  const note = (shown: unknown): void => {
    const found = byName.get(lower(shown));
    if (found !== undefined) wanted.add(found);
  };
  for (const group of spec.groups) note(group.address);
  const specAddresses = new Set(spec.sharedMailboxes.map((mailbox) => mailbox.address));
  const specNames = new Set<string>();
  for (const row of mailboxRows) {
    if (!smtpAddresses(row.EmailAddresses).some((address) => specAddresses.has(address)) && !specAddresses.has(lower(row.PrimarySmtpAddress))) continue;
    specNames.add(lower(row.Name));
    for (const trustee of Array.isArray(row.GrantSendOnBehalfTo) ? row.GrantSendOnBehalfTo : []) note(trustee);
  }
  for (const entries of fullAccess.values()) for (const entry of entries) note(entry.trustee);
  for (const row of sendAsRows) if (specNames.has(lower(row.Identity))) note(row.Trustee);
  return wanted;
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

/** Get-MailboxPermission rows as Full Access entries, NT AUTHORITY\SELF left out. */
export function fullAccessEntries(rows: readonly Wire[]): FullAccessEntry[] {
  return rows
    .filter((row) => (Array.isArray(row.AccessRights) ? row.AccessRights : []).map(String).includes('FullAccess') && lower(row.User) !== SELF)
    .map((row): FullAccessEntry => ({ trustee: lower(row.User), deny: bool(row.Deny), inherited: bool(row.IsInherited) }));
}

/** Get-MailboxPermission for each spec mailbox: Exchange has no bulk form. A missing mailbox has no entries. */
async function collectFullAccess(
  mailboxes: readonly SharedMailbox[],
  exchange: ExchangeClient,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<string, FullAccessEntry[]>> {
  let done = 0;
  const entries = await perMailbox(exchange, mailboxes, async (mailbox): Promise<[string, FullAccessEntry[]]> => {
    try {
      return [mailbox.address, fullAccessEntries(await exchange.invoke('Get-MailboxPermission', { Identity: mailbox.address }))];
    } catch (error) {
      if (error instanceof ExchangeError && error.notFound) return [mailbox.address, []];
      throw error;
    } finally {
      onProgress?.((done += 1), mailboxes.length);
    }
  });
  return new Map(entries);
}

/** Exchange writes times with seven fractional digits and an offset; JavaScript reads three. */
export function exchangeInstant(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const parsed = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** Get-MailboxAutoReplyConfiguration for each spec mailbox that declares automatic replies. */
async function collectAutoReplies(mailboxes: readonly SharedMailbox[], exchange: ExchangeClient): Promise<Map<string, AutoReplyFacts>> {
  const declared = mailboxes.filter((mailbox) => mailbox.automaticReplies !== undefined);
  const entries = await perMailbox(exchange, declared, async (mailbox): Promise<[string, AutoReplyFacts] | undefined> => {
    try {
      const row = (await exchange.invoke('Get-MailboxAutoReplyConfiguration', { Identity: mailbox.address }))[0] ?? {};
      return [
        mailbox.address,
        {
          state: String(row.AutoReplyState ?? 'Disabled'),
          externalAudience: String(row.ExternalAudience ?? 'None'),
          internalMessage: String(row.InternalMessage ?? ''),
          externalMessage: String(row.ExternalMessage ?? ''),
          startTime: exchangeInstant(row.StartTime),
          endTime: exchangeInstant(row.EndTime),
        },
      ];
    } catch (error) {
      if (error instanceof ExchangeError && error.notFound) return undefined;
      throw error;
    }
  });
  return new Map(entries.filter((entry) => entry !== undefined));
}
