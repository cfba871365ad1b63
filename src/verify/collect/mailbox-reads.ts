/**
 * The reads Exchange only answers one mailbox at a time (no tenant-wide form): Full Access,
 * automatic replies, inbox rules and folder permissions of the spec's mailboxes. The six cmdlets
 * of one mailbox go in one `$batch` request (ExchangeClient.batch), so a run still costs about one
 * request per mailbox; mailboxes are read as many at once as the client's cap allows
 * (per-mailbox.ts). A mailbox gone meanwhile has none. Each kind of read fails on its own: a
 * refused Get-InboxRule leaves Full Access read.
 */
import type { ExchangeClient } from '../../m365/exchange/client.js';
import { ExchangeError, type CmdletCall } from '../../m365/exchange/client.js';
import { bool, lower } from '../../m365/exchange/rows.js';
import type { FolderPermissionFacts, InboxRuleFacts } from '../access-facts.js';
import type { AutoReplyFacts, FullAccessEntry } from '../snapshot.js';
import { perMailbox } from './per-mailbox.js';

type Wire = Record<string, unknown>;

const SELF = 'nt authority\\self';

/**
 * The folders whose permissions mbx reads: the top of the information store (what a folder-level
 * grant of the whole mailbox lands on), Inbox (the mail that arrives) and Sent Items (what the
 * mailbox sent). Other folders are not read: Exchange has no bulk form, and each is one more
 * cmdlet per mailbox (MBX.ACCESS.2).
 */
export const READ_FOLDERS = ['\\', '\\Inbox', '\\Sent Items'] as const;

/** Get-MailboxPermission rows as Full Access entries, NT AUTHORITY\SELF left out. */
export function fullAccessEntries(rows: readonly Wire[]): FullAccessEntry[] {
  return rows
    .filter((row) => (Array.isArray(row.AccessRights) ? row.AccessRights : []).map(String).includes('FullAccess') && lower(row.User) !== SELF)
    .map((row): FullAccessEntry => ({ trustee: lower(row.User), deny: bool(row.Deny), inherited: bool(row.IsInherited) }));
}

/** Exchange writes times with seven fractional digits and an offset; JavaScript reads three. */
export function exchangeInstant(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const parsed = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

function autoReplyFacts(row: Wire): AutoReplyFacts {
  return {
    state: String(row.AutoReplyState ?? 'Disabled'),
    externalAudience: String(row.ExternalAudience ?? 'None'),
    internalMessage: String(row.InternalMessage ?? ''),
    externalMessage: String(row.ExternalMessage ?? ''),
    startTime: exchangeInstant(row.StartTime),
    endTime: exchangeInstant(row.EndTime),
  };
}

/** An address out of Exchange's `"Name" [SMTP:address]`, or the text itself, lower-cased. */
function recipientAddress(value: unknown): string {
  const text = String(value);
  return (/\[smtp:([^\]]+)\]/i.exec(text)?.[1] ?? /<([^>]+)>/.exec(text)?.[1] ?? text).trim().toLowerCase();
}

const addresses = (value: unknown): string[] => (Array.isArray(value) ? value.map(recipientAddress) : []);

function inboxRuleFacts(row: Wire): InboxRuleFacts {
  return {
    name: String(row.Name ?? ''),
    identity: String(row.Identity ?? row.RuleIdentity ?? ''),
    enabled: bool(row.Enabled),
    forwardTo: addresses(row.ForwardTo),
    forwardAsAttachmentTo: addresses(row.ForwardAsAttachmentTo),
    redirectTo: addresses(row.RedirectTo),
  };
}

/** What the per-mailbox reads found, by kind: a map by spec address, or the error that kind of read met. */
export interface MailboxReads {
  readonly fullAccess: Map<string, FullAccessEntry[]> | Error;
  readonly autoReplies: Map<string, AutoReplyFacts> | Error;
  readonly inboxRules: Map<string, InboxRuleFacts[]> | Error;
  readonly folderPermissions: Map<string, FolderPermissionFacts[]> | Error;
}

/** The cmdlets one mailbox is read with, in the order `readMailboxes` reads their answers. */
const callsFor = (address: string): CmdletCall[] => [
  { cmdlet: 'Get-MailboxPermission', parameters: { Identity: address } },
  { cmdlet: 'Get-MailboxAutoReplyConfiguration', parameters: { Identity: address } },
  { cmdlet: 'Get-InboxRule', parameters: { Mailbox: address } },
  ...READ_FOLDERS.map((folder): CmdletCall => ({ cmdlet: 'Get-MailboxFolderPermission', parameters: { Identity: `${address}:${folder}` } })),
];

/**
 * Read each mailbox in one batch. `onProgress` hears how many mailboxes have been read. A batch
 * that fails whole (throttled past the retry policy) fails every kind; an item Exchange refuses
 * fails its kind only; "not found" is a mailbox with nothing.
 */
export async function readMailboxes(
  mailboxes: readonly { readonly address: string }[],
  exchange: ExchangeClient,
  onProgress?: (done: number, total: number) => void,
): Promise<MailboxReads> {
  const fullAccess = new Map<string, FullAccessEntry[]>();
  const autoReplies = new Map<string, AutoReplyFacts>();
  const inboxRules = new Map<string, InboxRuleFacts[]>();
  const folderPermissions = new Map<string, FolderPermissionFacts[]>();
  const failed: Partial<Record<keyof MailboxReads, Error>> = {};
  let done = 0;
  const rowsOf = (kind: keyof MailboxReads, answer: Wire[] | Error | undefined): Wire[] | undefined => {
    if (answer === undefined) return undefined;
    if (!(answer instanceof Error)) return answer;
    if (!(answer instanceof ExchangeError && answer.notFound)) failed[kind] ??= answer;
    return undefined;
  };
  try {
    await perMailbox(exchange, mailboxes, async (mailbox) => {
      const address = mailbox.address;
      const [permissions, reply, rules, ...folders] = await exchange.batch(callsFor(address));
      const entries = rowsOf('fullAccess', permissions);
      fullAccess.set(address, entries === undefined ? [] : fullAccessEntries(entries));
      const replyRow = rowsOf('autoReplies', reply)?.[0];
      if (replyRow !== undefined) autoReplies.set(address, autoReplyFacts(replyRow));
      inboxRules.set(address, (rowsOf('inboxRules', rules) ?? []).map(inboxRuleFacts));
      // An entry with no rights (Default and Anonymous as Exchange makes them) is no way in: not kept, at 10,000 mailboxes that is 60,000 objects.
      folderPermissions.set(
        address,
        READ_FOLDERS.flatMap((folder, index) =>
          (rowsOf('folderPermissions', folders[index]) ?? [])
            .map((row) => ({ folder, user: String(row.User ?? ''), accessRights: (Array.isArray(row.AccessRights) ? row.AccessRights : []).map(String) }))
            .filter((entry) => entry.accessRights.some((right) => right !== 'None')),
        ),
      );
      onProgress?.((done += 1), mailboxes.length);
    });
  } catch (error) {
    const whole = error instanceof Error ? error : new Error(String(error));
    return { fullAccess: whole, autoReplies: whole, inboxRules: whole, folderPermissions: whole };
  }
  return {
    fullAccess: failed.fullAccess ?? fullAccess,
    autoReplies: failed.autoReplies ?? autoReplies,
    inboxRules: failed.inboxRules ?? inboxRules,
    folderPermissions: failed.folderPermissions ?? folderPermissions,
  };
}

/** A kind of read as a source answers it: its map, or its error thrown. */
export async function unwrap<T>(reads: Promise<MailboxReads>, kind: keyof MailboxReads): Promise<T> {
  const found = (await reads)[kind];
  if (found instanceof Error) throw found;
  return found as T;
}
