/**
 * The normalized spec: what the rest of mbx reads. Addresses are lower-cased, defaults applied,
 * client profiles resolved into access modes, and every item keeps the JSON pointer of where it
 * was written so findings can point back at file:line:col.
 */
import type { AccessMode, Direction, Identity, InboundWay, MailboxProtocol, OutboundWay, Permission, ProbeKind, ProfileId } from '../profiles/index.js';
import type { WrittenMailbox } from './written.js';

/** The JSON pointer (RFC 6901) of the written item a normalized value came from. */
export interface Located {
  readonly pointer: string;
}

export interface Tenant {
  readonly id?: string;
  readonly primaryDomain: string;
  readonly acceptedDomains: readonly string[];
  /** Set before a licence on a user or mailbox that names no usage location of its own. */
  readonly usageLocation?: string;
}

export interface Organization {
  readonly sendFromAliasEnabled: boolean;
  readonly smtpAuth: boolean;
}

export interface User extends Located {
  readonly address: string;
  readonly displayName?: string;
  readonly kind: 'person' | 'service';
  readonly licence: string;
  readonly usageLocation?: string;
}

export interface Group extends Located {
  readonly address: string;
  readonly displayName?: string;
  /** Lower-cased addresses of the direct members; undefined for a group whose membership the spec does not manage. */
  readonly members?: readonly string[];
}

export type MailboxScope = 'rbac' | 'application-access-policy' | 'organization';

/** A federated identity credential the spec allows on the app: tokens of this issuer and subject sign in as it. */
export interface FederatedCredential extends Located {
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
}

export interface App extends Located {
  readonly displayName: string;
  /**
   * The credential mbx provisions: a certificate (named by thumbprint, upper-case, or subject, when
   * the spec names it) or a secret (named `mbx <displayName>` unless the spec names it).
   */
  readonly credential: {
    readonly kind: 'certificate' | 'secret';
    readonly lifetimeDays?: number;
    readonly thumbprint?: string;
    readonly subject?: string;
    readonly name?: string;
  };
  readonly federatedCredentials: readonly FederatedCredential[];
  readonly mailboxScope: MailboxScope;
  readonly managementScopeName: string;
}

/** An app other than `app` the spec accepts into its mailboxes, with the mail permissions it may hold (MBX.ACCESS.1). */
export interface OtherApp extends Located {
  readonly displayName: string;
  /** Lower-cased, where the spec names it. */
  readonly appId?: string;
  readonly permissions: readonly string[];
  readonly reason: string;
}

/** The word a spec uses for the app as a trustee. */
export const APP_TRUSTEE = 'app';

export interface Grant extends Located {
  /** A lower-cased user or group address, or APP_TRUSTEE. */
  readonly trustee: string;
}

export interface FullAccessGrant extends Grant {
  readonly autoMapping: boolean;
}

/** Automatic replies as the schema writes them. */
export type AutomaticReplies = Readonly<NonNullable<WrittenMailbox['automaticReplies']>>;

/** A way a client wanted that its profile does not offer; a rule reports it. */
export interface UnsupportedMode {
  readonly direction: Direction;
  readonly way: string;
  readonly identity?: Identity;
}

export interface Client extends Located {
  readonly profile: ProfileId;
  /** The identity the spec asked for, if any; each mode carries the one it resolved to. */
  readonly identity?: Identity;
  readonly user?: string;
  readonly inbound: InboundWay;
  readonly outbound: OutboundWay;
  readonly folders?: { readonly trash?: string; readonly spam?: string; readonly sent?: string };
  readonly sendFromAliases: readonly string[];
  /** For a delegate sending over SMTP: the address its SMTP AUTH user= holds (src/spec/sign-in.ts). */
  readonly smtpLogin?: 'delegate' | 'shared';
  /** For the app sending over SMTP: the authorization model its mode was resolved to (profiles/modes.ts). */
  readonly smtpAuthorization?: 'rbac' | 'mailbox-permission';
  readonly modes: readonly AccessMode[];
  readonly unsupported: readonly UnsupportedMode[];
}

export interface Protocols {
  readonly imap: boolean;
  readonly pop: boolean;
  /** undefined: the mailbox follows the organization setting (SmtpClientAuthenticationDisabled $null). */
  readonly smtpAuth?: boolean;
}

/** The keys of a written mailbox that normalization rewrites; every other key passes through as written (the schema's type). */
type Rewritten =
  'address' | 'aliases' | 'usageLocation' | 'fullAccess' | 'sendAs' | 'sendOnBehalf' | 'sentItemsCopy' | 'forwarding' | 'clients' | 'protocols' | 'probes';

/**
 * A shared mailbox as mbx works with it: its settings as written (displayName, signInBlocked,
 * licence, archive, litigationHold, onDelete, sizeWarningGB, hiddenFromAddressLists,
 * automaticReplies, and any key the schema adds), and the rest resolved below.
 */
export interface SharedMailbox extends Located, Readonly<Omit<WrittenMailbox, Rewritten>> {
  readonly address: string;
  readonly aliases: readonly string[];
  /** The usage location set before the mailbox's licence: its own, else the tenant's. */
  readonly usageLocation?: string;
  readonly fullAccess: readonly FullAccessGrant[];
  readonly sendAs: readonly Grant[];
  readonly sendOnBehalf: readonly Grant[];
  readonly sentItemsCopy: { readonly sendAs: boolean; readonly sendOnBehalf: boolean };
  readonly forwarding?: { readonly address: string; readonly keepCopy: boolean };
  readonly protocols: Protocols;
  readonly clients: readonly Client[];
  /** Protocols the clients need, whatever the spec declares. */
  readonly neededProtocols: ReadonlySet<MailboxProtocol>;
  readonly probes: readonly ProbeKind[];
}

export interface Waiver extends Located {
  readonly check: string;
  readonly mailbox?: string;
  /** Only findings of this status (default: warn and fail). */
  readonly status?: 'warn' | 'fail';
  /** Only the finding about this subject (a trustee, alias or setting), lower-cased. */
  readonly subject?: string;
  /** Only a finding whose message contains this text, lower-cased. */
  readonly contains?: string;
  readonly rationale: string;
  /** Last day the waiver applies, YYYY-MM-DD. */
  readonly expires: string;
}

export interface Spec {
  readonly version: 1;
  /** The file the spec was read from, as given. */
  readonly file: string;
  readonly tenant: Tenant;
  readonly organization: Organization;
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly app?: App;
  readonly otherApps: readonly OtherApp[];
  readonly sharedMailboxes: readonly SharedMailbox[];
  readonly waivers: readonly Waiver[];
  /** OAuth permissions the app needs across every client, deduplicated: exactly what admin consent should grant. */
  readonly appPermissions: { readonly delegated: readonly Permission[]; readonly application: readonly Permission[] };
  /**
   * RBAC for Applications roles the app needs (mailboxScope rbac), each with the mailboxes it must
   * reach and no others, and the management scope that names them: app.managementScopeName when
   * every role reaches the same mailboxes, else that name and the role's permission.
   */
  readonly appRbac: readonly { readonly role: string; readonly mailboxes: readonly string[]; readonly scopeName: string }[];
}
