/** Markdown that fits a GitHub step summary: the counts, then a table of what needs attention with its fix. */
import { STATUSES, type Report } from '../result.js';
import { checkDocUrl, label, ordered } from './common.js';
import { sourceFailureText } from '../snapshot.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const ICON: Readonly<Record<string, string>> = { pass: '✅', fail: '❌', error: '⚠️', warn: '🟡', pending: '⏳', waived: '🔕', skip: '⏭️' };

/** GitHub refuses a step summary over 1 MiB: past this many rows the table says where the rest are. */
export const MARKDOWN_ROWS = 1000;

export function* markdownChunks(report: Report): Generator<string> {
  const lines = [
    `## mbx verify: ${cell(report.spec.file)}`,
    '',
    `Tenant \`${report.tenant.primaryDomain}\` · ${report.results.length} results · ${report.requests.total} requests · ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    `| ${STATUSES.map((status) => `${ICON[status]} ${status}`).join(' | ')} |`,
    `|${STATUSES.map(() => '---:').join('|')}|`,
    `| ${STATUSES.map((status) => report.summary[status]).join(' | ')} |`,
    '',
  ];
  const attention = ordered(report.results).filter((result) => result.status !== 'pass' && result.status !== 'skip');
  if (attention.length > 0) {
    lines.push('| status | severity | check | message | fix | spec |', '|---|---|---|---|---|---|');
    yield `${lines.join('\n')}\n`;
    lines.length = 0;
    for (const result of attention.slice(0, MARKDOWN_ROWS)) {
      const fix = result.remediation?.powershell ?? result.remediation?.pulumi ?? result.remediation?.spec ?? '';
      yield `| ${ICON[result.status]} ${result.status} | ${result.severity} | [${result.checkId}](${checkDocUrl(result.checkId, result.category)})${cell(label(result).slice(result.checkId.length))} | ${cell(result.message)} | ${fix === '' ? '' : `\`${cell(fix)}\``} | ${cell(result.location.file)}:${result.location.line} |\n`;
    }
    if (attention.length > MARKDOWN_ROWS)
      lines.push('', `${attention.length - MARKDOWN_ROWS} more results need attention; the JSON, HTML and text reports list them all.`);
    lines.push('');
  }
  for (const failure of report.sourceErrors) lines.push(`- ⚠️ could not read \`${failure.source}\`: ${cell(sourceFailureText(failure))}`);
  yield `${lines.join('\n')}\n`;
}
