/** Test helpers: the compliant baseline (examples/contoso.yaml) and ways to mutate and validate it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadSpecText, type SpecResult } from '../../src/spec/load.js';
import type { Diagnostic } from '../../src/spec/diagnostics.js';
import type { ErrorCode } from '../../src/errors.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONTOSO_PATH = `${ROOT}examples/contoso.yaml`;

/** A fixed "today" so waiver expiry does not depend on when the tests run. */
export const TODAY = new Date('2026-11-22T12:00:00Z');

// The written spec is plain YAML data; tests reach into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

export function contoso(): Doc {
  return parse(readFileSync(CONTOSO_PATH, 'utf8'));
}

export function validateDoc(doc: Doc, today: Date = TODAY): SpecResult {
  return loadSpecText(stringify(doc), 'spec.yaml', { today });
}

export function diagnostics(result: SpecResult): readonly Diagnostic[] {
  return result.ok ? result.warnings : [...result.errors, ...result.warnings];
}

/** The findings with one code, as [pointer, message] pairs: what a rule test asserts. */
export function withCode(result: SpecResult, code: ErrorCode): Array<[string, string]> {
  return diagnostics(result)
    .filter((d) => d.code === code)
    .map((d) => [d.pointer, d.message]);
}

export function mailbox(doc: Doc, address: string): Doc {
  const found = doc.sharedMailboxes.find((m: Doc) => m.address === address);
  if (!found) throw new Error(`no mailbox ${address} in the test spec`);
  return found;
}

/** The contoso baseline with one change applied. */
export function mutated(change: (doc: Doc) => void): SpecResult {
  const doc = contoso();
  change(doc);
  return validateDoc(doc);
}
