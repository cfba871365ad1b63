/**
 * The report's access section in each format that people read (issue 32): every way into each
 * mailbox, who, what they can do and how, declared or not; HTML lists it whole (it prints as a
 * plain table, one row per way in, for an auditor to sign), Markdown (the step summary, which
 * GitHub caps at 1 MiB) gives the count and the ways in nobody declared, text one line.
 */
import { rightsText } from '../../access/model.js';
import type { AccessRow } from '../../access/query.js';
import type { Report } from '../results.js';
import { escapeHtml, markdownInline } from './common.js';

/**
 * Rows the HTML page lists: every way in up to this many, else the undeclared ones up to this many,
 * and the reader is sent to the JSON report and `mbx access` for the rest (a table of 5,000 rows
 * took Chromium 1.6 s to lay out: npm run bench:report).
 */
export const ACCESS_ROWS = 1_000;
/** Undeclared ways in the Markdown summary lists. */
const MARKDOWN_ACCESS_ROWS = 200;

const escape = escapeHtml;
const inline = markdownInline;
const rights = (row: AccessRow): string => rightsText(row.rights);
const who = (row: AccessRow): string => (row.principalName === row.principal ? row.principal : `${row.principalName} (${row.principal})`);
const when = (row: AccessRow): string =>
  [row.since === undefined ? '' : row.since.slice(0, 10), row.by === undefined ? '' : `by ${row.by}`].filter(Boolean).join(' ');
const declared = (row: AccessRow): string => (row.declared === null ? '' : row.declared ? 'yes' : 'NO');
const count = (amount: number): string => amount.toLocaleString('en-US');

/** "Ways in: 42 (3 not declared)", for the text report. */
export function accessLine(report: Report): string | undefined {
  const access = report.access;
  if (access === undefined) return undefined;
  return `Ways in: ${count(access.paths)} to ${count(new Set(access.rows.map((row) => row.mailbox)).size)} mailboxes, ${count(access.undeclared)} not declared (mbx access lists them).`;
}

export function* accessHtml(report: Report): Generator<string> {
  const access = report.access;
  if (access === undefined) return;
  const whole = access.rows.length <= ACCESS_ROWS;
  const listed = whole ? access.rows : access.rows.filter((row) => row.declared === false).slice(0, ACCESS_ROWS);
  const note = whole
    ? ''
    : `<p>${count(access.rows.length)} ways in are too many to list here: these are the ones the spec does not declare${access.undeclared > ACCESS_ROWS ? ` (the first ${count(ACCESS_ROWS)})` : ''}. mbx-report.json lists every one, and <code>mbx access --format markdown</code> prints them for a mailbox, a user or an app.</p>\n`;
  yield `<h2 id="access">Who can get in</h2>
<p>${count(access.paths)} ways into ${count(new Set(access.rows.map((row) => row.mailbox)).size)} mailboxes; <b>${count(access.undeclared)}</b> the spec does not declare. Each row is one way in: who, what they can do, and how (a grant, through groups, an app, a folder permission, an inbox rule, forwarding).</p>
${note}<div class="scroll"><table class="list access"><thead><tr><th scope="col">mailbox</th><th scope="col">who</th><th scope="col">kind</th><th scope="col">can</th><th scope="col">how</th><th scope="col">declared</th><th scope="col">since</th></tr></thead><tbody>\n`;
  for (const row of listed)
    yield `<tr${row.declared === false ? ' class="fail"' : ''}><td>${escape(row.mailbox)}</td><td>${escape(who(row))}</td><td>${escape(row.principalKind)}</td><td>${escape(rights(row))}</td><td>${escape(row.via)}</td><td>${declared(row)}</td><td>${escape(when(row))}</td></tr>\n`;
  yield '</tbody></table></div>\n';
}

export function* accessMarkdown(report: Report): Generator<string> {
  const access = report.access;
  if (access === undefined) return;
  const mailboxes = new Set(access.rows.map((row) => row.mailbox)).size;
  yield `### ${access.undeclared === 0 ? '✅' : '❌'} Who can get in\n\n${count(access.paths)} ways into ${count(mailboxes)} mailboxes, ${count(access.undeclared)} not declared.${access.undeclared === 0 ? '' : ' Those nobody declared:'}\n\n`;
  const undeclared = access.rows.filter((row) => row.declared === false);
  for (const row of undeclared.slice(0, MARKDOWN_ACCESS_ROWS))
    yield `- ${inline(row.mailbox)}: ${inline(who(row))} can ${inline(rights(row))}, through ${inline(row.via)}${row.by === undefined ? '' : ` (${inline(when(row))})`}\n`;
  if (undeclared.length > MARKDOWN_ACCESS_ROWS)
    yield `- and ${count(undeclared.length - MARKDOWN_ACCESS_ROWS)} more: the HTML and JSON reports list every way in\n`;
  yield '\n';
}
