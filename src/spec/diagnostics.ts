import type { ErrorCode } from '../errors.js';

export type Severity = 'error' | 'warning';

/** A finding about the spec before it is located in the file. */
export interface SpecFinding {
  readonly severity: Severity;
  readonly code: ErrorCode;
  readonly message: string;
  /** JSON pointer of the offending value. */
  readonly pointer: string;
  /** Point at the key of the last pointer segment instead of its value (unknown keys). */
  readonly atKey?: boolean;
}

/** A finding with its place in the file: the shape `mbx validate --format json` prints. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
  readonly code: ErrorCode;
  readonly message: string;
}

export const error = (code: ErrorCode, pointer: string, message: string): SpecFinding => ({ severity: 'error', code, pointer, message });
export const warning = (code: ErrorCode, pointer: string, message: string): SpecFinding => ({ severity: 'warning', code, pointer, message });

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerJoin(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((s) => '/' + pointerSegment(s)).join('');
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
