/**
 * Mailbox sizes: the Graph mailbox usage report (one CSV for the whole tenant: reports/
 * getMailboxUsageDetail, Reports.Read.All) gives most; Get-MailboxStatistics fills in, one request
 * each, only the spec's mailboxes the report lacks: mailboxes newer than its last refresh, and all
 * of them when the tenant conceals user names in reports (Microsoft 365 admin center, Reports,
 * "Display concealed user, group, and site names").
 */
import { parse } from 'csv-parse/sync';
import type { ExchangeClient } from '../../m365/exchange/client.js';
import { ExchangeError } from '../../m365/exchange/client.js';
import type { GraphClient } from '../../m365/graph/client.js';
import type { CollectScope } from './scope.js';
import type { SizeFacts } from '../snapshot.js';
import { perMailbox } from './per-mailbox.js';
import { exchangeBytes } from '../../m365/exchange/rows.js';

/** The usage report's rows by lower-cased user principal name. */
export async function collectUsageReport(graph: GraphClient): Promise<Map<string, SizeFacts>> {
  const csv = await graph.text("/reports/getMailboxUsageDetail(period='D7')");
  const rows: Record<string, string>[] = parse(csv, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  return new Map(
    rows.map((row) => [
      (row['User Principal Name'] ?? '').toLowerCase(),
      {
        bytes: Number(row['Storage Used (Byte)'] ?? 0),
        itemCount: row['Item Count'] === undefined || row['Item Count'] === '' ? null : Number(row['Item Count']),
        source: 'usage report',
        asOf: row['Report Refresh Date'] ?? '',
      },
    ]),
  );
}

/**
 * Sizes of the spec's mailboxes: from the report by the name it lists them under (the mailbox's
 * user principal name, else its address), else from Get-MailboxStatistics.
 */
export async function collectSizes(
  spec: CollectScope,
  report: ReadonlyMap<string, SizeFacts>,
  reportName: (address: string) => string | undefined,
  exchange: ExchangeClient,
): Promise<Map<string, SizeFacts>> {
  const sizes = new Map<string, SizeFacts>();
  const missing: string[] = [];
  for (const { address } of spec.sharedMailboxes) {
    const row = report.get(reportName(address) ?? address) ?? report.get(address);
    if (row === undefined) missing.push(address);
    else sizes.set(address, row);
  }
  await perMailbox(exchange, missing, async (address) => {
    try {
      const row = (await exchange.invoke('Get-MailboxStatistics', { Identity: address }))[0];
      const bytes = exchangeBytes(row?.TotalItemSize);
      if (bytes !== null) sizes.set(address, { bytes, itemCount: typeof row?.ItemCount === 'number' ? row.ItemCount : null, source: 'Get-MailboxStatistics' });
    } catch (error) {
      if (!(error instanceof ExchangeError && error.notFound)) throw error;
    }
  });
  return sizes;
}
