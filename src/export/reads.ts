/**
 * The reads export makes one mailbox at a time (Exchange has no bulk form): its Full Access
 * trustees, and its automatic replies as the spec writes them.
 */
import type { ExchangeClient } from '../m365/exchange/client.js';
import { ExchangeError } from '../m365/exchange/client.js';
import { readerText } from '../../checks/check.js';
import { exchangeInstant, fullAccessEntries } from '../verify/collect/mailbox-reads.js';

type Wire = Record<string, unknown>;

/** The Full Access trustees Get-MailboxPermission lists for a mailbox, as Exchange shows them (lower-cased); none for a mailbox gone meanwhile. */
export async function fullAccessOf(exchange: ExchangeClient, address: string): Promise<string[]> {
  try {
    return fullAccessEntries(await exchange.invoke('Get-MailboxPermission', { Identity: address }))
      .filter((entry) => !entry.deny && !entry.inherited)
      .map((entry) => entry.trustee);
  } catch (error) {
    if (error instanceof ExchangeError && error.notFound) return [];
    throw error;
  }
}

const REPLY_STATE: Record<string, string> = { Disabled: 'disabled', Enabled: 'alwaysEnabled', Scheduled: 'scheduled' };
const REPLY_AUDIENCE: Record<string, string> = { None: 'none', Known: 'contactsOnly', All: 'all' };

/** A mailbox's automatic replies as the spec writes them, or undefined where they are off. */
export async function autoReplyOf(exchange: ExchangeClient, address: string): Promise<Wire | undefined> {
  let row: Wire;
  try {
    row = (await exchange.invoke('Get-MailboxAutoReplyConfiguration', { Identity: address }))[0] ?? {};
  } catch (error) {
    if (error instanceof ExchangeError && error.notFound) return undefined;
    throw error;
  }
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
