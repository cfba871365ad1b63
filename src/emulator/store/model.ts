/**
 * The emulated tenant's data: plain, JSON-serialisable records, one type per kind of object, as the
 * services hold them (Entra directory objects, Exchange recipients and permissions). Field names
 * follow the service that owns the object, so handlers map them to the wire with little code.
 * Nothing here knows about HTTP or any protocol (the store never knows the wire: docs/architecture.md).
 * Exchange's records are in exchange-model.ts (re-exported here); this file holds the directory's
 * (Entra ID) and the list of every collection.
 */
import type * as Exchange from './exchange-model.js';

export * from './exchange-model.js';

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

/**
 * A change to an application, its service principal or their consent, as Entra's directory audit
 * log keeps it (Graph directoryAudit): who (a user or an app), when, the activity and its target.
 */
export interface DirectoryAuditRecord {
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly activityDateTime: string;
  /** As Entra names it: "Update application – Certificates and secrets management", "Add app role assignment to service principal". */
  readonly activityDisplayName: string;
  readonly category: 'ApplicationManagement';
  readonly operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  readonly initiatedBy: {
    readonly user?: { readonly id: string; readonly userPrincipalName: string };
    readonly app?: { readonly appId: string; readonly displayName: string; readonly servicePrincipalId: string };
  };
  readonly targetResources: readonly {
    readonly id: string;
    readonly displayName: string;
    readonly type: 'Application' | 'ServicePrincipal';
    readonly modifiedProperties: readonly { readonly displayName: string; readonly oldValue: string | null; readonly newValue: string | null }[];
  }[];
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
  mailboxes: Exchange.Mailbox;
  mailboxPermissions: Exchange.MailboxPermission;
  recipientPermissions: Exchange.RecipientPermission;
  inboxRules: Exchange.InboxRule;
  folderPermissions: Exchange.FolderPermission;
  exchangeServicePrincipals: Exchange.ExchangeServicePrincipal;
  managementScopes: Exchange.ManagementScope;
  managementRoleAssignments: Exchange.ManagementRoleAssignment;
  applicationAccessPolicies: Exchange.ApplicationAccessPolicy;
  settings: Exchange.OrganizationSettings;
  mailFolders: Exchange.MailFolder;
  messages: Exchange.MailMessage;
  outbound: Exchange.OutboundMessage;
  adminAudit: Exchange.AdminAuditRecord;
  directoryAudit: DirectoryAuditRecord;
}

export type CollectionName = keyof Collections;
