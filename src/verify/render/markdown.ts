/**
 * Markdown for a GitHub step summary (or a pull-request comment): the verdict as the heading, the
 * counts on one line, then what needs attention grouped by check, worst first, with identical
 * findings collapsed into one line naming their mailboxes, each group with its fix; then the
 * waivers with their reasons and expiry. No wide table: the summary column is narrow, and a
 * PowerShell fix in a table cell cannot wrap.
 */
import { STATUSES, type CheckResult } from '../result.js';
import type { Report } from '../results.js';
import { accessMarkdown } from './access.js';
import { checkDocUrl, controlsOf, markdownInline, runErrorLines, verdictOf } from './common.js';
import { sourceFailureText } from '../snapshot.js';

const inline = markdownInline;
const code = (text: string): string => {
  const flat = text.replace(/\r?\n/g, ' ');
  const fence = flat.includes('`') ? '`` ' : '`';
  return `${fence}${flat}${fence === '`' ? '`' : ' ``'}`;
};
export const ICON: Readonly<Record<string, string>> = { pass: '✅', fail: '❌', error: '⚠️', warn: '🟡', pending: '⏳', waived: '🔕', skip: '⏭️' };
const VERDICT_ICON: Readonly<Record<string, string>> = { pass: '✅', fail: '❌', incomplete: '⚠️', empty: '⏭️' };

/** GitHub refuses a step summary over 1 MiB: past this many findings the summary says where the rest are. */
export const MARKDOWN_ROWS = 1000;
/** Mailboxes named on one collapsed line before the rest are counted. */
const NAMED = 5;

interface Group {
  readonly first: CheckResult;
  readonly mailboxes: string[];
  count: number;
}

const fixOf = (result: CheckResult): string => result.remediation?.powershell ?? result.remediation?.pulumi ?? result.remediation?.spec ?? '';

export function* markdownChunks(report: Report): Generator<string> {
  const verdict = verdictOf(report);
  const { summary } = report.results;
  yield [
    `## ${VERDICT_ICON[verdict.kind]} ${inline(verdict.text)}`,
    '',
    `\`${inline(report.spec.file)}\` against \`${inline(report.tenant.primaryDomain)}\` · ${report.results.length.toLocaleString('en-US')} results · ${report.requests.total.toLocaleString('en-US')} requests · ${(report.durationMs / 1000).toFixed(1)} s · mbx ${inline(report.tool.version)}`,
    '',
    STATUSES.map((status) => `${ICON[status]} ${summary[status].toLocaleString('en-US')} ${status}`).join(' · '),
    '',
    '',
  ].join('\n');
  for (const line of runErrorLines(report)) yield `> ⛔ **The run stopped:** ${inline(line)}\n\n`;
  for (const failure of report.sourceErrors) yield `- ⚠️ could not read \`${failure.source}\`: ${inline(sourceFailureText(failure))}\n`;
  if (report.sourceErrors.length > 0) yield '\n';

  // Findings grouped by check (in report order), identical ones (same status, message and fix) on one line.
  const attention = report.results.notable.filter((result) => result.status !== 'waived');
  const byCheck = new Map<string, Map<string, Group>>();
  for (const result of attention) {
    let groups = byCheck.get(result.checkId);
    if (groups === undefined) byCheck.set(result.checkId, (groups = new Map()));
    const key = `${result.status}\u0000${result.message}\u0000${fixOf(result)}`;
    const group = groups.get(key);
    const mailbox = [result.mailbox ?? 'organization', result.subject].filter((part) => part !== undefined).join(' · ');
    if (group === undefined) groups.set(key, { first: result, mailboxes: [mailbox], count: 1 });
    else {
      group.count += 1;
      if (group.mailboxes.length < NAMED) group.mailboxes.push(mailbox);
    }
  }
  let lines = 0;
  let left = 0;
  if (byCheck.size > 0) yield '### Needs attention\n\n';
  for (const groups of byCheck.values()) {
    const [{ first }] = groups.values() as unknown as [Group];
    const total = [...groups.values()].reduce((sum, group) => sum + group.count, 0);
    if (lines >= MARKDOWN_ROWS) {
      left += total;
      continue;
    }
    const controls = controlsOf(first);
    yield `#### ${ICON[first.status]} [${first.checkId}](${checkDocUrl(first.checkId, first.category)}) ${inline(first.title)} (${first.severity}, ${total.toLocaleString('en-US')}${controls === '' ? '' : `; ${controls}`})\n\n`;
    for (const group of groups.values()) {
      if (lines >= MARKDOWN_ROWS) {
        left += group.count;
        continue;
      }
      lines += 1;
      const { first: result } = group;
      const more = group.count - group.mailboxes.length;
      const where = `${group.mailboxes.map(inline).join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
      const times = group.count > 1 ? ` (×${group.count.toLocaleString('en-US')})` : '';
      const fix = fixOf(result);
      yield `- **${result.status}** ${where}${times}: ${inline(result.message)} (${code(`${result.location.file}:${result.location.line}`)})\n${fix === '' ? '' : `  Fix: ${code(fix)}\n`}`;
    }
    yield '\n';
  }
  if (left > 0) yield `${left.toLocaleString('en-US')} more results need attention; the JSON, HTML and text reports list them all.\n\n`;

  yield* accessMarkdown(report);

  const waived = report.results.notable.filter((result) => result.waiver !== undefined);
  if (waived.length > 0) {
    yield '### 🔕 Waived\n\n';
    for (const result of waived.slice(0, MARKDOWN_ROWS))
      yield `- [${result.checkId}](${checkDocUrl(result.checkId, result.category)}) ${inline(result.mailbox ?? 'organization')}: until **${result.waiver?.expires ?? ''}**, ${inline(result.waiver?.rationale ?? '')}${result.waiver?.covers === undefined ? '' : ` (accepts ${inline(result.waiver.covers)})`}\n`;
    if (waived.length > MARKDOWN_ROWS) yield `- and ${(waived.length - MARKDOWN_ROWS).toLocaleString('en-US')} more waived\n`;
    yield '\n';
  }
}
