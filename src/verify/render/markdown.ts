/** Markdown that fits a GitHub step summary: the counts, then a table of what needs attention with its fix. */
import { STATUSES, type Report } from '../result.js';
import { label, ordered } from './common.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const ICON: Readonly<Record<string, string>> = { pass: '✅', fail: '❌', error: '⚠️', warn: '🟡', pending: '⏳', waived: '🔕', skip: '⏭️' };

export function renderMarkdown(report: Report): string {
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
    for (const result of attention) {
      const fix = result.remediation?.powershell ?? result.remediation?.pulumi ?? result.remediation?.spec ?? '';
      lines.push(`| ${ICON[result.status]} ${result.status} | ${result.severity} | ${cell(label(result))} | ${cell(result.message)} | ${fix === '' ? '' : `\`${cell(fix)}\``} | ${cell(result.location.file)}:${result.location.line} |`);
    }
    lines.push('');
  }
  for (const failure of report.sourceErrors) lines.push(`- ⚠️ could not read \`${failure.source}\`: ${cell(failure.error)} (needs ${failure.permission})`);
  return `${lines.join('\n')}\n`;
}
