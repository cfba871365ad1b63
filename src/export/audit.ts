/**
 * Who made a change, and when (issue 19): Exchange keeps every admin cmdlet in the unified audit
 * log (RecordType ExchangeAdmin) with the caller, the time and the parameters as passed; mbx diff
 * reads the records of the window between two snapshots (Search-UnifiedAuditLog, ReturnLargeSet
 * paging) and names, for each grant and membership that came or went, the latest record that made
 * it. A change made another way (a GUID for the mailbox, a portal that logs differently, a record
 * not yet searchable: Exchange takes 30 minutes to 24 hours) stays without a name, and says so.
 */
import { randomUUID } from 'node:crypto';
import type { ExchangeClient } from '../m365/exchange/client.js';
import type { AuditEntry, AuditWindow, Attribution, Change } from './changes.js';
import type { ExportedSpec } from './index.js';

/** The cmdlets whose records say who changed a grant or a membership. */
export const AUDITED_OPERATIONS = [
  'Add-MailboxPermission',
  'Remove-MailboxPermission',
  'Add-RecipientPermission',
  'Remove-RecipientPermission',
  'Set-Mailbox',
  'New-Mailbox',
  'Remove-Mailbox',
  'Add-DistributionGroupMember',
  'Remove-DistributionGroupMember',
  'Update-DistributionGroupMember',
  'New-InboxRule',
  'Set-InboxRule',
  'Remove-InboxRule',
  'Add-MailboxFolderPermission',
  'Set-MailboxFolderPermission',
  'Remove-MailboxFolderPermission',
] as const;

const PAGE = 5000;
/** Search-UnifiedAuditLog returns at most 50,000 records a session. */
const SESSION_LIMIT = 50_000;

function entryOf(row: Record<string, unknown>): AuditEntry | undefined {
  let data: { Parameters?: unknown; UserId?: unknown; Operation?: unknown } = {};
  try {
    data = typeof row.AuditData === 'string' ? (JSON.parse(row.AuditData) as typeof data) : {};
  } catch {
    return undefined;
  }
  const parameters: Record<string, string> = {};
  if (Array.isArray(data.Parameters))
    for (const pair of data.Parameters as { Name?: unknown; Value?: unknown }[])
      if (typeof pair.Name === 'string') parameters[pair.Name.toLowerCase()] = String(pair.Value ?? '');
  const at = Date.parse(String(row.CreationDate ?? ''));
  if (Number.isNaN(at)) return undefined;
  return {
    at: new Date(at).toISOString(),
    by: String(row.UserIds ?? data.UserId ?? ''),
    operation: String(row.Operations ?? data.Operation ?? ''),
    parameters,
  };
}

/**
 * The Exchange admin records from `since` to `until`. Unreadable (the caller lacks the audit
 * log's View-Only Audit Logs role, or auditing is off) is reported, not thrown: a diff is whole
 * without it.
 */
export async function readAdminAudit(exchange: ExchangeClient, since: Date, until: Date): Promise<AuditWindow> {
  const window = { since: since.toISOString(), until: until.toISOString() };
  const entries: AuditEntry[] = [];
  const session = randomUUID();
  try {
    for (;;) {
      const rows = await exchange.invoke('Search-UnifiedAuditLog', {
        StartDate: window.since,
        EndDate: window.until,
        RecordType: 'ExchangeAdmin',
        Operations: [...AUDITED_OPERATIONS],
        ResultSize: PAGE,
        SessionId: session,
        SessionCommand: 'ReturnLargeSet',
      });
      for (const row of rows) {
        const entry = entryOf(row);
        if (entry !== undefined) entries.push(entry);
      }
      const last = rows.at(-1);
      const index = Number(last?.ResultIndex ?? 0);
      const count = Number(last?.ResultCount ?? 0);
      if (rows.length < PAGE || index >= count || index >= SESSION_LIMIT) break;
    }
  } catch (error) {
    return {
      ...window,
      unreadable: `Search-UnifiedAuditLog: ${(error as Error).message} (reading who made each change needs the View-Only Audit Logs role, and auditing on)`,
    };
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return { ...window, entries };
}

const lower = (text: string | undefined): string => (text ?? '').trim().toLowerCase();
const listed = (text: string | undefined): string[] =>
  lower(text)
    .replace(/^@\{|\}$/g, '')
    .split(/[;,=\s]+/)
    .filter((item) => item !== '');

/** The names a mailbox or group may be given by in -Identity: its addresses, display name and alias. */
function namesOf(spec: ExportedSpec): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (address: string, ...others: (string | undefined)[]): void => {
    const key = lower(address);
    const set = names.get(key) ?? new Set([key, key.split('@')[0] as string]);
    for (const other of others) if (other !== undefined && other !== '') set.add(lower(other));
    names.set(key, set);
  };
  for (const mailbox of spec.sharedMailboxes as Record<string, unknown>[]) {
    add(String(mailbox.address), mailbox.displayName as string | undefined, ...(((mailbox.aliases as string[] | undefined) ?? []) as string[]));
  }
  for (const group of spec.groups ?? []) add(group.address, group.displayName);
  return names;
}

interface Wanted {
  readonly operations: readonly string[];
  readonly target: string;
  /** The parameter that names the trustee or member, and whether it must be named there. */
  readonly subject?: { readonly parameters: readonly string[]; readonly value: string; readonly side: 'add' | 'remove' };
  readonly rights?: string;
}

function wantedBy(change: Change): Wanted | undefined {
  switch (change.kind) {
    case 'grant-added':
    case 'grant-removed': {
      const added = change.kind === 'grant-added';
      if (change.right === 'Full Access')
        return {
          operations: [added ? 'Add-MailboxPermission' : 'Remove-MailboxPermission'],
          target: change.mailbox,
          subject: { parameters: ['user'], value: change.trustee, side: 'add' },
          rights: 'fullaccess',
        };
      if (change.right === 'Send As')
        return {
          operations: [added ? 'Add-RecipientPermission' : 'Remove-RecipientPermission'],
          target: change.mailbox,
          subject: { parameters: ['trustee'], value: change.trustee, side: 'add' },
          rights: 'sendas',
        };
      return {
        operations: ['Set-Mailbox'],
        target: change.mailbox,
        subject: { parameters: ['grantsendonbehalfto'], value: change.trustee, side: added ? 'add' : 'remove' },
      };
    }
    case 'member-added':
    case 'member-removed':
      return {
        operations: [change.kind === 'member-added' ? 'Add-DistributionGroupMember' : 'Remove-DistributionGroupMember', 'Update-DistributionGroupMember'],
        target: change.group,
        subject: { parameters: ['member', 'members'], value: change.member, side: change.kind === 'member-added' ? 'add' : 'remove' },
      };
    case 'mailbox-added':
      return { operations: ['New-Mailbox'], target: change.mailbox };
    case 'mailbox-removed':
      return { operations: ['Remove-Mailbox'], target: change.mailbox };
    case 'mailbox-replaced':
      return { operations: ['New-Mailbox'], target: change.mailbox };
    case 'group-replaced':
      return { operations: ['New-DistributionGroup'], target: change.subject };
    case 'access-added':
    case 'access-removed': {
      const added = change.kind === 'access-added';
      if (change.way === 'inbox-rule')
        return { operations: added ? ['New-InboxRule', 'Set-InboxRule'] : ['Remove-InboxRule', 'Set-InboxRule'], target: change.mailbox };
      if (change.way === 'folder-permission')
        return {
          operations: added
            ? ['Add-MailboxFolderPermission', 'Set-MailboxFolderPermission']
            : ['Remove-MailboxFolderPermission', 'Set-MailboxFolderPermission'],
          target: change.mailbox,
        };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether a parameter's value adds (`add`) or takes away (`remove`) `value`: a hash table
 * (@{Add=...; Remove=...}) says which; a plain list replaces the whole set, so it adds what it
 * names and removes what it leaves out.
 */
function mentions(text: string | undefined, value: string, side: 'add' | 'remove'): boolean {
  if (text === undefined) return false;
  const wanted = lower(value);
  const named = (part: string): boolean => listed(part).some((item) => item === wanted || item === wanted.split('@')[0]);
  const table = /^@\{(.*)\}$/s.exec(text.trim());
  if (table === null) return side === 'add' ? named(text) : !named(text);
  const part = (table[1] ?? '').split(';').find((item) => item.trim().toLowerCase().startsWith(`${side}=`));
  return part !== undefined && named(part.slice(part.indexOf('=') + 1));
}

/**
 * For each change, the latest audit record that made it, or undefined. `before` and `after` give
 * the names each mailbox and group may be called by in -Identity.
 */
export function attribute(changes: readonly Change[], entries: readonly AuditEntry[], before: ExportedSpec, after: ExportedSpec): (Attribution | undefined)[] {
  const known = namesOf(before);
  for (const [key, set] of namesOf(after)) known.set(key, new Set([...(known.get(key) ?? []), ...set]));
  return changes.map((change) => {
    // An app's permission or credential says who gave it: Entra's directory audit log, read with the later snapshot.
    if ('by' in change && change.by !== undefined && change.at !== undefined) return { by: change.by, at: change.at, operation: 'Entra directory audit' };
    const wanted = wantedBy(change);
    if (wanted === undefined) return undefined;
    const targetNames = known.get(lower(wanted.target)) ?? new Set([lower(wanted.target)]);
    const match = entries.findLast((entry) => {
      if (!wanted.operations.some((operation) => operation.toLowerCase() === entry.operation.toLowerCase())) return false;
      // An inbox rule names its mailbox by -Mailbox or `mailbox\rule`; a folder by `mailbox:\folder`.
      const identity =
        lower(entry.parameters.mailbox ?? entry.parameters.identity ?? entry.parameters.primarysmtpaddress ?? entry.parameters.name).split(/[\\:]/)[0] ?? '';
      const aliasMatch =
        change.kind === 'mailbox-added' && [entry.parameters.alias, entry.parameters.primarysmtpaddress].some((item) => targetNames.has(lower(item)));
      if (!targetNames.has(identity) && !aliasMatch) return false;
      if (wanted.rights !== undefined && entry.parameters.accessrights !== undefined && !listed(entry.parameters.accessrights).includes(wanted.rights))
        return false;
      if (wanted.subject === undefined) return true;
      const subject = wanted.subject;
      // Add-/Remove-*Permission and *-DistributionGroupMember name the one they change.
      const side = /^(add|remove)-/i.test(entry.operation) ? 'add' : subject.side;
      return subject.parameters.some((parameter) => mentions(entry.parameters[parameter], subject.value, side));
    });
    return match === undefined ? undefined : { by: match.by, at: match.at, operation: match.operation };
  });
}
