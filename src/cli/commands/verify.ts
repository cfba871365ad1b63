/**
 * `mbx verify <spec>` and `mbx report merge`: options parsed into the verify call, the report
 * rendered in each asked-for format (to --out-dir, or the one format to standard output), and the
 * exit code decided by main.ts from what this returns.
 */
import { createWriteStream, realpathSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import type { CheckSeverity } from '../../../checks/catalogue.js';
import { FileError, isMbxError, UsageError, USAGE_CODES } from '../../errors.js';
import type { Diagnostic } from '../../spec/diagnostics.js';
import { verify } from '../../verify/index.js';
import { mergeReports } from '../../verify/merge.js';
import { readReports } from '../../verify/report-files.js';
import { FILE_NAMES, FORMATS, chunks, render, type Format } from '../../verify/render/index.js';
import { SEVERITIES, type ResultStatus } from '../../verify/result.js';
import type { Report } from '../../verify/results.js';
import type { Shard } from '../../verify/runner.js';
import type { Progress } from '../progress.js';
import { EXIT } from '../exit-codes.js';

export interface VerifyCommandOptions {
  readonly format: string;
  readonly outDir?: string;
  readonly failOn: string;
  readonly only?: string[];
  readonly skip?: string[];
  readonly shard?: string;
  readonly allowErrors?: boolean;
  readonly probes?: boolean;
  readonly settle?: string;
  /** `mbx probe`: these shared mailboxes only. */
  readonly mailbox?: string[];
  /** The run's time budget for retries (--budget). */
  readonly budget?: string;
  /** --device-code: a person at a terminal signs in (main.ts refuses it without one). */
  readonly deviceCode?: boolean;
}

export type VerifyCommandResult =
  | { readonly kind: 'invalid-spec'; readonly errors: readonly Diagnostic[] }
  | {
      readonly kind: 'report';
      readonly report: Report;
      readonly output: string;
      readonly written: readonly string[];
      readonly exitCode: number;
      readonly notice?: string;
    };

function checkOutput(formats: readonly Format[], outDir: string | undefined): void {
  if (outDir === undefined && formats.length > 1) throw new UsageError('several formats need --out-dir to write them to; standard output takes one');
}

export function parseFormats(text: string): Format[] {
  const formats = text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
  const unknown = formats.find((format) => !(FORMATS as readonly string[]).includes(format));
  if (unknown !== undefined || formats.length === 0)
    throw new UsageError(`--format takes a comma list of ${FORMATS.join(', ')}; '${unknown ?? text}' is not one`);
  return [...new Set(formats)] as Format[];
}

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. 2/4; '${text}' is not`);
  return { index, count };
}

/** A duration as --settle and --budget take it: 90s, 30m, 2h, 1h30m, 500ms. */
export function parseDuration(text: string | undefined, flag = '--settle'): number | undefined {
  if (text === undefined) return undefined;
  const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [
    ...text
      .trim()
      .toLowerCase()
      .matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g),
  ];
  const total = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (units[unit as string] ?? 0), 0);
  if (parts.length === 0 || parts.map(([part]) => part).join('') !== text.trim().toLowerCase() || total > 24 * 3_600_000)
    throw new UsageError(`${flag} takes a duration up to 24h such as 90s, 30m or 2h; '${text}' is not one`);
  return total;
}

function parseSeverity(text: string): CheckSeverity {
  const severity = text.toLowerCase() as CheckSeverity;
  if (!SEVERITIES.includes(severity)) throw new UsageError(`--fail-on takes ${SEVERITIES.join(', ')}; '${text}' is not one`);
  return severity;
}

/** Statuses that mean something was looked at: a run of nothing else checked nothing. */
const CHECKED = new Set(['pass', 'fail', 'warn', 'waived', 'pending', 'error']);

/** Whether the run checked anything at all: not a report of skips alone (or of nothing). */
export const checkedSomething = (report: Report): boolean => [...CHECKED].some((status) => report.summary[status as ResultStatus] > 0);

/**
 * The exit code a gate reads (docs/ci.md lists every rule; test/cli/exit-codes.test.ts pins them):
 * 1 when a result failed at or above --fail-on; else 3 when nothing was checked (every result a
 * skip: never 0, whatever --allow-errors says); else 3 when checks could not run or are pending,
 * unless --allow-errors; else 0. Findings outrank unchecked results: they are what someone can fix now.
 */
export function exitCodeOf(report: Report, failOn: CheckSeverity, allowErrors: boolean): number {
  const threshold = SEVERITIES.indexOf(failOn);
  if (report.results.notable.some((result) => result.status === 'fail' && SEVERITIES.indexOf(result.severity) <= threshold)) return EXIT.FINDINGS;
  if (!checkedSomething(report)) return EXIT.ERRORS;
  // Pending is "not yet known": a grant the protocols do not honour yet (--settle waits for it).
  if (!allowErrors && report.summary.error + report.summary.pending > 0) return EXIT.ERRORS;
  // A run that stopped, or a merge missing a shard, proved less than it was asked to: never 0, whatever --allow-errors says.
  if ((report.runErrors?.length ?? 0) > 0) return EXIT.ERRORS;
  return EXIT.OK;
}

/** What the exit code alone would not say: a run that stopped, or that checked nothing. */
function noticeOf(report: Report): string | undefined {
  const stopped = report.runErrors ?? [];
  if (stopped.length > 0) return stopped.map((error) => `${error.message} [${error.code}]`).join('\nmbx: ');
  if (checkedSomething(report)) return undefined;
  return report.results.length === 0
    ? 'nothing was checked: the selection (--only, --skip, --shard, --mailbox) left no check to run; exit code 3'
    : `nothing was checked: all ${report.results.length} results are skips (see each one's reason); exit code 3`;
}

async function output(
  report: Report,
  formats: readonly Format[],
  outDir: string | undefined,
  colour: boolean,
  command = 'mbx verify',
): Promise<{ output: string; written: string[] }> {
  if (outDir === undefined) {
    return { output: render(report, formats[0] as Format, { colour, command }), written: [] };
  }
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const path = join(outDir, FILE_NAMES[format]);
    await pipeline(Readable.from(chunks(report, format, { colour: false, command })), createWriteStream(path));
    written.push(path);
  }
  return { output: `${render(report, 'text', { colour, command })}Wrote ${written.join(', ')}\n`, written };
}

export interface VerifyContext {
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  readonly colour: boolean;
  readonly deviceCode?: (message: string) => void;
  /** Whether a person watches (stdin and stderr are terminals): only then may a probe ask for a device-code sign-in. */
  readonly interactive?: boolean;
  readonly progress?: Progress;
  /** `mbx probe`: only the live probes. */
  readonly probesOnly?: boolean;
}

export async function verifyCommand(file: string, options: VerifyCommandOptions, context: VerifyContext): Promise<VerifyCommandResult> {
  const formats = parseFormats(options.format);
  checkOutput(formats, options.outDir);
  const failOn = parseSeverity(options.failOn);
  const shard = parseShard(options.shard);
  const outcome = await verify({
    file,
    env: context.env,
    version: context.version,
    only: options.only,
    skip: options.skip,
    shard,
    ...(options.probes === false ? { probes: false } : {}),
    ...(context.probesOnly === true ? { probesOnly: true } : {}),
    ...(options.mailbox === undefined ? {} : { mailboxes: options.mailbox }),
    ...(options.settle === undefined ? {} : { settleMs: parseDuration(options.settle) }),
    ...(options.budget === undefined ? {} : { budgetMs: parseDuration(options.budget, '--budget') }),
    ...(context.deviceCode === undefined ? {} : { credential: { deviceCode: context.deviceCode } }),
    ...(context.interactive === true && context.deviceCode !== undefined ? { probeDeviceCode: context.deviceCode } : {}),
    ...(context.progress === undefined
      ? {}
      : {
          onProgress: (done: number, total: number) => context.progress?.update(done, total),
          onSettle: (pending: readonly string[], waitMs: number, leftMs: number) => context.progress?.settling(pending, waitMs, leftMs),
        }),
  }).finally(() => context.progress?.end());
  if (!outcome.ok) return { kind: 'invalid-spec', errors: outcome.errors };
  const { output: text, written } = await output(
    outcome.report,
    formats,
    options.outDir,
    context.colour,
    context.probesOnly === true ? 'mbx probe' : 'mbx verify',
  );
  // A bug is the CLI's to print with its stack, now that the reports say what they can.
  if (outcome.failure !== undefined && !isMbxError(outcome.failure)) throw outcome.failure;
  const notice = noticeOf(outcome.report);
  const failed = outcome.failure !== undefined && isMbxError(outcome.failure) ? outcome.failure : undefined;
  const exitCode = exitCodeOf(outcome.report, failOn, options.allowErrors === true);
  return {
    kind: 'report',
    report: outcome.report,
    output: text,
    written,
    // A configuration mistake is the user's to fix (2), unless a failure outranks it.
    exitCode: failed !== undefined && USAGE_CODES.has(failed.code) && exitCode !== EXIT.FINDINGS ? EXIT.USAGE : exitCode,
    ...(notice === undefined ? {} : { notice }),
  };
}

export async function mergeCommand(
  files: readonly string[],
  options: { format: string; outDir?: string; failOn: string; allowErrors?: boolean },
  colour: boolean,
): Promise<{ output: string; exitCode: number }> {
  const formats = parseFormats(options.format);
  checkOutput(formats, options.outDir);
  const seen = new Set<string>();
  for (const path of files) {
    let real: string;
    try {
      if (!statSync(path).isFile()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
      real = realpathSync(path);
    } catch (cause) {
      throw new FileError(path, cause);
    }
    if (seen.has(real)) throw new UsageError(`${path} is given twice; give the mbx-report.json of each shard once`, { path });
    seen.add(real);
  }
  const { heads, results } = readReports(files);
  const merged = mergeReports(heads, results, files);
  const { output: text } = await output(merged, formats, options.outDir, colour, 'mbx report merge');
  const notice = noticeOf(merged);
  return {
    output: notice === undefined ? text : `${text}mbx: ${notice}\n`,
    exitCode: exitCodeOf(merged, parseSeverity(options.failOn), options.allowErrors === true),
  };
}
