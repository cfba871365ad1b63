/**
 * The report: one JSON document (schemas/report.schema.json) that every format renders. A result
 * carries what docs/architecture.md ("Verification") lists; the report adds run metadata and a summary.
 */
import type { AccessRow } from '../access/query.js';
import type { CheckCategory, CheckEntry, CheckSeverity } from '../../checks/catalogue.js';
import { isMbxError } from '../errors.js';
import { redactText } from '../redact.js';
import type { SharedMailbox } from '../spec/types.js';
import type { Check, Finding } from './model.js';
import type { SourceId } from './snapshot.js';

export type ResultStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error' | 'pending' | 'waived';

/** Worst first, as every view lists results: what failed, what could not be checked or is not yet known, warnings, waived, then passes, and skips last. */
export const STATUSES: readonly ResultStatus[] = ['fail', 'error', 'pending', 'warn', 'waived', 'pass', 'skip'];

export const SEVERITIES: readonly CheckSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface SpecLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
}

/** A check's finding as the report carries it: the finding's own fields, and what the runner adds. */
export interface CheckResult extends Omit<Finding, 'status' | 'pointer'> {
  readonly checkId: string;
  readonly title: string;
  /** The benchmark controls the check supports (checks/catalogue.ts), when it supports any. */
  readonly controls?: readonly string[];
  readonly category: CheckCategory;
  readonly severity: CheckSeverity;
  readonly status: ResultStatus;
  readonly mailbox?: string;
  readonly sources: readonly SourceId[];
  /** The fix-it text of the skip reason. */
  readonly skipText?: string;
  readonly waiver?: { readonly rationale: string; readonly expires: string; readonly covers?: string };
  readonly durationMs: number;
  readonly location: SpecLocation;
}

/**
 * What stopped a run before it could check everything (issue 29): the tenant throttled or out of
 * reach, a credential refused, a shard missing from a merge. A report with one is never a pass.
 */
export interface RunError {
  /** A code of the error catalogue (docs/errors.md). */
  readonly code: string;
  /** What happened and what to do. */
  readonly message: string;
}

/** The run-level error an exception stands for: a named one as it is, anything else a bug (INTERNAL). */
export function runErrorOf(error: unknown): RunError {
  if (isMbxError(error)) return { code: error.code, message: error.message };
  const text = redactText(error instanceof Error ? error.message : String(error));
  return { code: 'INTERNAL', message: `mbx stopped on an internal error, a bug (${text}); please report it with the stack trace it printed` };
}

/** The report as a JSON document (what `--format json` writes and `mbx report merge` reads). */
export interface ReportDocument {
  readonly reportVersion: 1;
  readonly tool: { readonly name: 'mbx'; readonly version: string };
  readonly tenant: { readonly id: string; readonly primaryDomain: string };
  readonly spec: { readonly file: string; readonly sha256: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly requests: { readonly graph: number; readonly exchange: number; readonly retries: number; readonly total: number };
  /** Sources that failed, with what they need. */
  readonly sourceErrors: readonly { readonly source: SourceId; readonly error: string; readonly status?: number; readonly permission: string }[];
  /** Why the run could not check everything it was asked to; absent when nothing stopped it. */
  readonly runErrors?: readonly RunError[];
  /** The shard this report covers, when the run was split (`--shard i/n`). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Set by `mbx report merge`: the shards combined into this report. */
  readonly shards?: readonly { readonly index: number; readonly count: number }[];
  /**
   * Every way into the run's mailboxes (the access model, src/access), declared or not: what an
   * auditor prints and signs. Absent where the tenant was not read.
   */
  readonly access?: AccessSection;
  readonly summary: Readonly<Record<ResultStatus, number>>;
  readonly results: readonly CheckResult[];
}

export interface AccessSection {
  readonly paths: number;
  readonly undeclared: number;
  /** One row per way in, by mailbox (src/access/query.ts). */
  readonly rows: readonly AccessRow[];
}

export function summarize(results: readonly CheckResult[]): Record<ResultStatus, number> {
  const summary = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<ResultStatus, number>;
  for (const result of results) summary[result.status] += 1;
  return summary;
}

/** A check as the runner holds it (runner.ts makes them; a lazily held report, results.ts, runs them again on demand). */
export interface Unit {
  readonly check: Check;
  readonly entry: CheckEntry;
  /** The results, each finished (catalogue fields, waivers, locations); none when the selection leaves it out. `durationMs` replays a timed run. */
  run(mailbox: SharedMailbox | undefined, durationMs?: number): CheckResult[];
}
