/**
 * What the collectors learned of the tenant, as plain data the checks read (docs/architecture.md,
 * "Verification": collect once, evaluate purely). Addresses and names are lower-cased. Each part
 * comes from one source; the ledger says whether that source answered, so a check never mistakes
 * "could not read" for "not there".
 */

import type { AccessFacts, AppCredentialFacts, FederatedCredentialFacts, PermissionFacts } from './access-facts.js';

export type { AppCredentialFacts, PermissionFacts } from './access-facts.js';
import type { SettingValue } from '../spec/mailbox-settings.js';
import type { MailboxProbes } from '../probes/types.js';

/** A source of facts: one kind of request (or a family of them, such as Full Access per mailbox). */
export type SourceId =
  | 'exchange.mailboxes'
  | 'exchange.casMailboxes'
  | 'exchange.sendAs'
  | 'exchange.fullAccess'
  | 'exchange.organization'
  | 'exchange.transport'
  | 'exchange.servicePrincipals'
  | 'exchange.autoReplies'
  | 'exchange.statistics'
  | 'exchange.roleAssignments'
  | 'exchange.accessPolicies'
  | 'exchange.groups'
  | 'graph.users'
  | 'graph.skus'
  | 'graph.applications'
  | 'graph.appConsent'
  | 'graph.usageReport'
  | 'graph.groupMembers'
  | 'exchange.inboxRules'
  | 'exchange.folderPermissions'
  | 'graph.mailApps'
  | 'graph.directoryAudits'
  | 'probes';

const EXCHANGE_READ = 'Office 365 Exchange Online Exchange.ManageAsApp with the Global Reader (or Exchange Administrator) directory role';

/** The permission (and role) each source needs, shown when it fails. */
export const SOURCE_PERMISSIONS: Readonly<Record<SourceId, string>> = {
  'exchange.mailboxes': EXCHANGE_READ,
  'exchange.casMailboxes': EXCHANGE_READ,
  'exchange.sendAs': EXCHANGE_READ,
  'exchange.fullAccess': EXCHANGE_READ,
  'exchange.organization': EXCHANGE_READ,
  'exchange.transport': EXCHANGE_READ,
  'exchange.servicePrincipals': EXCHANGE_READ,
  'exchange.autoReplies': EXCHANGE_READ,
  'exchange.statistics': EXCHANGE_READ,
  'exchange.roleAssignments': EXCHANGE_READ,
  'exchange.accessPolicies': EXCHANGE_READ,
  'exchange.groups': EXCHANGE_READ,
  'graph.users': 'Microsoft Graph User.Read.All',
  'graph.applications': 'Microsoft Graph Application.Read.All',
  'graph.appConsent': 'Microsoft Graph Application.Read.All and DelegatedPermissionGrant.Read.All',
  'graph.skus': 'Microsoft Graph Organization.Read.All',
  'graph.usageReport': 'Microsoft Graph Reports.Read.All',
  'graph.groupMembers': 'Microsoft Graph GroupMember.Read.All',
  'exchange.inboxRules': EXCHANGE_READ,
  'exchange.folderPermissions': EXCHANGE_READ,
  'graph.mailApps': 'Microsoft Graph Application.Read.All and DelegatedPermissionGrant.Read.All',
  'graph.directoryAudits': 'Microsoft Graph AuditLog.Read.All',
  probes: "MBX_PROBE_CREDENTIALS (a refresh token per delegate, the app's credential) and the mail endpoints (MBX_IMAP, MBX_POP, MBX_SMTP)",
};

export interface MailboxFacts {
  readonly guid: string;
  readonly userId: string;
  readonly name: string;
  readonly displayName: string;
  readonly recipientTypeDetails: string;
  /** Lower-cased. */
  readonly primaryAddress: string;
  /** Every SMTP address, lower-cased, primary included. */
  readonly smtpAddresses: readonly string[];
  /** As Exchange shows them: UPNs of users, names of groups. Lower-cased. */
  readonly grantSendOnBehalfTo: readonly string[];
  readonly messageCopyForSentAsEnabled: boolean;
  readonly messageCopyForSendOnBehalfEnabled: boolean;
  /** Without the `smtp:` prefix, lower-cased. */
  readonly forwardingSmtpAddress: string | null;
  readonly deliverToMailboxAndForward: boolean;
  readonly archiveEnabled: boolean;
  readonly litigationHoldEnabled: boolean;
  readonly hiddenFromAddressListsEnabled: boolean;
  /** Exchange's quotas in bytes; null where Unlimited. */
  readonly quotas: { readonly issueWarning: number | null; readonly prohibitSend: number | null; readonly prohibitSendReceive: number | null };
  /** The plain settings of src/spec/mailbox-settings.ts, by spec key, as Get-Mailbox shows them (null: it did not say). */
  readonly settings: Readonly<Record<string, SettingValue | null>>;
}

/** How much a mailbox holds, and where the figure came from. */
export interface SizeFacts {
  readonly bytes: number;
  readonly itemCount: number | null;
  /** The usage report (refreshed daily, a day or two behind) or Get-MailboxStatistics (live). */
  readonly source: 'usage report' | 'Get-MailboxStatistics';
  /** The report's refresh date, YYYY-MM-DD; absent for statistics. */
  readonly asOf?: string;
}

/** Get-MailboxAutoReplyConfiguration, as Exchange names the values. */
export interface AutoReplyFacts {
  readonly state: string;
  readonly externalAudience: string;
  readonly internalMessage: string;
  readonly externalMessage: string;
  /** ISO 8601, or null. */
  readonly startTime: string | null;
  readonly endTime: string | null;
}

export interface CasFacts {
  readonly imapEnabled: boolean;
  readonly popEnabled: boolean;
  /** null: follows the organization (TransportConfig). */
  readonly smtpClientAuthenticationDisabled: boolean | null;
}

/** A Full Access entry as Get-MailboxPermission lists it. */
export interface FullAccessEntry {
  /** Lower-cased trustee as Exchange shows it: a UPN, a group's name, a service principal's id. */
  readonly trustee: string;
  readonly deny: boolean;
  readonly inherited: boolean;
}

export interface UserFacts {
  readonly id: string;
  readonly userPrincipalName: string;
  /** As Entra shows it: folder permissions name a user by it. */
  readonly displayName: string;
  readonly accountEnabled: boolean;
  readonly assignedLicenses: readonly { readonly skuId: string; readonly disabledPlans: readonly string[] }[];
  readonly usageLocation: string | null;
}

export interface SkuFacts {
  readonly skuId: string;
  readonly skuPartNumber: string;
  /** Service plan ids of Exchange Online plans (EXCHANGE_S_*) in the SKU. */
  readonly exchangePlans: readonly string[];
  /**
   * Of those, the plans that pay for an archive, litigation hold or more than 50 GB on a shared
   * mailbox: Exchange Online Plan 2 (EXCHANGE_S_ENTERPRISE) and Exchange Online Archiving
   * (EXCHANGE_S_ARCHIVE_ADDON). Plan 1 alone does not (m365-fidelity 6).
   */
  readonly archivingPlans: readonly string[];
}

/** A member of a group as Graph lists it. */
export interface GroupMemberFacts {
  readonly id: string;
  readonly kind: 'user' | 'group' | 'other';
  /** A user's principal name or a group's mail, lower-cased; the object id where it has neither. */
  readonly address: string;
}

/** A mail-enabled group as Get-DistributionGroup shows it, with its members where mbx read them. */
export interface GroupFacts {
  /** Its Entra object id (ExternalDirectoryObjectId), lower-cased. */
  readonly id: string;
  /** Lower-cased. */
  readonly name: string;
  readonly displayName: string;
  /** MailUniversalSecurityGroup, or MailUniversalDistributionGroup (whose grants reach nobody). */
  readonly recipientTypeDetails: string;
  /** Lower-cased. */
  readonly primaryAddress: string;
  readonly smtpAddresses: readonly string[];
  /** Direct and transitive members, read for the spec's groups and the groups holding rights on its mailboxes only. */
  readonly members?: readonly GroupMemberFacts[];
  readonly transitiveMembers?: readonly GroupMemberFacts[];
}

export interface TenantSnapshot extends AccessFacts {
  /** By primary address. */
  readonly mailboxes: ReadonlyMap<string, MailboxFacts>;
  /** By mailbox name (Exchange's Identity). */
  readonly casMailboxes: ReadonlyMap<string, CasFacts>;
  /** Send As trustees by mailbox name, lower-cased, NT AUTHORITY\SELF left out. */
  readonly sendAs: ReadonlyMap<string, readonly string[]>;
  /** Full Access entries by primary address, NT AUTHORITY\SELF left out; only for the spec's mailboxes. */
  readonly fullAccess: ReadonlyMap<string, readonly FullAccessEntry[]>;
  /** Automatic replies by primary address; only for the spec's mailboxes. */
  readonly autoReplies: ReadonlyMap<string, AutoReplyFacts>;
  readonly organization?: { readonly sendFromAliasEnabled: boolean };
  readonly transport?: { readonly smtpClientAuthenticationDisabled: boolean };
  /** By lower-cased UPN. */
  readonly users: ReadonlyMap<string, UserFacts>;
  readonly skus: ReadonlyMap<string, SkuFacts>;
  /** Sizes by primary address; only for the spec's mailboxes. */
  readonly sizes: ReadonlyMap<string, SizeFacts>;
  /** Mail-enabled groups by primary address. */
  readonly groups: ReadonlyMap<string, GroupFacts>;
  /** The spec's app, found by display name; absent when the spec declares none or it does not exist. */
  readonly app?: AppFacts;
  /** How Exchange limits the app's mail access; absent when the spec declares no app. */
  readonly appScope?: AppScopeFacts;
  /** What the live probes saw, by shared address; absent when they did not run (--no-probes). */
  readonly probes?: ReadonlyMap<string, MailboxProbes>;
}

export interface AppFacts {
  readonly appId: string;
  readonly objectId: string;
  readonly displayName: string;
  /** Every app registration with the spec's display name: more than one makes the app ambiguous. */
  readonly registrations: number;
  /** Certificates and secrets, without their values (Graph never returns those). */
  readonly credentials: readonly AppCredentialFacts[];
  /** Federated identity credentials: outside issuers whose tokens sign in as the app. */
  readonly federatedCredentials: readonly FederatedCredentialFacts[];
  /** The enterprise application (service principal) in this tenant, if there is one. */
  readonly servicePrincipalId?: string;
  /** Admin consent: application permissions (app role assignments) and delegated grants for all users. */
  readonly consented: { readonly application: readonly PermissionFacts[]; readonly delegated: readonly PermissionFacts[] };
  /** How Exchange shows the app as a trustee: its Exchange service principal's identity, lower-cased. */
  readonly exchangeTrustee?: string;
  /** The app as New-ServicePrincipal registered it in Exchange. */
  readonly exchangeServicePrincipal?: { readonly identity: string; readonly appId: string; readonly objectId: string };
}

export interface AppScopeFacts {
  /** The app's RBAC for Applications role assignments; scope null is the whole organization. */
  readonly assignments: readonly {
    readonly name: string;
    readonly role: string;
    readonly scope: string | null;
    /** When it was made (WhenCreatedUTC), where Exchange says: how long it has had to take effect. */
    readonly since?: string;
  }[];
  /** Each scope those assignments use: its filter and the mailboxes Exchange finds with it (primary addresses). */
  readonly scopes: ReadonlyMap<string, { readonly filter: string; readonly mailboxes: readonly string[] }>;
  /** Legacy application access policies naming the app. */
  readonly accessPolicies: readonly { readonly accessRight: string; readonly scopeName: string; readonly description: string }[];
}

export type SourceOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly status?: number; readonly permission: string };

/**
 * What a source could not read, with the permission it needs only where the service refused access
 * (401, 403): a busy or unreachable service needs no permission. For results and reports alike.
 */
export function sourceFailureText(failure: { readonly error: string; readonly status?: number; readonly permission: string }): string {
  const refused = failure.status === 401 || failure.status === 403;
  return `${failure.error}${refused ? ` (needs ${failure.permission})` : ''}`;
}

/** Which sources answered: checks that depend on a failed one report `error`, never a pass or fail. */
export type Ledger = ReadonlyMap<SourceId, SourceOutcome>;

/** The mailboxes by each of their SMTP addresses, indexed once per snapshot. */
const mailboxesByAddress = new WeakMap<ReadonlyMap<string, MailboxFacts>, Map<string, MailboxFacts>>();

/**
 * The mailbox that holds an address: as its primary, else as any other SMTP address (an alias, a
 * former primary). Exchange finds a mailbox by any of its proxy addresses, and so does mbx (issue 18):
 * a spec address held as an alias is a wrong primary (MBX.ALIASES.1), not a missing mailbox.
 */
export function mailboxOf(snapshot: TenantSnapshot, address: string): MailboxFacts | undefined {
  const primary = snapshot.mailboxes.get(address);
  if (primary !== undefined) return primary;
  let index = mailboxesByAddress.get(snapshot.mailboxes);
  if (index === undefined) {
    index = new Map();
    for (const facts of snapshot.mailboxes.values()) for (const smtp of facts.smtpAddresses) if (!index.has(smtp)) index.set(smtp, facts);
    mailboxesByAddress.set(snapshot.mailboxes, index);
  }
  return index.get(address);
}

/** The groups by each name Exchange may show them under, indexed once per snapshot. */
/** Every name a permission list or a spec may give a group: its name, display name and SMTP addresses, lower-cased. */
export function groupNames(group: GroupFacts): string[] {
  return [group.name, group.displayName.toLowerCase(), ...group.smtpAddresses];
}

const groupsByName = new WeakMap<ReadonlyMap<string, GroupFacts>, Map<string, GroupFacts>>();

/**
 * The group a permission list's trustee (its name or display name, as Exchange shows groups) or a
 * spec address (any of its SMTP addresses) names, if the snapshot has it.
 */
export function groupOf(snapshot: TenantSnapshot, shown: string): GroupFacts | undefined {
  let index = groupsByName.get(snapshot.groups);
  if (index === undefined) {
    index = new Map();
    for (const group of snapshot.groups.values()) for (const key of groupNames(group)) if (!index.has(key)) index.set(key, group);
    groupsByName.set(snapshot.groups, index);
  }
  return index.get(shown.toLowerCase());
}

/** Whether a group's grants reach its members: a mail-enabled security group's do, a distribution group's reach nobody. */
export const isSecurityGroup = (group: GroupFacts): boolean => group.recipientTypeDetails === 'MailUniversalSecurityGroup';

/**
 * The entry of a permission list (as Exchange shows trustees) through which a principal holds the
 * right: itself, or a security group it is in, nested groups included. Undefined where none reaches it.
 */
export function grantReaching(snapshot: TenantSnapshot, shown: readonly string[], principal: string): string | undefined {
  return shown.find((trustee) => {
    if (trustee === principal) return true;
    const group = groupOf(snapshot, trustee);
    return group !== undefined && isSecurityGroup(group) && (group.transitiveMembers ?? []).some((member) => member.address === principal);
  });
}

/** The users by lower-cased object id, indexed once per snapshot: checks look one up per mailbox. */
const usersById = new WeakMap<ReadonlyMap<string, UserFacts>, Map<string, UserFacts>>();

/** The Entra user behind a mailbox (its ExternalDirectoryObjectId), if the snapshot has it. */
export function userOfMailbox(snapshot: TenantSnapshot, facts: MailboxFacts | undefined): UserFacts | undefined {
  if (facts === undefined) return undefined;
  let index = usersById.get(snapshot.users);
  if (index === undefined) usersById.set(snapshot.users, (index = new Map([...snapshot.users.values()].map((user) => [user.id.toLowerCase(), user]))));
  return index.get(facts.userId);
}
