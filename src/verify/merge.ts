/**
 * `mbx report merge`: the shard reports of one CI matrix combined into one, as if one run had made
 * them: results merged in report order, counts and request totals summed, the longest duration
 * kept. Reports of different specs or tenants are refused rather than mixed. The results come from
 * the files a line at a time (report-files.ts), so merging holds only what needs attention.
 */
import { UsageError } from '../errors.js';
import { sectionOf } from './access-section.js';
import type { ReportDocument, RunError } from './result.js';
import type { Report } from './results.js';
import { HeldResults, type Results } from './results.js';
import type { Shard } from './runner.js';

type Head = Omit<ReportDocument, 'results'>;

const shardsOf = (head: Head): readonly Shard[] => head.shards ?? (head.shard === undefined ? [] : [head.shard]);

/**
 * Whether the reports cover one whole run (issue 29): each shard of one count there, once. A
 * missing shard's mailboxes were never checked, so a merge without it must not read as a pass.
 */
export function coverageErrors(heads: readonly Head[], paths: readonly string[]): RunError[] {
  const named = heads.map((head, at) => ({ head, path: paths[at] ?? `report ${at + 1}`, shards: shardsOf(head) }));
  const whole = named.filter((entry) => entry.shards.length === 0);
  if (named.length === 1 && whole.length === 1) return [];
  const incomplete = (message: string): RunError => ({ code: 'SHARDS_INCOMPLETE', message });
  if (whole.length > 0)
    return [
      incomplete(
        `${whole.map((entry) => entry.path).join(', ')} ${whole.length === 1 ? 'is the report of a whole run' : 'are reports of whole runs'}, not of a shard (verify --shard i/n): merged with others, mailboxes are counted twice; merge the shards of one run only`,
      ),
    ];
  const counts = [...new Set(named.flatMap((entry) => entry.shards.map((shard) => shard.count)))];
  if (counts.length > 1)
    return [
      incomplete(
        `the reports are shards of runs split ${counts.map((count) => `${count} ways`).join(' and ')} (${named.map((entry) => `${entry.path}: ${entry.shards.map((shard) => `${shard.index}/${shard.count}`).join(', ')}`).join('; ')}); merge the shards of one run only`,
      ),
    ];
  const count = counts[0] as number;
  const holders = new Map<number, string[]>();
  for (const entry of named) for (const shard of entry.shards) holders.set(shard.index, [...(holders.get(shard.index) ?? []), entry.path]);
  const errors: RunError[] = [];
  const missing = Array.from({ length: count }, (_, at) => at + 1).filter((index) => !holders.has(index));
  if (missing.length > 0)
    errors.push(
      incomplete(
        `${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((index) => `${index}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${missing.length === 1 ? 'its' : 'their'} mailboxes were not checked. Merge the reports of all ${count} shards; in CI, run the merge job even when a shard job failed or was cancelled, and run that shard again (docs/ci.md)`,
      ),
    );
  for (const [index, files] of [...holders].sort(([a], [b]) => a - b))
    if (files.length > 1)
      errors.push(
        incomplete(
          `shard ${index}/${count} is given ${files.length} times (${files.join(', ')}): its results are counted ${files.length} times; merge one report of each shard`,
        ),
      );
  return errors;
}

export function mergeReports(heads: readonly Head[], results: Results, paths: readonly string[] = []): Report {
  const [first] = heads;
  if (first === undefined) throw new UsageError('give at least one report to merge');
  heads.forEach((report, at) => {
    if (report.spec.sha256 !== first.spec.sha256 || report.tenant.id !== first.tenant.id) {
      const [path, firstPath] = [paths[at] ?? `report ${at + 1}`, paths[0] ?? 'report 1'];
      throw new UsageError(
        `${path} was verified from another spec or tenant (${report.spec.file}, ${report.tenant.primaryDomain}) than ${firstPath} (${first.spec.file}, ${first.tenant.primaryDomain}); merge only the shards of one run`,
        { path },
      );
    }
  });
  const runErrors = [
    ...heads.flatMap((report) => (report.runErrors ?? []).map((error) => ({ ...error, message: `${shardName(report)}${error.message}` }))),
    ...coverageErrors(heads, paths),
  ];
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
    // Each shard's section holds its own mailboxes: joined, they are the run's.
    ...(heads.some((report) => report.access !== undefined) ? { access: sectionOf(heads.flatMap((report) => report.access?.rows ?? [])) } : {}),
    runErrors: runErrors.length === 0 ? undefined : runErrors,
    shards: heads.flatMap(shardsOf),
    summary: results.summary,
    results,
  };
}

const shardName = (report: Head): string => (report.shard === undefined ? '' : `shard ${report.shard.index}/${report.shard.count}: `);

/** A report document without its results: what merge reads of each report besides them. */
export function headOf(document: ReportDocument): Omit<ReportDocument, 'results'> {
  return Object.fromEntries(Object.entries(document).filter(([name]) => name !== 'results')) as unknown as Omit<ReportDocument, 'results'>;
}

/** Report documents in memory, merged (tests). */
export function mergeDocuments(documents: readonly ReportDocument[]): Report {
  return mergeReports(documents.map(headOf), new HeldResults(documents.flatMap((document) => document.results)));
}
