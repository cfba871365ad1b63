/**
 * Mailboxes as Get-Mailbox returns them in the admin API's JSON (fidelity 2.2: the property
 * names, the `smtp:` prefix of ForwardingSmtpAddress, ByteQuantifiedSize strings, the zero
 * ArchiveGuid), and Get-EXOMailbox's property sets (cmdlet-property-sets.md).
 */
import type { DirectoryUser, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { byteQuantified, exchangeTime, exchangeTimeUtc } from './format.js';
import { primarySmtpAddress, trusteeName } from './recipients.js';
import { secondaryProxy } from '../store/proxy-addresses.js';

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
/** Exchange Online's MaxSendSize for a new mailbox (learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits#message-limits). */
const DEFAULT_MAX_SEND_SIZE = 35 * 1024 ** 2;
const DEFAULT_MAX_RECEIVE_SIZE = 36 * 1024 ** 2;

/** The archive's Guid: fixed for the mailbox, so it stays the same when the archive is disabled and enabled again. */
export function archiveGuidOf(mailbox: Mailbox): string {
  return mailbox.id.replace(/^.{8}/, 'a0000000');
}

export function mailboxObject(tenant: Tenant, mailbox: Mailbox): Record<string, unknown> {
  const user = tenant.collection('users').get(mailbox.userId);
  const org = tenant.info.initialDomain.replace('.onmicrosoft.com', '');
  const distinguishedName = `CN=${mailbox.name},OU=${tenant.info.initialDomain},OU=Microsoft Exchange Hosted Organizations,DC=EMUPR01A001,DC=PROD,DC=OUTLOOK,DC=COM`;
  return {
    Identity: mailbox.name,
    Id: mailbox.name,
    Name: mailbox.name,
    Alias: mailbox.alias,
    DisplayName: mailbox.displayName,
    DistinguishedName: distinguishedName,
    ExchangeVersion: '0.20 (15.0.0.0)',
    'Guid@odata.type': '#Guid',
    Guid: mailbox.id,
    'ExchangeGuid@odata.type': '#Guid',
    ExchangeGuid: mailbox.id,
    ExternalDirectoryObjectId: mailbox.userId,
    OrganizationId: `${tenant.info.initialDomain} - ${org}`,
    UserPrincipalName: user?.userPrincipalName ?? primarySmtpAddress(mailbox),
    PrimarySmtpAddress: primarySmtpAddress(mailbox),
    WindowsEmailAddress: primarySmtpAddress(mailbox),
    'EmailAddresses@odata.type': '#Collection(String)',
    EmailAddresses: [...mailbox.emailAddresses],
    EmailAddressPolicyEnabled: false,
    RecipientType: 'UserMailbox',
    RecipientTypeDetails: mailbox.recipientTypeDetails,
    IsShared: mailbox.recipientTypeDetails === 'SharedMailbox',
    AccountDisabled: user === undefined ? false : !user.accountEnabled,
    HiddenFromAddressListsEnabled: mailbox.hiddenFromAddressListsEnabled,
    'GrantSendOnBehalfTo@odata.type': '#Collection(String)',
    GrantSendOnBehalfTo: mailbox.grantSendOnBehalfTo.map((id) => trusteeName(tenant, id)),
    MessageCopyForSentAsEnabled: mailbox.messageCopyForSentAsEnabled,
    MessageCopyForSendOnBehalfEnabled: mailbox.messageCopyForSendOnBehalfEnabled,
    ForwardingAddress: null,
    ForwardingSmtpAddress: mailbox.forwardingSmtpAddress === null ? null : secondaryProxy(mailbox.forwardingSmtpAddress),
    DeliverToMailboxAndForward: mailbox.deliverToMailboxAndForward,
    MaxSendSize: byteQuantified(mailbox.maxSendSize ?? DEFAULT_MAX_SEND_SIZE),
    MaxReceiveSize: byteQuantified(mailbox.maxReceiveSize ?? DEFAULT_MAX_RECEIVE_SIZE),
    RecipientLimits: '500',
    IssueWarningQuota: byteQuantified(mailbox.quotas.issueWarning),
    ProhibitSendQuota: byteQuantified(mailbox.quotas.prohibitSend),
    ProhibitSendReceiveQuota: byteQuantified(mailbox.quotas.prohibitSendReceive),
    RecoverableItemsQuota: '30 GB (32,212,254,720 bytes)',
    UseDatabaseQuotaDefaults: false,
    LitigationHoldEnabled: mailbox.litigationHoldEnabled,
    ArchiveStatus: mailbox.archiveEnabled ? 'Active' : 'None',
    ArchiveGuid: mailbox.archiveEnabled ? archiveGuidOf(mailbox) : ZERO_GUID,
    ArchiveName: mailbox.archiveEnabled ? [`In-Place Archive - ${mailbox.displayName}`] : [],
    ArchiveQuota: '100 GB (107,374,182,400 bytes)',
    'WhenCreated@data.type': 'System.DateTime',
    WhenCreated: exchangeTime(mailbox.whenCreated),
    WhenCreatedUTC: exchangeTimeUtc(mailbox.whenCreated),
  };
}

/**
 * Get-Mailbox's JSON of a mailbox, as UTF-8, cached with the record: records are immutable, so a
 * changed mailbox is a new key. The object also shows its user (UPN, AccountDisabled), so a cached
 * entry counts only while the user record is the same one; mailboxes with GrantSendOnBehalfTo
 * entries, which show other users' names, are not cached.
 */
const wireJson = new WeakMap<Mailbox, { readonly user: DirectoryUser | undefined; readonly json: Buffer }>();

export function mailboxJson(tenant: Tenant, mailbox: Mailbox): Buffer {
  const user = tenant.collection('users').get(mailbox.userId);
  const cached = wireJson.get(mailbox);
  if (cached !== undefined && cached.user === user) return cached.json;
  const json = Buffer.from(JSON.stringify(mailboxObject(tenant, mailbox)));
  if (mailbox.grantSendOnBehalfTo.length === 0) wireJson.set(mailbox, { user, json });
  return json;
}

/** Get-EXOMailbox property sets (cmdlet-property-sets.md); Identity always comes back. */
export const PROPERTY_SETS: Readonly<Record<string, readonly string[]>> = {
  minimum: [
    'Alias',
    'DisplayName',
    'DistinguishedName',
    'EmailAddresses',
    'ExchangeVersion',
    'ExternalDirectoryObjectId',
    'Guid',
    'Id',
    'Name',
    'OrganizationId',
    'PrimarySmtpAddress',
    'RecipientType',
    'RecipientTypeDetails',
    'UserPrincipalName',
  ],
  delivery: [
    'DeliverToMailboxAndForward',
    'ExternalDirectoryObjectId',
    'ForwardingAddress',
    'ForwardingSmtpAddress',
    'GrantSendOnBehalfTo',
    'MaxReceiveSize',
    'MaxSendSize',
    'MessageCopyForSendOnBehalfEnabled',
    'MessageCopyForSentAsEnabled',
    'RecipientLimits',
  ],
  archive: ['ArchiveGuid', 'ArchiveName', 'ArchiveQuota', 'ArchiveStatus'],
  hold: ['LitigationHoldEnabled'],
  quota: ['IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota', 'RecoverableItemsQuota', 'UseDatabaseQuotaDefaults'],
  moderation: [],
  policy: [],
  retention: [],
  statisticsseed: [],
  addresslist: ['HiddenFromAddressListsEnabled'],
  resource: [],
  custom: [],
};

/** Keep only the named properties (and their @odata annotations). */
export function project(object: Record<string, unknown>, properties: ReadonlySet<string>): Record<string, unknown> {
  const lower = new Set([...properties].map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(object).filter(([key]) => lower.has(key.split('@')[0]?.toLowerCase() ?? key.toLowerCase())));
}
