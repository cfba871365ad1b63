/**
 * The reads Exchange only answers one mailbox at a time (no tenant-wide form): Full Access,
 * automatic replies, inbox rules and folder permissions of the spec's mailboxes, each as many at
 * once as the Exchange client's cap allows (per-mailbox.ts). A mailbox gone meanwhile has none.
 */
import type { ExchangeClient } from '../../m365/exchange/client.js';
import { ExchangeError } from '../../m365/exchange/client.js';
import { bool, lower } from '../../m365/exchange/rows.js';
import type { SharedMailbox } from '../../spec/types.js';
import type { FolderPermissionFacts, InboxRuleFacts } from '../access-facts.js';
import type { AutoReplyFacts, FullAccessEntry } from '../snapshot.js';
import { perMailbox } from './per-mailbox.js';

type Wire = Record<string, unknown>;

const SELF = 'nt authority\\self';

/** Run one read per mailbox; a mailbox Exchange cannot find answers `missing`. */
async function eachMailbox<R>(
  exchange: ExchangeClient,
  mailboxes: readonly SharedMailbox[],
  read: (address: string) => Promise<R>,
  missing: R,
  onDone?: () => void,
): Promise<Map<string, R>> {
  const entries = await perMailbox(exchange, mailboxes, async (mailbox): Promise<[string, R]> => {
    try {
      return [mailbox.address, await read(mailbox.address)];
    } catch (error) {
      if (error instanceof ExchangeError && error.notFound) return [mailbox.address, missing];
      throw error;
    } finally {
      onDone?.();
    }
  });
  return new Map(entries);
}

/** Get-MailboxPermission rows as Full Access entries, NT AUTHORITY\SELF left out. */
export function fullAccessEntries(rows: readonly Wire[]): FullAccessEntry[] {
  return rows
    .filter((row) => (Array.isArray(row.AccessRights) ? row.AccessRights : []).map(String).includes('FullAccess') && lower(row.User) !== SELF)
    .map((row): FullAccessEntry => ({ trustee: lower(row.User), deny: bool(row.Deny), inherited: bool(row.IsInherited) }));
}

/** Get-MailboxPermission for each spec mailbox. */
export function collectFullAccess(
  mailboxes: readonly SharedMailbox[],
  exchange: ExchangeClient,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<string, FullAccessEntry[]>> {
  let done = 0;
  const read = async (address: string): Promise<FullAccessEntry[]> => fullAccessEntries(await exchange.invoke('Get-MailboxPermission', { Identity: address }));
  return eachMailbox(exchange, mailboxes, read, [], () => onProgress?.((done += 1), mailboxes.length));
}

/** Exchange writes times with seven fractional digits and an offset; JavaScript reads three. */
export function exchangeInstant(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const parsed = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/**
 * Get-MailboxAutoReplyConfiguration for each spec mailbox: those that declare automatic replies
 * are compared, and those whose spec is silent are judged (a mailbox answering outside senders on
 * its own, MBX.AUTOREPLY.1).
 */
export async function collectAutoReplies(mailboxes: readonly SharedMailbox[], exchange: ExchangeClient): Promise<Map<string, AutoReplyFacts>> {
  const read = async (address: string): Promise<AutoReplyFacts | undefined> => {
    const row = (await exchange.invoke('Get-MailboxAutoReplyConfiguration', { Identity: address }))[0] ?? {};
    return {
      state: String(row.AutoReplyState ?? 'Disabled'),
      externalAudience: String(row.ExternalAudience ?? 'None'),
      internalMessage: String(row.InternalMessage ?? ''),
      externalMessage: String(row.ExternalMessage ?? ''),
      startTime: exchangeInstant(row.StartTime),
      endTime: exchangeInstant(row.EndTime),
    };
  };
  const found = await eachMailbox(exchange, mailboxes, read, undefined);
  return new Map([...found].filter((entry): entry is [string, AutoReplyFacts] => entry[1] !== undefined));
}

/** An address out of Exchange's `"Name" [SMTP:address]`, or the text itself, lower-cased. */
function recipientAddress(value: unknown): string {
  const text = String(value);
  return (/\[smtp:([^\]]+)\]/i.exec(text)?.[1] ?? /<([^>]+)>/.exec(text)?.[1] ?? text).trim().toLowerCase();
}

const addresses = (value: unknown): string[] => (Array.isArray(value) ? value.map(recipientAddress) : []);

/** Get-InboxRule for each spec mailbox, keeping what sends mail out. */
export function collectInboxRules(mailboxes: readonly SharedMailbox[], exchange: ExchangeClient): Promise<Map<string, InboxRuleFacts[]>> {
  const read = async (address: string): Promise<InboxRuleFacts[]> =>
    (await exchange.invoke('Get-InboxRule', { Mailbox: address })).map((row: Wire) => ({
      name: String(row.Name ?? ''),
      identity: String(row.Identity ?? row.RuleIdentity ?? ''),
      enabled: bool(row.Enabled),
      forwardTo: addresses(row.ForwardTo),
      forwardAsAttachmentTo: addresses(row.ForwardAsAttachmentTo),
      redirectTo: addresses(row.RedirectTo),
    }));
  return eachMailbox(exchange, mailboxes, read, []);
}

/**
 * The folders whose permissions mbx reads: the top of the information store (what a folder-level
 * grant of the whole mailbox lands on), Inbox (the mail that arrives) and Sent Items (what the
 * mailbox sent). Other folders are not read: Exchange has no bulk form, and each more folder is one
 * more request per mailbox (docs/checks.md, MBX.ACCESS.2).
 */
export const READ_FOLDERS = ['\\', '\\Inbox', '\\Sent Items'] as const;

/** Get-MailboxFolderPermission on each read folder of each spec mailbox. */
export function collectFolderPermissions(mailboxes: readonly SharedMailbox[], exchange: ExchangeClient): Promise<Map<string, FolderPermissionFacts[]>> {
  const read = async (address: string): Promise<FolderPermissionFacts[]> => {
    const entries: FolderPermissionFacts[] = [];
    // One folder after another: the pool's slot is one request at a time, as the client's cap counts.
    for (const folder of READ_FOLDERS)
      for (const row of await exchange.invoke('Get-MailboxFolderPermission', { Identity: `${address}:${folder}` }))
        entries.push({ folder, user: String(row.User ?? ''), accessRights: (Array.isArray(row.AccessRights) ? row.AccessRights : []).map(String) });
    return entries;
  };
  return eachMailbox(exchange, mailboxes, read, []);
}
