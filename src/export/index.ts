/**
 * mbx export (issue 19, first part): read a tenant and write a spec in the project's format for its
 * shared mailboxes: addresses, aliases, sign-in, Full Access, Send As, Send on Behalf, sent-items
 * copies, forwarding, protocols, licences, archive, litigation hold, address-list visibility; the
 * users and groups holding rights, with their licences and members; the organization settings.
 * Output is deterministic (sorted, no timestamps) so an export of an unchanged tenant is the same
 * file; what the spec cannot express, or what could not be read, is a comment in the file and in
 * the result, never silently dropped. No secret is read. The app and its clients are exported where
 * the evidence explains all the app holds (apps.ts); automatic replies on request (one more request
 * per mailbox). docs/export.md lists what it cannot express, and why.
 */
import { Document, isMap, isSeq, type Node } from 'yaml';
import { objectsOf, type SnapshotObjects } from './objects.js';
import { exchangeLicences } from '../../checks/licence/exchange-plan.js';
import { mailboxNode } from './mailbox-node.js';
import type { ExchangeClient } from '../m365/exchange/client.js';
import { bool, lower } from '../m365/exchange/rows.js';
import type { GraphClient } from '../m365/graph/client.js';
import { ServiceError } from '../m365/errors.js';
import { GROUP_PROPERTIES, groupFacts, withMembers } from '../verify/collect/groups.js';
import { casMailboxesOf, mailboxFacts, sendAsOf, skusOf, usersOf } from '../verify/collect/index.js';
import { exportApp, unexplained, type ExportedApp } from './apps.js';
import { otherAppsOf } from './other-apps.js';
import { readExported } from './reads.js';
import { groupNames, type GroupFacts } from '../verify/snapshot.js';

type Wire = Record<string, unknown>;

/** A spec as export writes it: the written form (src/spec/written.ts's keys), plain data. */
export interface ExportedSpec {
  readonly version: 1;
  readonly tenant: { readonly primaryDomain: string; readonly acceptedDomains: readonly string[] };
  readonly organization: { readonly sendFromAliasEnabled: boolean; readonly smtpAuth: boolean };
  readonly users?: readonly Record<string, unknown>[];
  readonly groups?: readonly { readonly address: string; readonly displayName: string; readonly members?: readonly string[] }[];
  readonly app?: Record<string, unknown>;
  readonly otherApps?: readonly Record<string, unknown>[];
  readonly sharedMailboxes: readonly Record<string, unknown>[];
}

export interface ExportClients {
  readonly graph: GraphClient;
  readonly exchange: ExchangeClient;
}

export interface ExportOptions {
  /** Shared mailboxes to export, by address; `*` matches any run of characters. Empty exports all. */
  readonly mailboxes?: readonly string[];
  /** Read automatic replies (the default): one more request per mailbox (Exchange has no bulk form); false leaves them out. */
  readonly automaticReplies?: boolean;
  /** Hears how many of the chosen mailboxes have been read (their Full Access answered). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Something the export could not read: what, why, and the permission it needs where access was refused. */
export interface Unreadable {
  readonly what: string;
  readonly error: string;
}

export interface ExportResult {
  /** The spec, YAML with the schema modeline. */
  readonly text: string;
  /** The same spec as data, keys in the schema's order (what mbx snapshot keeps). */
  readonly data: ExportedSpec;
  /** What the spec cannot express or could not be named, as the file's comments say it. */
  readonly notes: readonly string[];
  readonly mailboxes: number;
  /** Patterns that matched no shared mailbox. */
  readonly unmatched: readonly string[];
  readonly unreadable: readonly Unreadable[];
  /** The app the spec declares, where one was exported. */
  readonly app?: ExportedApp;
  /** The object behind each mailbox and group address (objects.ts), for mbx diff to tell a replaced one. */
  readonly objects: SnapshotObjects;
}

const MODELINE = '# yaml-language-server: $schema=https://mbx.dev/schemas/mailbox-spec/v1.json';
/** A mailbox pattern as a test: `*` any run of characters, case ignored. */
function matcher(pattern: string): (address: string) => boolean {
  const source = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const expression = new RegExp(`^${source}$`);
  return (address) => expression.test(address);
}

function describe(error: unknown): string {
  if (error instanceof ServiceError) return `${error.message}${error.status === 401 || error.status === 403 ? ' (access refused)' : ''}`;
  return error instanceof Error ? error.message : String(error);
}

export async function exportTenant(clients: ExportClients, options: ExportOptions = {}): Promise<ExportResult> {
  const { exchange, graph } = clients;
  const unreadable: Unreadable[] = [];
  const read = async <T>(what: string, fetch: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fetch();
    } catch (error) {
      unreadable.push({ what, error: describe(error) });
      return fallback;
    }
  };

  const [mailboxRows, casRows, sendAsRows, organization, transport, userRows, skuRows, domainRows, groupRows] = await Promise.all([
    read(
      'shared mailboxes (Get-Mailbox; Exchange.ManageAsApp with Global Reader)',
      () => exchange.invoke('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' }),
      [] as Wire[],
    ),
    read('protocols (Get-CASMailbox)', () => exchange.invoke('Get-CASMailbox', { ResultSize: 'Unlimited' }), [] as Wire[]),
    read('Send As (Get-RecipientPermission)', () => exchange.invoke('Get-RecipientPermission', { ResultSize: 'Unlimited' }), [] as Wire[]),
    read('the organization (Get-OrganizationConfig)', async () => (await exchange.invoke('Get-OrganizationConfig'))[0], undefined as Wire | undefined),
    read('SMTP AUTH for the organization (Get-TransportConfig)', async () => (await exchange.invoke('Get-TransportConfig'))[0], undefined as Wire | undefined),
    read(
      'users (Microsoft Graph User.Read.All)',
      () => graph.list<Wire>('/users?$select=id,userPrincipalName,displayName,accountEnabled,assignedLicenses,usageLocation&$top=999'),
      [] as Wire[],
    ),
    read('licences (Microsoft Graph Organization.Read.All)', () => graph.list<Wire>('/subscribedSkus'), [] as Wire[]),
    read('domains (Microsoft Graph Domain.Read.All)', () => graph.list<Wire>('/domains'), [] as Wire[]),
    read(
      'groups (Get-DistributionGroup)',
      () => exchange.invoke('Get-DistributionGroup', { ResultSize: 'Unlimited' }, { select: GROUP_PROPERTIES }),
      [] as Wire[],
    ),
  ]);

  const patterns = options.mailboxes ?? [];
  const tests = patterns.map((pattern) => ({ pattern, test: matcher(pattern) }));
  const all = mailboxRows.map(mailboxFacts).sort((a, b) => a.primaryAddress.localeCompare(b.primaryAddress));
  const chosen = tests.length === 0 ? all : all.filter((facts) => tests.some(({ test }) => test(facts.primaryAddress)));
  const unmatched = tests.filter(({ test }) => !all.some((facts) => test(facts.primaryAddress))).map(({ pattern }) => pattern);

  // Full Access and automatic replies are read per mailbox, in one batch each: Exchange has no bulk form.
  let done = 0;
  const wantReplies = options.automaticReplies !== false;
  const reads = await read(
    'Full Access (Get-MailboxPermission)',
    () =>
      readExported(
        exchange,
        chosen.map((facts) => facts.primaryAddress),
        wantReplies,
        () => options.onProgress?.((done += 1), chosen.length),
      ),
    undefined,
  );
  const fullAccess = new Map(
    await read(
      'Full Access (Get-MailboxPermission)',
      async () => {
        if (reads?.fullAccessError !== undefined) throw reads.fullAccessError;
        return [...(reads?.fullAccess ?? [])];
      },
      [] as [string, string[]][],
    ),
  );
  const replies = new Map(
    wantReplies
      ? await read(
          'automatic replies (Get-MailboxAutoReplyConfiguration)',
          async () => {
            if (reads === undefined) throw new Error('the requests that read them failed (see Full Access)');
            if (reads.repliesError !== undefined) throw reads.repliesError;
            return [...reads.replies];
          },
          [] as [string, Wire | undefined][],
        )
      : [],
  );
  const users = usersOf(userRows);
  const usersUnread = unreadable.some((entry) => entry.what.startsWith('users '));
  const skus = skusOf(skuRows);
  const usersById = new Map([...users.values()].map((user) => [user.id.toLowerCase(), user]));
  const displayNames = new Map(userRows.map((row) => [lower(row.userPrincipalName), typeof row.displayName === 'string' ? row.displayName : undefined]));
  const groupsByKey = new Map<string, GroupFacts>();
  for (const row of groupRows) {
    const group = groupFacts(row);
    for (const key of groupNames(group)) if (!groupsByKey.has(key)) groupsByKey.set(key, group);
  }
  const cas = casMailboxesOf(casRows);
  const sendAs = sendAsOf(sendAsRows);

  const initial = domainRows.find((row) => row.isInitial === true);
  const accepted = domainRows
    .filter((row) => row.isVerified !== false)
    .map((row) => lower(row.id))
    .sort();
  const tenantNode = {
    primaryDomain: initial === undefined ? 'UNKNOWN.onmicrosoft.com' : lower(initial.id),
    acceptedDomains: accepted,
  };
  const notes: string[] = [];
  if (initial === undefined) notes.push("The tenant's initial domain could not be read: set tenant.primaryDomain.");

  // The app that reaches these mailboxes, where its evidence explains all it holds (apps.ts).
  const found = await read(
    'apps (Get-ServicePrincipal, Get-ManagementRoleAssignment; Microsoft Graph Application.Read.All)',
    () =>
      exportApp(
        clients,
        chosen.map((facts) => ({ address: facts.primaryAddress, name: facts.name })),
        fullAccess,
        sendAs,
      ),
    {} as Awaited<ReturnType<typeof exportApp>>,
  );
  if (found.reason !== undefined) notes.push(found.reason);
  let app = found.exported;
  const why = app === undefined ? undefined : unexplained(app, tenantNode);
  if (app !== undefined && why !== undefined) {
    notes.push(`The app "${String(app.app.displayName)}" is not exported: ${why}. Declare it and its clients by hand (docs/spec.md).`);
    app = undefined;
  }

  // Every other app that reaches these mailboxes, with what it holds, for review (other-apps.ts).
  const trusteesShown = new Set([...fullAccess.values(), ...sendAs.values()].flat());
  const others = await read(
    'other apps (Get-ApplicationAccessPolicy; Microsoft Graph Application.Read.All and DelegatedPermissionGrant.Read.All)',
    () =>
      otherAppsOf(
        clients,
        chosen.map((facts) => ({ address: facts.primaryAddress, name: facts.name })),
        trusteesShown,
        app?.appId,
      ),
    [] as Record<string, unknown>[],
  );
  if (others.length > 0)
    notes.push(
      `${others.length} app${others.length === 1 ? '' : 's'} other than the spec's reach these mailboxes: listed under otherApps with what each holds; review each, and say why it may.`,
    );

  // Who holds rights: users by principal name, groups by any of their names.
  const trusteeUsers = new Set<string>();
  const trusteeGroups = new Set<string>();
  const trusteeOf = (shown: string, where: string): string | undefined => {
    if (app !== undefined && shown === app.trustee) return 'app';
    const group = groupsByKey.get(shown);
    if (group !== undefined) {
      trusteeGroups.add(group.primaryAddress);
      return group.primaryAddress;
    }
    // With the users unreadable, an address is taken for a user rather than dropped: the grant stays in the spec.
    if (users.has(shown) || (usersUnread && shown.includes('@'))) {
      trusteeUsers.add(shown);
      return shown;
    }
    notes.push(
      `${where}: the trustee ${shown} is neither a user nor a mail-enabled group mbx can name (a service principal, a deleted object); it is left out.`,
    );
    return undefined;
  };

  const isGroup = (address: string): boolean => groupsByKey.has(address) && !users.has(address);
  const mailboxes = chosen.map((facts) => {
    const node = mailboxNode(facts, { fullAccess, sendAs, cas, users: usersById, skus, isGroup, trusteeOf, notes });
    const reply = replies.get(facts.primaryAddress);
    const inferred = app?.clients.get(facts.primaryAddress);
    return { ...node, ...(reply === undefined ? {} : { automaticReplies: reply }), ...(inferred === undefined ? {} : { clients: inferred }) };
  });

  // The groups' members, where mbx can name them: a group is exported with its direct members, and
  // a group nested in it is exported too (its members are whom the outer group's grants reach).
  const byAddress = new Map([...groupsByKey.values()].map((group) => [group.primaryAddress, group]));
  const expanded = new Map<string, GroupFacts>();
  for (let pending = new Set(trusteeGroups); pending.size > 0;) {
    const round = await read(
      'group members (Microsoft Graph GroupMember.Read.All)',
      () => withMembers(graph, byAddress, pending),
      new Map<string, GroupFacts>(),
    );
    const next = new Set<string>();
    for (const address of pending) {
      const group = round.get(address);
      if (group !== undefined) expanded.set(address, group);
      for (const member of group?.members ?? [])
        if (member.kind === 'group' && byAddress.has(member.address) && !trusteeGroups.has(member.address)) {
          trusteeGroups.add(member.address);
          next.add(member.address);
        }
    }
    pending = next;
  }
  const groupNodes = [...trusteeGroups].sort().map((address) => {
    const group = expanded.get(address) ?? ([...groupsByKey.values()].find((candidate) => candidate.primaryAddress === address) as GroupFacts);
    const members = (group.members ?? [])
      .filter((member) => member.kind === 'user' || member.kind === 'group')
      .map((member) => member.address)
      .sort();
    for (const member of members) if (users.has(member)) trusteeUsers.add(member);
    if (group.recipientTypeDetails !== 'MailUniversalSecurityGroup')
      notes.push(
        `${address} is a ${group.recipientTypeDetails}: rights granted to it reach nobody; it is exported as named, and MBX.GROUP.1 will fail for it.`,
      );
    return { address, displayName: group.displayName, ...(group.members === undefined ? {} : { members }) };
  });

  const userNodes = [...trusteeUsers].sort().map((address) => {
    const user = users.get(address) ?? {
      id: '',
      userPrincipalName: address,
      displayName: address,
      accountEnabled: true,
      assignedLicenses: [],
      usageLocation: null,
    };
    const licences = exchangeLicences(user, skus).sort();
    const all = user.assignedLicenses
      .map((licence) => skus.get(licence.skuId)?.skuPartNumber)
      .filter((part): part is string => part !== undefined)
      .sort();
    const licence = licences[0] ?? all[0];
    if (licence === undefined)
      notes.push(
        usersUnread
          ? `${address}: its licence could not be read (the users were unreadable); EXCHANGESTANDARD stands in: write the one it holds.`
          : `${address} holds rights but no licence; the spec needs one for each user (MBX.LICENCE.2): EXCHANGESTANDARD stands in: write the one it should hold.`,
      );
    const name = displayNames.get(address);
    return {
      address,
      ...(name === undefined ? {} : { displayName: name }),
      licence: licence ?? 'EXCHANGESTANDARD',
      ...(user.usageLocation === null ? {} : { usageLocation: user.usageLocation }),
    };
  });

  const data: ExportedSpec = {
    version: 1,
    tenant: tenantNode,
    organization: {
      sendFromAliasEnabled: bool(organization?.SendFromAliasEnabled),
      smtpAuth: transport === undefined ? false : !bool(transport.SmtpClientAuthenticationDisabled),
    },
    ...(userNodes.length === 0 ? {} : { users: userNodes }),
    ...(groupNodes.length === 0 ? {} : { groups: groupNodes }),
    ...(app === undefined ? {} : { app: app.app }),
    ...(others.length === 0 ? {} : { otherApps: others }),
    sharedMailboxes: mailboxes,
  };
  const doc = new Document(data);
  const header = [
    'Exported by mbx export: the shared mailboxes as the tenant holds them. Review before applying it.',
    'The app is exported, with client profiles inferred from the roles and grants it holds, only where',
    'that explains all it holds; software that signs in as a delegate is never inferred (which software',
    `uses which person is not in the tenant)${options.automaticReplies !== false ? '' : '. Automatic replies are not read (--no-automatic-replies)'}. Auto-mapping cannot be read from Exchange: user grants carry the`,
    "spec's default (true), group grants false (Outlook never auto-maps through groups).",
    ...unreadable.map((entry) => `Could not read ${entry.what}: ${entry.error}`),
    ...notes,
  ];
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  compact(doc.contents);
  return {
    text: `${MODELINE}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`,
    data,
    notes,
    mailboxes: chosen.length,
    unmatched,
    unreadable,
    ...(app === undefined ? {} : { app }),
    objects: objectsOf(chosen, groupRows.map(groupFacts)),
  };
}

/** Short lists of scalars on one line, as the examples write them. */
function compact(node: unknown): void {
  if (isMap(node)) for (const pair of node.items) compact(pair.value);
  if (isSeq(node)) {
    if (node.items.every((item) => !isMap(item) && !isSeq(item)) && node.items.length <= 4) node.flow = true;
    for (const item of node.items) compact(item as Node);
  }
}
