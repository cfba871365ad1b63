/** Views of a spec validation result: text lines for people, a JSON array for machines. */
import { compareDiagnostics, type Diagnostic } from '../../spec/diagnostics.js';
import type { SpecResult } from '../../spec/load.js';

export function allDiagnostics(result: SpecResult): Diagnostic[] {
  const all = result.ok ? [...result.warnings] : [...result.errors, ...result.warnings];
  return all.sort(compareDiagnostics);
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `file:line:col  severity  message  (pointer)`, one per line, then a summary line. */
export function renderText(file: string, result: SpecResult): string {
  const lines = allDiagnostics(result).map((d) => `${d.file}:${d.line}:${d.column}  ${d.severity.padEnd(7)}  ${d.message}  (${d.pointer || '/'})  [${d.code}]`);
  const warnings = result.warnings.length ? `, ${count(result.warnings.length, 'warning')}` : '';
  lines.push(
    result.ok
      ? `${file}: valid, ${count(result.spec.sharedMailboxes.length, 'shared mailbox', 'shared mailboxes')}${warnings}`
      : `${file}: invalid, ${count(result.errors.length, 'error')}${warnings}`,
  );
  return lines.join('\n') + '\n';
}

export function renderJson(result: SpecResult): string {
  const rows = allDiagnostics(result).map(({ severity, file, line, column, pointer, code, message }) => ({
    severity,
    file,
    line,
    column,
    pointer,
    code,
    message,
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}
