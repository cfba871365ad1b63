/** What every view of a report shares: the order results are shown in and a one-line label. */
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../paths.js';
import { SEVERITIES, STATUSES, type CheckResult } from '../result.js';

/**
 * Where a check's doc is (its requirement, rationale, remediation and references), as Maester links
 * each test to its page: `checks/<category>/<ID>.md` under MBX_DOCS_URL (a repository's or a site's
 * address), else in the mbx package itself.
 */
export function checkDocUrl(checkId: string, category: string, base = process.env.MBX_DOCS_URL ?? pathToFileURL(`${PACKAGE_ROOT}/`).href): string {
  return `${base.endsWith('/') ? base : `${base}/`}checks/${category}/${checkId}.md`;
}

/** Worst first: by status (fail, error, warn, ...), then severity, then check id and mailbox. */
export function ordered(results: readonly CheckResult[]): CheckResult[] {
  return [...results].sort(
    (a, b) =>
      STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.checkId.localeCompare(b.checkId) ||
      (a.mailbox ?? '').localeCompare(b.mailbox ?? '') ||
      (a.subject ?? '').localeCompare(b.subject ?? ''),
  );
}

/** `MBX.SENDAS.1 info@contoso.com max@contoso.com`: a result's name in lists and test cases. */
export function label(result: CheckResult): string {
  return [result.checkId, result.mailbox ?? 'organization', result.subject].filter((part) => part !== undefined).join(' ');
}

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
  const rest = Object.fromEntries(Object.entries(head).filter(([name]) => name !== key));
  const opening = JSON.stringify(rest, null, 2);
  yield Object.keys(rest).length === 0 ? '{\n' : `${opening.slice(0, -2)},\n`;
  yield `${indent}${JSON.stringify(key)}: [`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n${indent}  ${JSON.stringify(item)}`;
    first = false;
  }
  yield `${first ? '' : `\n${indent}`}]\n}\n`;
}
