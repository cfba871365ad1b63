/**
 * The facts of the ways into a mailbox that the spec does not name (issue 32): inbox rules and
 * folder permissions of the spec's mailboxes, every app holding mail permissions in the tenant
 * (with how Exchange scopes it), and Entra's directory audit records for app changes. Plain data,
 * part of the TenantSnapshot; src/access/ builds the one access model from them.
 */
/** An OAuth permission as the Entra portal names it: its API and its value. */
export interface PermissionFacts {
  readonly resource: string;
  readonly name: string;
}

/**
 * Application roles that reach only the mailboxes whose permissions name the app's Exchange service
 * principal (a Full Access or Send As grant), never a mailbox by themselves.
 */
export const GRANT_BOUND_ROLES: ReadonlySet<string> = new Set(['IMAP.AccessAsApp', 'POP.AccessAsApp', 'SMTP.SendAsApp']);

/** An inbox rule as Get-InboxRule shows it, with only what sends mail out. Addresses lower-cased. */
export interface InboxRuleFacts {
  readonly name: string;
  /** Exchange's `<mailbox>\<RuleIdentity>`. */
  readonly identity: string;
  readonly enabled: boolean;
  readonly forwardTo: readonly string[];
  readonly forwardAsAttachmentTo: readonly string[];
  readonly redirectTo: readonly string[];
}

/** A folder permission entry as Get-MailboxFolderPermission shows it. */
export interface FolderPermissionFacts {
  /** `\` (the top of the information store), `\Inbox`, `\Sent Items`. */
  readonly folder: string;
  /** Default, Anonymous, or a user's or group's display name, as Exchange shows it. */
  readonly user: string;
  readonly accessRights: readonly string[];
}

export interface AppCredentialFacts {
  readonly kind: 'certificate' | 'secret';
  readonly keyId: string;
  readonly displayName: string | null;
  /** A certificate's SHA-1 thumbprint, upper-case hex (customKeyIdentifier); null for a secret. */
  readonly thumbprint: string | null;
  /** ISO 8601, or null when Entra shows none. */
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
}

/** A federated identity credential: tokens of this issuer and subject sign in as the app. */
export interface FederatedCredentialFacts {
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
}

/** An app (service principal) holding permissions that reach mailboxes, and how Exchange limits them. */
export interface MailAppFacts {
  /** The Entra service principal's object id, lower-cased. */
  readonly servicePrincipalId: string;
  readonly appId: string;
  readonly displayName: string;
  /** How Exchange shows the app as a trustee in permission lists (its Exchange service principal's identity), if New-ServicePrincipal registered it. */
  readonly exchangeIdentity?: string;
  /** Application permissions that reach mailboxes (Graph Mail.* and MailboxSettings.*, Exchange full_access_as_app), with when each was granted. */
  readonly application: readonly (PermissionFacts & { readonly since?: string })[];
  /** Delegated mail scopes consented for every user (consentType AllPrincipals). */
  readonly delegated: readonly PermissionFacts[];
  /** RBAC for Applications role assignments (`Application Mail.Read`, ...): the mailboxes each scope finds, or every mailbox. */
  readonly rbac: readonly { readonly role: string; readonly scope: string | null; readonly mailboxes: readonly string[] | 'all'; readonly since?: string }[];
  /** The app registration's object id, certificates and secrets (metadata only) and federated credentials, where the tenant holds the registration. */
  readonly applicationObjectId?: string;
  readonly credentials?: readonly AppCredentialFacts[];
  readonly federatedCredentials?: readonly FederatedCredentialFacts[];
  /** Legacy application access policies: they limit the app's Graph and EWS permissions to, or away from, these mailboxes. */
  readonly accessPolicies: readonly {
    readonly accessRight: 'RestrictAccess' | 'DenyAccess';
    readonly scopeName: string;
    readonly mailboxes: readonly string[];
  }[];
}

/** One directory audit record of an app change (Graph directoryAudit, category ApplicationManagement). */
export interface DirectoryAuditFacts {
  /** ISO 8601. */
  readonly at: string;
  /** A user's principal name or an app's display name. */
  readonly by: string;
  readonly activity: string;
  /** The app's or service principal's object id, lower-cased. */
  readonly targetId: string;
  readonly targetName: string;
  readonly modified: readonly { readonly name: string; readonly oldValue: string | null; readonly newValue: string | null }[];
}

/** The access facts as a snapshot holds them. */
export interface AccessFacts {
  /** Inbox rules by primary address; only for the spec's mailboxes. */
  readonly inboxRules: ReadonlyMap<string, readonly InboxRuleFacts[]>;
  /** Folder permissions that give some right, by primary address (the top of the information store, Inbox and Sent Items); only for the spec's mailboxes. */
  readonly folderPermissions: ReadonlyMap<string, readonly FolderPermissionFacts[]>;
  /** Every app holding mail permissions, the spec's own included. */
  readonly mailApps: readonly MailAppFacts[];
  /** App changes in the directory audit log (Entra keeps 30 days, 7 without Entra ID P1). */
  readonly directoryAudits: readonly DirectoryAuditFacts[];
}
