/**
 * What a diff and the audit log share: a change between two snapshots, the Exchange admin records
 * of a window, and who made a change. Below both diff.ts (which finds changes) and audit.ts (which
 * names who made them), so neither imports the other.
 */

export type Change =
  | { readonly kind: 'mailbox-added' | 'mailbox-removed'; readonly mailbox: string }
  | { readonly kind: 'grant-added' | 'grant-removed'; readonly mailbox: string; readonly right: Right; readonly trustee: string }
  | { readonly kind: 'member-added' | 'member-removed'; readonly group: string; readonly member: string }
  | { readonly kind: 'user-added' | 'user-removed' | 'group-added' | 'group-removed'; readonly subject: string }
  | { readonly kind: 'setting-changed'; readonly subject: string; readonly key: string; readonly before: unknown; readonly after: unknown }
  | { readonly kind: 'mailbox-replaced'; readonly mailbox: string }
  | { readonly kind: 'group-replaced'; readonly subject: string; readonly before: string; readonly after: string }
  | {
      readonly kind: 'access-added' | 'access-removed';
      readonly mailbox: string;
      readonly principal: string;
      /** The access model's path kind: inbox-rule, folder-permission, app-permission, app-rbac, delegated-consent. */
      readonly way: string;
      readonly via: string;
      readonly rights: string;
      /** Who gave it and when, where the directory audit log said when the later snapshot was taken. */
      readonly by?: string;
      readonly at?: string;
    }
  | { readonly kind: 'credential-added' | 'credential-removed'; readonly app: string; readonly credential: string; readonly by?: string; readonly at?: string };

export type Right = 'Full Access' | 'Send As' | 'Send on Behalf';

/** One Exchange admin record, as a snapshot keeps it. */
export interface AuditEntry {
  /** ISO 8601. */
  readonly at: string;
  readonly by: string;
  readonly operation: string;
  /** Parameters as passed, by lower-cased name. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** The records of a window, or why they could not be read. */
export interface AuditWindow {
  readonly since: string;
  readonly until: string;
  readonly entries?: readonly AuditEntry[];
  readonly unreadable?: string;
}

export interface Attribution {
  readonly by: string;
  readonly at: string;
  readonly operation: string;
}
