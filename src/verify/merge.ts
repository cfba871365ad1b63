/**
 * `mbx report merge`: the shard reports of one CI matrix combined into one, as if one run had made
 * them: results merged in report order, counts and request totals summed, the longest duration
 * kept. Reports of different specs or tenants are refused rather than mixed. The results come from
 * the files a line at a time (report-files.ts), so merging holds only what needs attention.
 */
import { UsageError } from '../errors.js';
import type { Report, ReportDocument } from './result.js';
import { HeldResults, type Results } from './results.js';

export function mergeReports(heads: readonly Omit<ReportDocument, 'results'>[], results: Results): Report {
  const [first] = heads;
  if (first === undefined) throw new UsageError('give at least one report to merge');
  for (const report of heads) {
    if (report.spec.sha256 !== first.spec.sha256 || report.tenant.id !== first.tenant.id) {
      throw new UsageError(`${report.spec.file} was verified from another spec or tenant than ${first.spec.file}; merge only the shards of one run`);
    }
  }
  return {
    ...first,
    shard: undefined,
    startedAt: heads.map((report) => report.startedAt).sort()[0] as string,
    durationMs: Math.max(...heads.map((report) => report.durationMs)),
    requests: {
      graph: heads.reduce((sum, report) => sum + report.requests.graph, 0),
      exchange: heads.reduce((sum, report) => sum + report.requests.exchange, 0),
      retries: heads.reduce((sum, report) => sum + report.requests.retries, 0),
      total: heads.reduce((sum, report) => sum + report.requests.total, 0),
    },
    sourceErrors: heads.flatMap((report) => report.sourceErrors),
    shards: heads.flatMap((report) => report.shards ?? (report.shard === undefined ? [] : [report.shard])),
    summary: results.summary,
    results,
  };
}

/** A report document without its results: what merge reads of each report besides them. */
export function headOf(document: ReportDocument): Omit<ReportDocument, 'results'> {
  return Object.fromEntries(Object.entries(document).filter(([name]) => name !== 'results')) as unknown as Omit<ReportDocument, 'results'>;
}

/** Report documents in memory, merged (tests). */
export function mergeDocuments(documents: readonly ReportDocument[]): Report {
  return mergeReports(documents.map(headOf), new HeldResults(documents.flatMap((document) => document.results)));
}
