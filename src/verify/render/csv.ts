/**
 * The action plan: one CSV row per finding (a failure, a check that could not run, a pending
 * result, a warning, a waived finding), as ScubaGear's ActionPlan.csv gives its auditors, with the
 * columns an auditor fills in (owner, due date, justification) left empty. A waived finding comes
 * with its waiver's expiry as the due date and its rationale as the justification: that is what the
 * spec already says of it. Written with csv-stringify: RFC 4180 quoting, and a cell a spreadsheet
 * would run as a formula (=, +, -, @ first) is prefixed with a quote, since mailbox names, messages
 * and evidence come from the tenant. It starts with a UTF-8 byte order mark, which Excel needs.
 */
import { stringify } from 'csv-stringify/sync';
import type { CheckResult } from '../result.js';
import type { Report } from '../results.js';
import { checkDocUrl, controlsOf, runErrorLines } from './common.js';

export const CSV_COLUMNS = [
  'status',
  'severity',
  'check',
  'title',
  'controls',
  'mailbox',
  'about',
  'finding',
  'expected',
  'found',
  'fix',
  'spec',
  'doc',
  'owner',
  'due date',
  'justification',
] as const;

const shown = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

function row(result: CheckResult): string[] {
  const fix = result.remediation;
  return [
    result.status,
    result.severity,
    result.checkId,
    result.title,
    controlsOf(result),
    result.mailbox ?? 'organization',
    result.subject ?? '',
    result.message,
    shown(result.expected),
    shown(result.actual),
    fix?.powershell ?? fix?.pulumi ?? fix?.spec ?? '',
    `${result.location.file}:${result.location.line}:${result.location.column}`,
    checkDocUrl(result.checkId, result.category),
    '',
    result.waiver?.expires ?? '',
    result.waiver?.rationale ?? '',
  ];
}

const line = (cells: readonly string[]): string => stringify([cells], { escape_formulas: true, record_delimiter: 'windows' });

export function* csvChunks(report: Report): Generator<string> {
  // The byte order mark tells Excel, where an auditor fills the plan in, that the file is UTF-8.
  yield `\ufeff${line(CSV_COLUMNS)}`;
  // A run that stopped is a finding too: someone has to see to it before the plan is complete.
  for (const stopped of runErrorLines(report))
    yield line(['error', 'high', 'run', 'The run checked everything', '', '', '', stopped, '', '', '', '', '', '', '', '']);
  for (const result of report.results.notable) yield line(row(result));
}
