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

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

const shown = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** A finding's row; the columns an auditor fills in stay empty, but for a waived finding's due date and justification. */
function row(result: CheckResult): Row {
  const fix = result.remediation;
  return {
    status: result.status,
    severity: result.severity,
    check: result.checkId,
    title: result.title,
    controls: controlsOf(result),
    mailbox: result.mailbox ?? 'organization',
    about: result.subject ?? '',
    finding: result.message,
    expected: shown(result.expected),
    found: shown(result.actual),
    fix: fix?.powershell ?? fix?.pulumi ?? fix?.spec ?? '',
    spec: `${result.location.file}:${result.location.line}:${result.location.column}`,
    doc: checkDocUrl(result.checkId, result.category),
    'due date': result.waiver?.expires ?? '',
    justification: result.waiver?.rationale ?? '',
  };
}

/** One CSV record, its cells in the columns' order. */
const line = (cells: readonly string[]): string => stringify([cells], { escape_formulas: true, record_delimiter: 'windows' });
const record = (values: Row): string => line(CSV_COLUMNS.map((column) => values[column] ?? ''));

export function* csvChunks(report: Report): Generator<string> {
  // The byte order mark tells Excel, where an auditor fills the plan in, that the file is UTF-8.
  yield `\ufeff${line(CSV_COLUMNS)}`;
  // A run that stopped is a finding too: someone has to see to it before the plan is complete.
  for (const stopped of runErrorLines(report))
    yield record({ status: 'error', severity: 'high', check: 'run', title: 'The run checked everything', finding: stopped });
  for (const result of report.results.notable) yield record(row(result));
}
