/* Generated from schemas/mailbox-spec.schema.json by `npm run spec-types`; do not edit. Defaulted keys are required: mbx reads a spec with its defaults filled in. */

/**
 * A DNS domain name.
 */
export type Domain = string;
/**
 * An SMTP address. Case does not matter; mbx lower-cases it.
 */
export type Address = string;
/**
 * Who a permission is granted to: the address of a user or group declared in this spec, or the word app for the spec's Entra app (its Exchange service principal).
 */
export type Trustee = string;

/**
 * What a Microsoft 365 tenant must hold for its shared mailboxes: the mailboxes, who may open them and send from them, their aliases, the organization settings they need and the Entra app that mail software connects with. docs/spec.md explains every key with an example.
 */
export interface WrittenSpec {
  /**
   * Version of the spec language this file is written in. Only 1 exists.
   */
  version: 1;
  /**
   * The Microsoft 365 tenant the spec describes.
   */
  tenant: {
    /**
     * Directory (tenant) ID. Optional: mbx resolves it from the primary domain when absent.
     */
    id?: string;
    /**
     * The tenant's initial domain, such as contoso.onmicrosoft.com. Shared mailboxes get their user principal name in it.
     */
    primaryDomain: string;
    /**
     * Every domain the tenant accepts mail for. Every address in the spec must be in one of them (Exchange refuses others).
     *
     * @minItems 1
     */
    acceptedDomains: [Domain, ...Domain[]];
    /**
     * The usage location (two-letter ISO 3166 country code) mbx sets on a user or shared mailbox before it assigns a licence, where the user or mailbox names none of its own. Microsoft 365 refuses a licence without one ('License assignment cannot be done for user with invalid usage location'), and a shared mailbox made by New-Mailbox has none.
     */
    usageLocation?: string;
  };
  /**
   * Organization-wide Exchange Online settings the shared mailboxes depend on.
   */
  organization?: {
    /**
     * Set-OrganizationConfig -SendFromAliasEnabled. Needed to send from a mailbox's aliases (proxy addresses). Exchange's default is false.
     */
    sendFromAliasEnabled: boolean;
    /**
     * Whether SMTP AUTH client submission is enabled for the whole organization (Set-TransportConfig -SmtpClientAuthenticationDisabled is its negation). Organizations created after January 2020 have it off, and MS.EXO.5.1v1 says it shall stay off: enable it per mailbox instead (protocols.smtpAuth).
     */
    smtpAuth: boolean;
  };
  /**
   * The people and service accounts the shared mailboxes rely on: delegates, Outlook users and the accounts mail software signs in as. mbx does not create them; it checks them and what they hold.
   */
  users?: User[];
  /**
   * Mail-enabled security groups used as trustees: Full Access, Send As and Send on Behalf granted to a group reach its members, nested groups' members too. Outlook does not auto-map mailboxes granted through a group.
   */
  groups?: Group[];
  app?: App;
  /**
   * Apps other than `app` that the spec accepts into its mailboxes, each with the permissions it may hold: an app another spec manages, a backup or archiving tool. mbx verify fails (MBX.ACCESS.1) for any other app that reaches a mailbox of this spec through a mail permission not listed here. mbx export writes every app it cannot express as `app` here, for review.
   */
  otherApps?: OtherApp[];
  /**
   * The shared mailboxes the tenant must hold.
   */
  sharedMailboxes: SharedMailbox[];
  /**
   * Findings accepted on purpose. Each names the check, a rationale and an expiry date; an expired waiver no longer applies.
   */
  waivers?: Waiver[];
}
/**
 * A person or service account the spec relies on.
 */
export interface User {
  /**
   * User principal name, which is also the primary SMTP address.
   */
  address: string;
  /**
   * Display name, for reports.
   */
  displayName?: string;
  /**
   * person: someone who opens the mailbox in Outlook or signs in to mail software. service: an account only software signs in as.
   */
  kind: 'person' | 'service';
  /**
   * The licence the user must hold. Anyone who opens a shared mailbox needs an Exchange Online licence of their own (Bp Event: 'The delegated user requires a full licence').
   */
  licence: string;
  /**
   * The user's usage location, set before its licence. Defaults to tenant.usageLocation.
   */
  usageLocation?: string;
}
/**
 * A mail-enabled security group used as a trustee. With members, mbx makes the group (New-DistributionGroup -Type Security) and keeps its membership; without, it names a group that exists, whose membership mbx reports but does not manage.
 */
export interface Group {
  /**
   * The group's primary SMTP address.
   */
  address: string;
  /**
   * Display name (New-DistributionGroup -Name); defaults to the address's local part.
   */
  displayName?: string;
  /**
   * The group's direct members: users or groups declared in this spec. Authoritative: a member the tenant adds is a finding (it gives someone access), and mbx apply adds and removes members to match. Leave it out for a group whose membership is managed elsewhere.
   */
  members?: Address[];
}
/**
 * The Entra app registration that mail software uses, and how its access to mailboxes is limited.
 */
export interface App {
  /**
   * Display name of the app registration.
   */
  displayName: string;
  /**
   * How the app proves its identity. Microsoft recommends a certificate over a secret.
   */
  credential: {
    /**
     * certificate (preferred) or secret.
     */
    kind: 'certificate' | 'secret';
    /**
     * How long a new credential is valid, in days. Required for secrets; Entra allows at most 730, and mbx warns above 365.
     */
    lifetimeDays?: number;
    /**
     * The certificate's SHA-1 thumbprint (40 hex digits), as Entra shows it: mbx verify fails for any certificate on the app with another. Without it (and without subject), the app may hold one certificate.
     */
    thumbprint?: string;
    /**
     * The certificate's subject as Entra shows it (CN=mbx-connector): mbx verify fails for any certificate on the app with another subject. Use thumbprint to name one certificate exactly.
     */
    subject?: string;
    /**
     * The secret's description as Entra shows it. Defaults to 'mbx <displayName>', the name mbx gives the secret it creates; mbx verify fails for any secret with another.
     */
    name?: string;
  };
  /**
   * Outside identities allowed to sign in as the app without a secret (workload identity federation: GitHub Actions, Azure DevOps, another identity provider). mbx apply creates exactly these; mbx verify fails for a federated credential on the app that is not listed, and for a listed one that is missing. Entra allows 20 an app.
   */
  federatedCredentials?: FederatedCredential[];
  /**
   * How the app's mailbox access is limited. rbac: RBAC for Applications, a management scope holding exactly the mailboxes that name the app. application-access-policy: the legacy mechanism Microsoft replaced. organization: no limit, every mailbox in the tenant.
   */
  mailboxScope: 'rbac' | 'application-access-policy' | 'organization';
  /**
   * Name of the Exchange management scope for RBAC for Applications. Defaults to 'mbx <displayName>'.
   */
  managementScopeName?: string;
}
export interface FederatedCredential {
  /**
   * Unique per app: 3 to 120 letters, digits, dashes or underscores, starting with a letter or digit.
   */
  name: string;
  /**
   * The token issuer, e.g. https://token.actions.githubusercontent.com.
   */
  issuer: string;
  /**
   * The subject the issuer's token carries, e.g. repo:contoso/mail-config:ref:refs/heads/main.
   */
  subject: string;
  /**
   * The audience the token must name.
   */
  audience: string;
}
export interface OtherApp {
  /**
   * The app's display name, as Entra shows its enterprise application.
   */
  displayName: string;
  /**
   * The app's client id: names the app exactly where two share a display name.
   */
  appId?: string;
  /**
   * The mail permissions it may hold, by name: application permissions (Mail.Read), delegated scopes consented for all users (Mail.Read.Shared, IMAP.AccessAsUser.All) and RBAC for Applications roles (Application Mail.Read).
   *
   * @minItems 1
   */
  permissions: [string, ...string[]];
  /**
   * Why it may reach the mailboxes: shown in reports beside its access.
   */
  reason: string;
}
/**
 * A shared mailbox, its rights and settings, and the software that uses it.
 */
export interface SharedMailbox {
  /**
   * An SMTP address. Case does not matter; mbx lower-cases it.
   */
  address: string;
  /**
   * Display name (New-Mailbox -DisplayName, at most 256 characters).
   */
  displayName: string;
  /**
   * Secondary SMTP addresses (proxy addresses, smtp: in EmailAddresses).
   */
  aliases?: Address[];
  /**
   * Whether the mailbox's own user account is blocked from signing in (accountEnabled false). Microsoft and CIS.M365.1.2.2 say it should be.
   */
  signInBlocked: boolean;
  /**
   * A licence for the shared mailbox itself. Only needed over 50 GB, with an archive or with litigation hold.
   */
  licence?: string;
  /**
   * Whether the mailbox has an in-place archive. true: it must have one, which needs a licence with archiving (Exchange Online Plan 2, or Plan 1 with Exchange Online Archiving). false: it must not; mbx disables an archive only where the spec says false. Left out: mbx leaves the archive as it is.
   */
  archive?: boolean;
  /**
   * The mailbox's usage location, set before its licence. Defaults to tenant.usageLocation.
   */
  usageLocation?: string;
  /**
   * What mbx does when this mailbox leaves the spec, or a stack holding it is destroyed. retain (the default): the mailbox, its mail, licence, archive and grants stay as they are and mbx stops managing them. remove: mbx removes the mailbox (Exchange keeps a removed shared mailbox 30 days as soft-deleted, then its mail is gone). A mailbox mbx adopted, rather than created, is never removed.
   */
  onDelete: 'retain' | 'remove';
  /**
   * Whether the mailbox is on litigation hold (needs a licence).
   */
  litigationHold: boolean;
  /**
   * Report the mailbox when it grows beyond this many GB. An unlicensed shared mailbox stops at 50 GB.
   */
  sizeWarningGB?: number;
  /**
   * The largest message, in MB, that may be sent from the mailbox (Set-Mailbox -MaxSendSize). Exchange Online's default is 35 MB and its limit 150 MB; left out, mbx leaves the mailbox's own as it is.
   */
  maxSendSizeMB?: number;
  /**
   * The largest message, in MB, the mailbox accepts (Set-Mailbox -MaxReceiveSize). Exchange Online's default is 36 MB and its limit 150 MB; left out, mbx leaves the mailbox's own as it is.
   */
  maxReceiveSizeMB?: number;
  /**
   * Whether the mailbox is hidden from the global address list.
   */
  hiddenFromAddressLists: boolean;
  /**
   * Full Access grants. Authoritative: a grant the tenant holds but the spec does not name is a finding.
   */
  fullAccess?: FullAccess[];
  /**
   * Trustees who may send as the mailbox (From is the shared address). Authoritative.
   */
  sendAs?: Trustee[];
  /**
   * Trustees who may send on behalf of the mailbox (From the shared address, Sender the trustee). Authoritative.
   */
  sendOnBehalf?: Trustee[];
  /**
   * Whether mail sent as or on behalf of the mailbox is copied to its own Sent Items (otherwise it lands only in the sender's).
   */
  sentItemsCopy?: {
    /**
     * MessageCopyForSentAsEnabled.
     */
    sendAs: boolean;
    /**
     * MessageCopyForSendOnBehalfEnabled.
     */
    sendOnBehalf: boolean;
  };
  /**
   * Forward incoming mail to another address.
   */
  forwarding?: {
    /**
     * An SMTP address. Case does not matter; mbx lower-cases it.
     */
    address: string;
    /**
     * Keep a copy in the shared mailbox (DeliverToMailboxAndForward). mbx defaults to true so the mailbox never silently stops holding its mail; Exchange's own default is false.
     */
    keepCopy: boolean;
  };
  automaticReplies?: AutomaticReplies;
  protocols?: Protocols;
  /**
   * The software that uses the mailbox (Outlook, a CRM, an event or contact-centre system).
   */
  clients?: Client[];
  /**
   * End-to-end probes mbx verify runs for this mailbox. Defaults to the probes its clients' profiles call for; [] runs none.
   */
  probes?: ('imap' | 'pop' | 'smtp' | 'round-trip' | 'graph')[];
}
/**
 * A Full Access (Read and manage) grant.
 */
export interface FullAccess {
  /**
   * Who gets Full Access.
   */
  trustee: string;
  /**
   * Whether Outlook adds the mailbox to the trustee's folder list by itself (Add-MailboxPermission -AutoMapping). Works for users only, never for groups.
   */
  autoMapping: boolean;
}
/**
 * Automatic replies (out of office) of the shared mailbox.
 */
export interface AutomaticReplies {
  /**
   * disabled, alwaysEnabled, or scheduled (between start and end).
   */
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  /**
   * Who outside the organization gets the external reply: none, contactsOnly or all.
   */
  externalAudience: 'none' | 'contactsOnly' | 'all';
  /**
   * Reply text for senders inside the organization (HTML or plain text).
   */
  internalMessage?: string;
  /**
   * Reply text for senders outside the organization (HTML or plain text).
   */
  externalMessage?: string;
  /**
   * When scheduled replies start (ISO 8601 date-time with offset).
   */
  start?: string;
  /**
   * When scheduled replies end (ISO 8601 date-time with offset).
   */
  end?: string;
}
/**
 * Per-mailbox client protocols (Set-CASMailbox). A protocol left out is switched on exactly when a client of the mailbox needs it, except smtpAuth, which then follows the organization setting.
 */
export interface Protocols {
  /**
   * IMAP4 (ImapEnabled).
   */
  imap?: boolean;
  /**
   * POP3 (PopEnabled).
   */
  pop?: boolean;
  /**
   * SMTP AUTH client submission for this mailbox (SmtpClientAuthenticationDisabled is its negation). true enables it even where the organization disables it.
   */
  smtpAuth?: boolean;
}
/**
 * A piece of mail software that uses the mailbox, and how. The profile decides which rights, protocols, OAuth permissions and probes it needs.
 */
export interface Client {
  /**
   * The client profile: bp-event, onoffice, genesys-esj, outlook, generic-imap, generic-graph or generic-smtp. docs/spec.md lists what each needs.
   */
  profile: 'bp-event' | 'onoffice' | 'genesys-esj' | 'outlook' | 'generic-imap' | 'generic-graph' | 'generic-smtp';
  /**
   * Who the software signs in as: delegate (a user with rights on the mailbox, delegated OAuth scopes) or app (the spec's app, client credentials). Defaults to the profile's usual identity.
   */
  identity?: 'delegate' | 'app';
  /**
   * An SMTP address. Case does not matter; mbx lower-cases it.
   */
  user?: string;
  /**
   * How the software reads mail: imap, imap-download, pop, graph or ews, as the profile allows. Defaults to the profile's usual way.
   */
  inbound?: 'imap' | 'imap-download' | 'pop' | 'graph' | 'ews' | 'none';
  /**
   * How the software sends mail: smtp, graph or ews, as the profile allows. Defaults to the profile's usual way.
   */
  outbound?: 'smtp' | 'graph' | 'ews' | 'none';
  /**
   * Folders the software is configured to use (Bp Event's recycle-bin, spam and sent folders; IMAP only). They must exist in the mailbox.
   */
  folders?: {
    /**
     * Recycle-bin folder, such as 'Deleted Items'.
     */
    trash?: string;
    /**
     * Spam folder, such as 'Junk Email'.
     */
    spam?: string;
    /**
     * Sent folder, such as 'Sent Items'.
     */
    sent?: string;
  };
  /**
   * Which address a delegate client puts in SMTP AUTH's user= (the SMTP user name in its settings). delegate (the default): the delegate's own address, with From the shared address; Exchange applies the delegate's own mailbox's SMTP AUTH setting, which mbx turns on. shared: the shared mailbox's address, which Exchange refuses for a delegate's token with 535 5.7.3 (it takes it for IMAP and POP, not for SMTP); say so to have verify judge the client as it is configured.
   */
  smtpLogin?: 'delegate' | 'shared';
  /**
   * For the app sending over SMTP AUTH: how Exchange authorizes it. rbac (the default with app.mailboxScope rbac): the RBAC role Application SMTP.SendAsApp scoped to the mailbox, with no Entra permission and no mailbox permission (Microsoft's SMTP Onboarding to App RBAC, 2025). mailbox-permission: the Entra application permission SMTP.SendAsApp and Send As on the mailbox for the app. All the app's SMTP clients use one model: a token carrying SMTP.SendAsApp makes Exchange check mailbox permissions for every send.
   */
  smtpAuthorization?: 'rbac' | 'mailbox-permission';
  /**
   * Aliases of this mailbox the software sends from. Needs organization.sendFromAliasEnabled.
   */
  sendFromAliases?: Address[];
}
/**
 * A finding accepted on purpose, for a while.
 */
export interface Waiver {
  /**
   * The check id the waiver applies to.
   */
  check: string;
  /**
   * An SMTP address. Case does not matter; mbx lower-cases it.
   */
  mailbox?: string;
  /**
   * Accept only findings of this status: warn (a warning accepted, such as the documented auto-mapping note) or fail. Omit to accept both. A waiver never hides a finding it does not name: with status warn, a later failure of the same check on the same mailbox is still a failure.
   */
  status?: 'warn' | 'fail';
  /**
   * Accept only the finding about this trustee, alias or setting: the result's subject as the report shows it (a user's address, for one). Compared without case.
   */
  subject?: string;
  /**
   * Accept only a finding whose message contains this text (compared without case): the words of the warning accepted.
   */
  contains?: string;
  /**
   * Why the finding is accepted: who decided, and why it is safe.
   */
  rationale: string;
  /**
   * Last day the waiver applies (YYYY-MM-DD).
   */
  expires: string;
}
