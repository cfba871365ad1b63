/**
 * The one access model (docs/architecture.md, "The access model"): every way into a shared
 * mailbox, as plain data. A path joins a principal (a person, a group, an app, Default or
 * Anonymous, an outside address) to a mailbox with the rights it gives, the way it runs (a direct
 * grant; through groups; an app's permission, unscoped or within an RBAC scope or access policy; a
 * delegated consent; a folder permission; an inbox rule or forwarding), whether the spec declares
 * it, and since when and by whom where the tenant says. The checks that judge undeclared access,
 * `mbx access`, the report's access section and `mbx diff` all read this model.
 */

/** What a path lets its principal do with the mailbox. */
export type Right = 'read' | 'send-as' | 'send-on-behalf' | 'receive' | 'settings';

export const RIGHTS: readonly Right[] = ['read', 'send-as', 'send-on-behalf', 'receive', 'settings'];

/** How the principal gets in. */
export type PathKind =
  'full-access' | 'send-as' | 'send-on-behalf' | 'forwarding' | 'inbox-rule' | 'folder-permission' | 'app-permission' | 'app-rbac' | 'delegated-consent';

export const PATH_KINDS: readonly PathKind[] = [
  'full-access',
  'send-as',
  'send-on-behalf',
  'forwarding',
  'inbox-rule',
  'folder-permission',
  'app-permission',
  'app-rbac',
  'delegated-consent',
];

export type PrincipalKind = 'user' | 'group' | 'app' | 'default' | 'anonymous' | 'external';

export interface Principal {
  readonly kind: PrincipalKind;
  /** Lower-cased: a user's principal name, a group's address, an app's client id, an outside address, `default`, `anonymous`. */
  readonly id: string;
  /** How people know it: a display name, or the id again. */
  readonly name: string;
}

export interface AccessPath {
  /** The shared mailbox's primary address. */
  readonly mailbox: string;
  readonly principal: Principal;
  readonly rights: readonly Right[];
  readonly kind: PathKind;
  /** The way, in words an auditor reads: "Full Access through sales-team@contoso.com -> emea@contoso.com". */
  readonly via: string;
  /** The groups the path runs through, the group holding the grant first. */
  readonly groups: readonly string[];
  /** Whether the spec declares this way in; null where no spec was compared. */
  readonly declared: boolean | null;
  /** Where the spec declares it (a JSON pointer), when it does. */
  readonly pointer?: string;
  /** ISO 8601, where the tenant says when the access was given. */
  readonly since?: string;
  /** Who gave it, where an audit record says. */
  readonly by?: string;
}

/** A credential that signs in as an app reaching the mailboxes. */
export interface CredentialEntry {
  readonly appId: string;
  readonly app: string;
  readonly kind: 'certificate' | 'secret' | 'federated';
  /** A certificate's or secret's key id, a federated credential's name. */
  readonly id: string;
  /** How people know it: its display name and thumbprint, or a federated credential's issuer and subject. */
  readonly label: string;
  readonly since?: string;
  readonly by?: string;
}

export interface AccessModel {
  /** Every path, sorted by mailbox, then principal, then kind. */
  readonly paths: readonly AccessPath[];
  /** The credentials of the apps that reach mail; absent in models of earlier mbx versions. */
  readonly credentials?: readonly CredentialEntry[];
  /** The shared mailboxes the model covers. */
  readonly mailboxes: readonly string[];
  /** Sources that could not be read, so the model may miss paths of their kinds. */
  readonly unread: readonly string[];
}

/** The words for a right, in listings. */
export const RIGHT_WORDS: Readonly<Record<Right, string>> = {
  read: 'read',
  'send-as': 'send as',
  'send-on-behalf': 'send on behalf',
  receive: 'receive its mail',
  settings: 'change its settings',
};

/** A path's rights in words, as every listing writes them: "read, send as". */
export const rightsText = (rights: readonly Right[]): string => rights.map((right) => RIGHT_WORDS[right]).join(', ');
