/** What every view of a report shares: the order results are shown in and a one-line label. */
import { SEVERITIES, STATUSES, type CheckResult } from '../result.js';

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
