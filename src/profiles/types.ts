/**
 * Client profiles: what a piece of mail software needs from a shared mailbox. A profile is data:
 * the ways it can reach the mailbox (access modes), and for each the identity that signs in, the
 * OAuth permissions that identity needs, the mailbox rights and protocols, and the probes that
 * prove it works. The spec loader, provisioning and verification all read the same table.
 */

export type ProfileId = 'bp-event' | 'onoffice' | 'genesys-esj' | 'outlook' | 'generic-imap' | 'generic-graph' | 'generic-smtp';

/** Who the software gets its token as: a user with rights on the mailbox, or the spec's app. */
export type Identity = 'delegate' | 'app';

export type Direction = 'inbound' | 'outbound';

/** How software reads a mailbox. 'outlook' is Outlook's own connection, chosen only by the outlook profile. */
export type InboundWay = 'imap' | 'imap-download' | 'pop' | 'graph' | 'ews' | 'outlook' | 'none';

/** How software sends from a mailbox. */
export type OutboundWay = 'smtp' | 'graph' | 'ews' | 'none';

export type MailboxRight = 'fullAccess' | 'sendAs' | 'sendOnBehalf';

/** Per-mailbox protocol switches (Set-CASMailbox). */
export type MailboxProtocol = 'imap' | 'pop' | 'smtpAuth';

export type ProbeKind = 'imap' | 'pop' | 'smtp' | 'round-trip' | 'graph';

/** The API an OAuth permission belongs to, as the Entra portal lists it. */
export type ApiResource = 'Microsoft Graph' | 'Office 365 Exchange Online';

export interface Permission {
  readonly resource: ApiResource;
  readonly name: string;
}

/** One way a profile reaches the mailbox. */
export interface AccessMode {
  readonly direction: Direction;
  readonly way: InboundWay | OutboundWay;
  readonly identity: Identity;
  /** Delegated scopes the signing-in user's token must carry (identity 'delegate'). */
  readonly delegatedScopes: readonly Permission[];
  /** Application permissions with admin consent (identity 'app'). */
  readonly applicationPermissions: readonly Permission[];
  /** Rights the signing-in identity (the user, or the app's Exchange service principal) needs on the mailbox. */
  readonly rights: readonly MailboxRight[];
  /** Rights the client's named user needs although the app signs in (Genesys ESJ's allow-delegate). */
  readonly userRights?: readonly MailboxRight[];
  /** RBAC for Applications roles the app needs, scoped to the mailbox. */
  readonly rbacRoles?: readonly string[];
  /** Protocols that must be on for the mailbox. */
  readonly protocols: readonly MailboxProtocol[];
  /** Probes that prove this mode end to end. */
  readonly probes: readonly ProbeKind[];
  /** Set when Microsoft retires the way: why, with the source. */
  readonly retired?: string;
}

export interface ClientProfile {
  readonly id: ProfileId;
  readonly title: string;
  readonly summary: string;
  /** Where the facts come from: the vendor guide in shared/seeds or Microsoft's documentation. */
  readonly sources: readonly string[];
  readonly defaults: { readonly identity: Identity; readonly inbound: InboundWay; readonly outbound: OutboundWay };
  readonly modes: readonly AccessMode[];
  /** The software can be pointed at its own trash, spam and sent folders (IMAP only). */
  readonly folders?: boolean;
  /** The software can send from the mailbox's aliases. */
  readonly sendsFromAliases?: boolean;
  /** People open the mailbox in Outlook: Full Access must be direct user grants with auto-mapping. */
  readonly wantsAutoMapping?: boolean;
  /** Limits the vendor documents, shown in docs and reports. */
  readonly notes?: readonly string[];
}

export const graph = (name: string): Permission => ({ resource: 'Microsoft Graph', name });
export const exchange = (name: string): Permission => ({ resource: 'Office 365 Exchange Online', name });
