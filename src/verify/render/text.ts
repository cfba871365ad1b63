/** The terminal view: one line per result worth reading, the fix under each failure, a summary. Colour only when asked (src/cli/colour.ts). */
import { accessLine } from './access.js';
import { createColors } from 'picocolors';
import { STATUSES } from '../result.js';
import type { Report } from '../results.js';
import { controlsOf, label, remediationLines, runErrorLines, verdictOf } from './common.js';
import { sourceFailureText } from '../snapshot.js';

type Painter = (text: string) => string;
const PAINTS: Readonly<Record<string, (colours: ReturnType<typeof createColors>) => Painter>> = {
  pass: (c) => c.green,
  fail: (c) => c.red,
  error: (c) => c.magenta,
  warn: (c) => c.yellow,
  pending: (c) => c.cyan,
  waived: (c) => c.blue,
  skip: (c) => c.gray,
};

export function* textChunks(report: Report, options: { colour: boolean; verbose?: boolean; command?: string }): Generator<string> {
  const colours = createColors(options.colour);
  const paint = (status: string, text: string): string => (PAINTS[status]?.(colours) ?? colours.reset)(text);
  // Passes and skips are counted in the summary; listing them would bury what needs reading.
  const shown = options.verbose === true ? report.results : report.results.notable;
  yield `${options.command ?? 'mbx verify'} ${report.spec.file} against ${report.tenant.primaryDomain} (${report.tenant.id})\n\n`;
  const stopped = runErrorLines(report);
  if (stopped.length > 0) yield `${stopped.map((line) => `${paint('error', 'STOPPED')} ${line}`).join('\n')}\n\n`;
  let listed = 0;
  for (const result of shown) {
    listed += 1;
    const lines: string[] = [];
    const controls = controlsOf(result);
    lines.push(
      `${paint(result.status, result.status.toUpperCase().padEnd(7))} ${result.severity.padEnd(8)} ${label(result)}${controls === '' ? '' : ` (${controls})`}`,
    );
    lines.push(`        ${result.message}`);
    if (result.status === 'fail' || result.status === 'warn') for (const line of remediationLines(result)) lines.push(`        fix ${line}`);
    if (result.waiver !== undefined)
      lines.push(
        `        waived until ${result.waiver.expires}${result.waiver.covers === undefined ? '' : ` (it accepts ${result.waiver.covers})`}: ${result.waiver.rationale}`,
      );
    if (result.skipText !== undefined) lines.push(`        ${result.skipText}`);
    lines.push(`        at ${result.location.file}:${result.location.line}:${result.location.column}`);
    yield `${lines.join('\n')}\n`;
  }
  const lines: string[] = [];
  for (const failure of report.sourceErrors) lines.push(`${paint('error', 'SOURCE ')} ${failure.source}: ${sourceFailureText(failure)}`);
  if (listed > 0 || report.sourceErrors.length > 0) lines.push('');
  const counts = STATUSES.filter((status) => report.summary[status] > 0).map((status) => paint(status, `${report.summary[status]} ${status}`));
  lines.push(
    `${report.results.length} results: ${counts.join(', ') || 'none'}. ${report.requests.total} requests (${report.requests.retries} retried) in ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  const access = accessLine(report);
  if (access !== undefined) lines.push(access);
  // The verdict in words, as every other view opens with it: a count alone leaves the reader to judge.
  const verdict = verdictOf(report);
  lines.push(paint(verdict.kind === 'pass' ? 'pass' : verdict.kind === 'fail' ? 'fail' : 'error', `${verdict.text}.`));
  yield `${lines.join('\n')}\n`;
}
