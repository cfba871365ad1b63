/**
 * `mbx report merge`: the shard reports of one CI matrix combined into one, as if one run had made
 * them: results concatenated, counts and request totals summed, the longest duration kept. Reports
 * of different specs or tenants are refused rather than mixed.
 */
import { UsageError } from '../errors.js';
import type { Report, ReportDocument } from './result.js';
import { HeldResults } from './results.js';

export function mergeReports(reports: readonly ReportDocument[]): Report {
  const [first] = reports;
  if (first === undefined) throw new UsageError('give at least one report to merge');
  for (const report of reports) {
    if (report.spec.sha256 !== first.spec.sha256 || report.tenant.id !== first.tenant.id) {
      throw new UsageError(`${report.spec.file} was verified from another spec or tenant than ${first.spec.file}; merge only the shards of one run`);
    }
  }
  const results = new HeldResults(reports.flatMap((report) => report.results));
  return {
    ...first,
    shard: undefined,
    startedAt: reports.map((report) => report.startedAt).sort()[0] as string,
    durationMs: Math.max(...reports.map((report) => report.durationMs)),
    requests: {
      graph: reports.reduce((sum, report) => sum + report.requests.graph, 0),
      exchange: reports.reduce((sum, report) => sum + report.requests.exchange, 0),
      retries: reports.reduce((sum, report) => sum + report.requests.retries, 0),
      total: reports.reduce((sum, report) => sum + report.requests.total, 0),
    },
    sourceErrors: reports.flatMap((report) => report.sourceErrors),
    shards: reports.flatMap((report) => report.shards ?? (report.shard === undefined ? [] : [report.shard])),
    summary: results.summary,
    results,
  };
}
