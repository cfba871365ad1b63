/** The terminal view: one line per result worth reading, the fix under each failure, a summary. Colour only when asked (a TTY). */
import { STATUSES, type Report } from '../result.js';
import { label, ordered, remediationLines } from './common.js';
import { sourceFailureText } from '../snapshot.js';

const COLOURS: Readonly<Record<string, string>> = { pass: '32', fail: '31', error: '35', warn: '33', pending: '36', waived: '34', skip: '90' };

export function* textChunks(report: Report, options: { colour: boolean; verbose?: boolean }): Generator<string> {
  const paint = (status: string, text: string): string => (options.colour ? `\u001b[${COLOURS[status] ?? '0'}m${text}\u001b[0m` : text);
  // Passes and skips are counted in the summary; listing them would bury what needs reading.
  const shown = ordered(report.results).filter((result) => options.verbose === true || (result.status !== 'pass' && result.status !== 'skip'));
  yield `mbx verify ${report.spec.file} against ${report.tenant.primaryDomain} (${report.tenant.id})\n\n`;
  for (const result of shown) {
    const lines: string[] = [];
    lines.push(`${paint(result.status, result.status.toUpperCase().padEnd(7))} ${result.severity.padEnd(8)} ${label(result)}`);
    lines.push(`        ${result.message}`);
    if (result.status === 'fail' || result.status === 'warn') for (const line of remediationLines(result)) lines.push(`        fix ${line}`);
    if (result.waiver !== undefined) lines.push(`        waived until ${result.waiver.expires}: ${result.waiver.rationale}`);
    if (result.skipText !== undefined) lines.push(`        ${result.skipText}`);
    lines.push(`        at ${result.location.file}:${result.location.line}:${result.location.column}`);
    yield `${lines.join('\n')}\n`;
  }
  const lines: string[] = [];
  for (const failure of report.sourceErrors) lines.push(`${paint('error', 'SOURCE ')} ${failure.source}: ${sourceFailureText(failure)}`);
  if (shown.length > 0 || report.sourceErrors.length > 0) lines.push('');
  const counts = STATUSES.filter((status) => report.summary[status] > 0).map((status) => paint(status, `${report.summary[status]} ${status}`));
  lines.push(
    `${report.results.length} results: ${counts.join(', ') || 'none'}. ${report.requests.total} requests (${report.requests.retries} retried) in ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  yield `${lines.join('\n')}\n`;
}
