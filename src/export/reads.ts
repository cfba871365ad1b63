/**
 * The reads export makes one mailbox at a time (Exchange has no bulk form): its Full Access
 * trustees, and its automatic replies as the spec writes them, in one request a mailbox.
 */
import type { ExchangeClient } from '../m365/exchange/client.js';
import { ExchangeError } from '../m365/exchange/client.js';
import { readerText } from '../../checks/check.js';
import { exchangeInstant, fullAccessEntries } from '../verify/collect/mailbox-reads.js';
import { perMailbox } from '../verify/collect/per-mailbox.js';

type Wire = Record<string, unknown>;

/** What export reads of each mailbox, and the error each kind of read met (undefined: read). */
export interface ExportReads {
  readonly fullAccess: Map<string, string[]>;
  readonly replies: Map<string, Wire | undefined>;
  readonly fullAccessError?: Error;
  readonly repliesError?: Error;
}

/**
 * Each mailbox's Full Access trustees (as Exchange shows them, lower-cased) and, with `replies`,
 * its automatic replies as the spec writes them: both in one `$batch` request a mailbox. A mailbox
 * gone meanwhile has none; an error fails its kind of read, not the other.
 */
export async function readExported(exchange: ExchangeClient, addresses: readonly string[], replies: boolean, onDone?: () => void): Promise<ExportReads> {
  const fullAccess = new Map<string, string[]>();
  const found = new Map<string, Wire | undefined>();
  let fullAccessError: Error | undefined;
  let repliesError: Error | undefined;
  const rows = (answer: Wire[] | Error | undefined, fail: (error: Error) => void): Wire[] => {
    if (answer === undefined) return [];
    if (!(answer instanceof Error)) return answer;
    if (!(answer instanceof ExchangeError && answer.notFound)) fail(answer);
    return [];
  };
  await perMailbox(exchange, addresses, async (address) => {
    const [permissions, reply] = await exchange.batch([
      { cmdlet: 'Get-MailboxPermission', parameters: { Identity: address } },
      ...(replies ? [{ cmdlet: 'Get-MailboxAutoReplyConfiguration', parameters: { Identity: address } }] : []),
    ]);
    fullAccess.set(
      address,
      fullAccessEntries(rows(permissions, (error) => (fullAccessError ??= error)))
        .filter((entry) => !entry.deny && !entry.inherited)
        .map((entry) => entry.trustee),
    );
    if (replies) {
      const row = rows(reply, (error) => (repliesError ??= error))[0];
      found.set(address, row === undefined ? undefined : replyOf(row));
    }
    onDone?.();
  });
  return {
    fullAccess,
    replies: found,
    ...(fullAccessError === undefined ? {} : { fullAccessError }),
    ...(repliesError === undefined ? {} : { repliesError }),
  };
}

const REPLY_STATE: Record<string, string> = { Disabled: 'disabled', Enabled: 'alwaysEnabled', Scheduled: 'scheduled' };
const REPLY_AUDIENCE: Record<string, string> = { None: 'none', Known: 'contactsOnly', All: 'all' };

/** A mailbox's automatic replies as the spec writes them, or undefined where they are off. */
function replyOf(row: Wire): Wire | undefined {
  const status = REPLY_STATE[String(row.AutoReplyState ?? 'Disabled')] ?? 'disabled';
  if (status === 'disabled') return undefined;
  const internal = readerText(String(row.InternalMessage ?? ''));
  const external = readerText(String(row.ExternalMessage ?? ''));
  const start = exchangeInstant(row.StartTime);
  const end = exchangeInstant(row.EndTime);
  return {
    status,
    externalAudience: REPLY_AUDIENCE[String(row.ExternalAudience ?? 'All')] ?? 'all',
    ...(internal === '' ? {} : { internalMessage: internal }),
    ...(external === '' ? {} : { externalMessage: external }),
    ...(status === 'scheduled' && start !== null ? { start } : {}),
    ...(status === 'scheduled' && end !== null ? { end } : {}),
  };
}
