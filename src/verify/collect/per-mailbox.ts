import pMap from 'p-map';
import type { ExchangeClient } from '../../m365/exchange/client.js';

/**
 * One request per mailbox, as many at once as the Exchange client lets through and no more
 * pending: 10,000 mailboxes are not 10,000 waiting promises, each holding its request.
 */
export function perMailbox<T, R>(exchange: ExchangeClient, items: readonly T[], fetch: (item: T) => Promise<R>): Promise<R[]> {
  return pMap(items, fetch, { concurrency: exchange.concurrency });
}
