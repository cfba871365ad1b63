/**
 * The emulated tenant's Exchange Online data: recipients, their permissions and settings, the
 * organization's settings, RBAC for Applications, the mail store's folders and messages, and the
 * admin audit log. Plain, JSON-serialisable records with Exchange's field names; the directory's
 * (Entra) records are in model.ts, which holds every collection and re-exports these.
 */

export interface Quotas {
  /** Bytes; null is Unlimited. */
  readonly issueWarning: number | null;
  readonly prohibitSend: number | null;
  readonly prohibitSendReceive: number | null;
}

export interface AutoReply {
  readonly state: 'Disabled' | 'Enabled' | 'Scheduled';
  readonly externalAudience: 'None' | 'Known' | 'All';
  readonly internalMessage: string;
  readonly externalMessage: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
}

export const RECIPIENT_TYPE_DETAILS = ['SharedMailbox', 'UserMailbox', 'RoomMailbox', 'EquipmentMailbox'] as const;
export type RecipientTypeDetails = (typeof RECIPIENT_TYPE_DETAILS)[number];

export interface Mailbox {
  /** The Exchange Guid. */
  readonly id: string;
  /** ExternalDirectoryObjectId: the Entra user behind the mailbox. */
  readonly userId: string;
  readonly name: string;
  readonly alias: string;
  readonly displayName: string;
  readonly recipientTypeDetails: RecipientTypeDetails;
  /** Proxy addresses with their prefixes: exactly one `SMTP:` (the primary), any number of `smtp:`. */
  readonly emailAddresses: readonly string[];
  /** Directory object ids (users or groups). */
  readonly grantSendOnBehalfTo: readonly string[];
  readonly messageCopyForSentAsEnabled: boolean;
  readonly messageCopyForSendOnBehalfEnabled: boolean;
  readonly forwardingSmtpAddress: string | null;
  readonly deliverToMailboxAndForward: boolean;
  readonly hiddenFromAddressListsEnabled: boolean;
  readonly litigationHoldEnabled: boolean;
  readonly archiveEnabled: boolean;
  readonly quotas: Quotas;
  /** MaxSendSize in bytes; absent in state written before it was emulated (Exchange Online's default, 35 MB). */
  readonly maxSendSize?: number;
  /** MaxReceiveSize in bytes; absent in state written before it was emulated (Exchange Online's default, 36 MB). */
  readonly maxReceiveSize?: number;
  readonly imapEnabled: boolean;
  readonly popEnabled: boolean;
  readonly ewsEnabled: boolean;
  /** null follows the organization (TransportConfig); true or false overrides it. */
  readonly smtpClientAuthenticationDisabled: boolean | null;
  readonly autoReply: AutoReply;
  /** Bytes held, for Get-MailboxStatistics and the usage report. */
  readonly totalItemSize: number;
  readonly itemCount: number;
  readonly whenCreated: string;
}

/** A Full Access (or other mailbox right) entry. `trustee` is a directory object id or a well-known SID name. */
export interface MailboxPermission {
  readonly id: string;
  readonly mailboxId: string;
  readonly trustee: string;
  readonly accessRights: readonly string[];
  readonly deny: boolean;
  readonly inheritanceType: string;
  readonly isInherited: boolean;
  readonly autoMapping: boolean;
  /** When the grant was made; it takes effect for enforcement after the replication delay. */
  readonly grantedAt: string;
}

/** A Send As entry. */
export interface RecipientPermission {
  readonly id: string;
  readonly mailboxId: string;
  readonly trustee: string;
  readonly grantedAt: string;
}

/**
 * An inbox rule (New-InboxRule.md): conditions on arriving mail and what to do with it. mbx reads the
 * actions that send mail out of the mailbox (ForwardTo, ForwardAsAttachmentTo, RedirectTo).
 */
export interface InboxRule {
  readonly id: string;
  readonly mailboxId: string;
  /** Exchange's RuleIdentity: a 64-bit number, shown in decimal. */
  readonly ruleIdentity: string;
  readonly name: string;
  readonly enabled: boolean;
  /** 1 runs first. */
  readonly priority: number;
  /** Lower-cased SMTP addresses. */
  readonly forwardTo: readonly string[];
  readonly forwardAsAttachmentTo: readonly string[];
  readonly redirectTo: readonly string[];
  /** Conditions: the senders (lower-cased addresses) and subject words; empty matches every message. */
  readonly from: readonly string[];
  readonly subjectContainsWords: readonly string[];
  readonly deleteMessage: boolean;
  readonly stopProcessingRules: boolean;
  readonly whenCreated: string;
}

/**
 * A folder permission entry (Add-MailboxFolderPermission.md). `trustee` is a user's or group's
 * directory object id, or `Default` / `Anonymous`; the built-in Default and Anonymous entries are
 * made up on read (as None, or AvailabilityOnly for Default on Calendar) until one is set.
 */
export interface FolderPermission {
  readonly id: string;
  readonly mailboxId: string;
  /** The folder's path inside the mailbox: `\` (the top of the information store), `\Inbox`, `\Calendar`. */
  readonly folder: string;
  readonly trustee: string;
  readonly accessRights: readonly string[];
  readonly grantedAt: string;
}

/** An Entra service principal registered in Exchange (New-ServicePrincipal). */
export interface ExchangeServicePrincipal {
  readonly id: string;
  readonly appId: string;
  /** Object id of the Entra service principal (the enterprise application). */
  readonly objectId: string;
  readonly displayName: string;
}

export interface ManagementScope {
  readonly id: string;
  readonly name: string;
  readonly recipientRestrictionFilter: string;
}

/**
 * A legacy application access policy (New-ApplicationAccessPolicy.md): limits what an app's Entra
 * mail permissions reach through Graph and EWS, to (RestrictAccess) or away from (DenyAccess) the
 * members of a mail-enabled security group or one mailbox.
 */
export interface ApplicationAccessPolicy {
  readonly id: string;
  /** The app's client id, lower-cased. */
  readonly appId: string;
  readonly accessRight: 'RestrictAccess' | 'DenyAccess';
  /** The scope: a group's object id or a mailbox's user id. */
  readonly scopeId: string;
  readonly scopeName: string;
  readonly description: string;
}

export interface ManagementRoleAssignment {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  /** Id of the Exchange service principal the role is assigned to. */
  readonly app: string;
  readonly customResourceScope: string | null;
  readonly grantedAt: string;
}

export interface OrganizationSettings {
  readonly id: 'organization';
  readonly sendFromAliasEnabled: boolean;
  /** TransportConfig SmtpClientAuthenticationDisabled; true for tenants created after January 2020. */
  readonly smtpClientAuthenticationDisabled: boolean;
}

/** Exchange's default folders, by the well-known names Graph accepts in place of an id. */
export type WellKnownFolder = 'inbox' | 'drafts' | 'sentitems' | 'deleteditems' | 'junkemail' | 'archive' | 'outbox';

export interface MailFolder {
  readonly id: string;
  readonly mailboxId: string;
  readonly displayName: string;
  readonly wellKnownName: WellKnownFolder | null;
  readonly parentFolderId: string | null;
  /**
   * Exchange's folder class where the folder does not hold mail (IPF.Appointment for Calendar,
   * IPF.Contact, IPF.Journal, IPF.StickyNote, IPF.Task); absent for mail folders (IPF.Note).
   * IMAP lists such folders; Graph's mailFolders does not.
   */
  readonly folderClass?: string;
  /** IMAP UIDVALIDITY: fixed when the folder is made, so UIDs stay valid across restarts. */
  readonly uidValidity: number;
  /** The UID the next message in this folder gets. */
  readonly uidNext: number;
}

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** What Graph lists and IMAP's ENVELOPE shows, parsed once when the message is stored. */
export interface MessageSummary {
  readonly subject: string;
  readonly from: MailAddress | null;
  readonly sender: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly sentDateTime: string | null;
  readonly internetMessageId: string | null;
  readonly inReplyTo: string | null;
  readonly hasAttachments: boolean;
  readonly bodyPreview: string;
}

/** A message in a mailbox folder: its RFC 5322 bytes, IMAP flags and UID, and a parsed summary. */
export interface MailMessage {
  readonly id: string;
  readonly mailboxId: string;
  readonly folderId: string;
  readonly uid: number;
  /** IMAP system flags and keywords: `\Seen`, `\Flagged`, `\Answered`, `\Deleted`, `\Draft`. */
  readonly flags: readonly string[];
  /** INTERNALDATE, Graph's receivedDateTime. */
  readonly receivedDateTime: string;
  readonly size: number;
  /** The message bytes as a latin1 string: one character per byte, and safe in JSON. */
  readonly raw: string;
  readonly summary: MessageSummary;
}

/** A message that left the tenant: kept in the outbound sink, which the control API reads. */
export interface OutboundMessage {
  readonly id: string;
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  readonly submittedAt: string;
  /** Which surface submitted it: `graph` or `smtp`. */
  readonly via: string;
  readonly raw: string;
}

/**
 * One change an admin made through the Exchange admin API, as the unified audit log keeps it
 * (RecordType ExchangeAdmin): who, when, the cmdlet and the parameters as they were passed.
 */
export interface AdminAuditRecord {
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly creationDate: string;
  /** The caller: a user's UPN, or an app's service principal name. */
  readonly userId: string;
  readonly appId: string;
  /** The cmdlet, as the registry names it (Add-MailboxPermission). */
  readonly operation: string;
  /** The Identity parameter as given, or '' where the cmdlet has none. */
  readonly objectId: string;
  readonly parameters: readonly { readonly Name: string; readonly Value: string }[];
}
