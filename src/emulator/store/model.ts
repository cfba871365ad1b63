/**
 * The emulated tenant's data: plain, JSON-serialisable records, one type per kind of object, as the
 * services hold them (Entra directory objects, Exchange recipients and permissions). Field names
 * follow the service that owns the object, so handlers map them to the wire with little code.
 * Nothing here knows about HTTP or any protocol (STYLE.md rule 12).
 */

export interface TenantInfo {
  readonly id: string;
  readonly displayName: string;
  /** The `<name>.onmicrosoft.com` domain every tenant has. */
  readonly initialDomain: string;
  readonly createdDateTime: string;
  /** Client id of the bootstrap admin app, whose secret the emulator prints on start. */
  readonly bootstrapClientId: string;
}

export interface Domain {
  /** The domain name is its id in Graph. */
  readonly id: string;
  readonly isDefault: boolean;
  readonly isInitial: boolean;
  readonly isVerified: boolean;
}

export interface AssignedLicense {
  readonly skuId: string;
  readonly disabledPlans: readonly string[];
}

export interface DirectoryUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly mailNickname: string;
  readonly mail: string | null;
  readonly accountEnabled: boolean;
  readonly usageLocation: string | null;
  readonly assignedLicenses: readonly AssignedLicense[];
  /** scrypt hash of the password, for test users that sign in with one; null: nobody knows it. */
  readonly passwordHash: string | null;
  readonly createdDateTime: string;
  /** The ordinary profile properties a PATCH set (jobTitle, department, city, ...), by their Graph names. */
  readonly profile?: Readonly<Record<string, string | readonly string[] | null>>;
  /**
   * The last time a licence change turned the user's Exchange Online plan on or off after its
   * mailbox existed, so Exchange can honour it only after the replication delay (exchange/licences.ts).
   */
  readonly exchangePlanChange?: { readonly enabled: boolean; readonly at: string };
}

/**
 * An Entra group: a security group (made in Entra or Graph), a mail-enabled security group or a
 * distribution group (made in Exchange, New-DistributionGroup), or a Microsoft 365 group
 * (`groupTypes: ['Unified']`). Members are directory object ids: users, groups, service principals.
 */
export interface Group {
  readonly id: string;
  readonly displayName: string;
  readonly mailNickname: string;
  readonly mail: string | null;
  readonly securityEnabled: boolean;
  readonly mailEnabled: boolean;
  readonly members: readonly string[];
  /** ['Unified'] for a Microsoft 365 group; empty otherwise. */
  readonly groupTypes?: readonly string[];
  readonly description?: string | null;
  readonly createdDateTime?: string;
  /** Exchange's EmailAddresses of a mail-enabled group (`SMTP:` primary, `smtp:` others). */
  readonly emailAddresses?: readonly string[];
  /** Exchange's Guid of a mail-enabled group. */
  readonly exchangeGuid?: string;
  readonly hiddenFromAddressListsEnabled?: boolean;
}

export interface RequiredResourceAccess {
  readonly resourceAppId: string;
  readonly resourceAccess: readonly { readonly id: string; readonly type: 'Role' | 'Scope' }[];
}

export interface PasswordCredential {
  readonly keyId: string;
  readonly displayName: string | null;
  readonly hint: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
  /** scrypt hash of the secret; the secret itself is shown once, on creation, as in Entra. */
  readonly secretHash: string;
}

export interface KeyCredential {
  readonly keyId: string;
  readonly displayName: string | null;
  readonly type: 'AsymmetricX509Cert';
  readonly usage: 'Verify';
  /** Base64 DER of the certificate. */
  readonly key: string;
  readonly customKeyIdentifier: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
}

export interface Application {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly signInAudience: string;
  readonly isFallbackPublicClient: boolean;
  readonly requiredResourceAccess: readonly RequiredResourceAccess[];
  readonly passwordCredentials: readonly PasswordCredential[];
  readonly keyCredentials: readonly KeyCredential[];
  /** Workload identity federation: tokens from these issuers and subjects stand for the app (absent in state written before). */
  readonly federatedIdentityCredentials?: readonly FederatedIdentityCredential[];
  readonly createdDateTime: string;
}

/** An application's trust in an external issuer's tokens (Graph federatedIdentityCredential). */
export interface FederatedIdentityCredential {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
  readonly description: string | null;
}

export interface AppRole {
  readonly id: string;
  readonly value: string;
  readonly displayName: string;
  readonly description: string;
  readonly allowedMemberTypes: readonly string[];
  readonly isEnabled: boolean;
}

export interface PermissionScope {
  readonly id: string;
  readonly value: string;
  readonly adminConsentDisplayName: string;
  readonly adminConsentDescription: string;
  readonly type: 'Admin' | 'User';
  readonly isEnabled: boolean;
}

export interface ServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly accountEnabled: boolean;
  readonly servicePrincipalType: 'Application';
  /** Microsoft's first-party resources belong to Microsoft's own tenant. */
  readonly appOwnerOrganizationId: string;
  readonly appRoles: readonly AppRole[];
  readonly oauth2PermissionScopes: readonly PermissionScope[];
  readonly servicePrincipalNames: readonly string[];
}

export interface AppRoleAssignment {
  readonly id: string;
  readonly appRoleId: string;
  readonly principalId: string;
  readonly principalType: 'ServicePrincipal' | 'User' | 'Group';
  readonly principalDisplayName: string;
  readonly resourceId: string;
  readonly resourceDisplayName: string;
  readonly createdDateTime: string;
}

export interface OAuth2PermissionGrant {
  readonly id: string;
  readonly clientId: string;
  readonly consentType: 'AllPrincipals' | 'Principal';
  readonly principalId: string | null;
  readonly resourceId: string;
  readonly scope: string;
}

export interface DirectoryRoleAssignment {
  readonly id: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
}

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

/** Every collection a tenant holds, by name. */
export interface Collections {
  domains: Domain;
  users: DirectoryUser;
  groups: Group;
  applications: Application;
  servicePrincipals: ServicePrincipal;
  appRoleAssignments: AppRoleAssignment;
  oauth2PermissionGrants: OAuth2PermissionGrant;
  directoryRoleAssignments: DirectoryRoleAssignment;
  mailboxes: Mailbox;
  mailboxPermissions: MailboxPermission;
  recipientPermissions: RecipientPermission;
  exchangeServicePrincipals: ExchangeServicePrincipal;
  managementScopes: ManagementScope;
  managementRoleAssignments: ManagementRoleAssignment;
  applicationAccessPolicies: ApplicationAccessPolicy;
  settings: OrganizationSettings;
  mailFolders: MailFolder;
  messages: MailMessage;
  outbound: OutboundMessage;
  adminAudit: AdminAuditRecord;
}

export type CollectionName = keyof Collections;
