/** What every view of a report shares: the order results are shown in, a one-line label, the verdict and the run's errors. */
import { MBX_SOURCE_URL } from '../../paths.js';
import { SEVERITIES, type CheckResult } from '../result.js';
import type { Report } from '../results.js';

/**
 * Where a check's doc is (its requirement, rationale, remediation and references), as Maester links
 * each test to its page: `checks/<category>/<ID>.md` under MBX_DOCS_URL (a team's own copy or site)
 * when set, else in this version's source on the web (paths.ts MBX_SOURCE_URL). Never a file:// path,
 * which would work only on the machine that wrote the report (issue 30).
 */
export function checkDocUrl(checkId: string, category: string, base = process.env.MBX_DOCS_URL || MBX_SOURCE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}checks/${category}/${checkId}.md`;
}

/** `MBX.SENDAS.1 info@contoso.com max@contoso.com`: a result's name in lists and test cases. */
export function label(result: CheckResult): string {
  return [result.checkId, result.mailbox ?? 'organization', result.subject].filter((part) => part !== undefined).join(' ');
}

/** The benchmark controls a result's check supports, for a view's line: `CIS.M365.1.2.2, MS.EXO.5.1v1`, or ''. */
export const controlsOf = (result: Pick<CheckResult, 'controls'>): string => (result.controls ?? []).join(', ');

export function remediationLines(result: CheckResult): string[] {
  const fix = result.remediation;
  if (fix === undefined) return [];
  return [
    ...(fix.spec === undefined ? [] : [`spec: ${fix.spec}`]),
    ...(fix.pulumi === undefined ? [] : [`pulumi: ${fix.pulumi}`]),
    ...(fix.powershell === undefined ? [] : [`PowerShell: ${fix.powershell}`]),
  ];
}

/**
 * A JSON document whose last property is a long array, one item a line: `head` pretty-printed,
 * then `items` under `key`. JSON.stringify of the whole would build one string of it all.
 */
export function* jsonChunks<T extends object>(head: T, items: Iterable<unknown>, key = 'results', indent = '  '): Generator<string> {
  const rest = Object.fromEntries(Object.entries(head).filter(([name]) => name !== key && name !== 'access'));
  const opening = JSON.stringify(rest, null, 2);
  yield Object.keys(rest).length === 0 ? '{\n' : `${opening.slice(0, -2)},\n`;
  // The access section's rows a line each too: at 10,000 mailboxes they are 50,000, never one string.
  const access = (head as { access?: { paths: number; undeclared: number; rows: readonly unknown[] } }).access;
  if (access !== undefined) {
    yield `${indent}"access": {\n${indent}  "paths": ${access.paths},\n${indent}  "undeclared": ${access.undeclared},\n${indent}  "rows": [`;
    let row = 0;
    for (const item of access.rows) yield `${row++ === 0 ? '' : ','}\n${indent}    ${JSON.stringify(item)}`;
    yield `${row === 0 ? '' : `\n${indent}  `}]\n${indent}},\n`;
  }
  yield `${indent}${JSON.stringify(key)}: [`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n${indent}  ${JSON.stringify(item)}`;
    first = false;
  }
  yield `${first ? '' : `\n${indent}`}]\n}\n`;
}

export type VerdictKind = 'pass' | 'fail' | 'incomplete' | 'empty';

/**
 * The report's verdict in one line, the first thing every view says: whether the tenant matches the
 * spec. It follows the exit code's rules at the strictest --fail-on (docs/ci.md, "Exit codes"):
 * any failure is a mismatch; checks that could not run or are pending leave it unproven.
 */
export function verdictOf(report: Pick<Report, 'summary' | 'results' | 'runErrors'>): { readonly kind: VerdictKind; readonly text: string } {
  const { summary } = report;
  const stopped = (report.runErrors ?? []).map((error) => error.code);
  const plural = (count: number, word: string): string => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
  if (summary.fail > 0) {
    const bySeverity = SEVERITIES.map(
      (severity) => [severity, report.results.notable.filter((result) => result.status === 'fail' && result.severity === severity).length] as const,
    )
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count.toLocaleString('en-US')} ${severity}`);
    const unproven = stopped.length === 0 ? '' : `; and not everything was checked (${stopped.join(', ')})`;
    return { kind: 'fail', text: `Does not match the spec: ${plural(summary.fail, 'failure')} (${bySeverity.join(', ')})${unproven}` };
  }
  // A run that stopped proves nothing about what it did not reach, whatever passed before it stopped.
  if (stopped.length > 0) return { kind: 'incomplete', text: `Not proven: the run did not check everything (${stopped.join(', ')}); nothing failed` };
  if (summary.error + summary.pending > 0) {
    const parts = [
      summary.error > 0 ? plural(summary.error, 'check') + ' could not run' : '',
      summary.pending > 0 ? `${summary.pending.toLocaleString('en-US')} pending` : '',
    ];
    return { kind: 'incomplete', text: `Not proven: ${parts.filter((part) => part !== '').join(', ')}; nothing failed` };
  }
  const checked = summary.pass + summary.warn + summary.waived;
  if (checked === 0) return { kind: 'empty', text: 'Nothing was checked: every result is a skip' };
  const notes = [summary.warn > 0 ? plural(summary.warn, 'warning') : '', summary.waived > 0 ? `${summary.waived.toLocaleString('en-US')} waived` : ''].filter(
    (part) => part !== '',
  );
  return { kind: 'pass', text: `Matches the spec: ${plural(summary.pass, 'result')} passed${notes.length === 0 ? '' : `, with ${notes.join(' and ')}`}` };
}

/** The run-level errors as lines: `[CODE] message`, the first thing under the verdict in every view. */
export const runErrorLines = (report: Pick<Report, 'runErrors'>): string[] => (report.runErrors ?? []).map((error) => `[${error.code}] ${error.message}`);

/** A value from the tenant or the spec as HTML text: every character that could open markup escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

/** A value as Markdown text on one line: every character Markdown would read as markup escaped. */
export const markdownInline = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
