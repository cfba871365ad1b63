/**
 * Robustness: whatever bytes arrive, the loader answers with a structured result, never throws,
 * and every diagnostic it gives names a catalogued code and a real place in the file. The test
 * timeout is the hang guard.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ERROR_CODES } from '../../src/errors.js';
import { loadSpecText, type SpecResult } from '../../src/spec/load.js';
import { FUZZ_SEED } from '../helpers/fuzz.js';
import { CONTOSO_PATH, contoso, type Doc } from '../helpers/spec.js';

const CONTOSO = readFileSync(CONTOSO_PATH, 'utf8');
const LINES = CONTOSO.split('\n');

function assertStructured(text: string, result: SpecResult) {
  expect(typeof result.ok).toBe('boolean');
  const all = result.ok ? result.warnings : [...result.errors, ...result.warnings];
  if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of all) {
    expect(Object.keys(ERROR_CODES)).toContain(d.code);
    expect(d.message.length).toBeGreaterThan(10);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(typeof d.pointer).toBe('string');
  }
}

function load(text: string) {
  const result = loadSpecText(text, 'fuzz.yaml');
  assertStructured(text, result);
  return result;
}

/** Edits a person or a bad merge makes: drop, repeat, swap or re-indent lines, splice in text. */
const lineEdit = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), column: fc.nat(), text: fc.string({ maxLength: 12 }) }),
);

function applyEdits(edits: Doc[]): string {
  const lines = [...LINES];
  for (const edit of edits) {
    const at = edit.at % lines.length;
    const line = lines[at]!;
    if (edit.kind === 'drop') lines.splice(at, 1);
    else if (edit.kind === 'repeat') lines.splice(at, 0, line);
    else if (edit.kind === 'swap') [lines[at], lines[edit.to % lines.length]] = [lines[edit.to % lines.length]!, line];
    else if (edit.kind === 'indent') lines[at] = edit.by >= 0 ? ' '.repeat(edit.by) + line : line.slice(-edit.by);
    else lines[at] = line.slice(0, edit.column % (line.length + 1)) + edit.text + line.slice(edit.column % (line.length + 1));
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

/** A path into the contoso document, to plant a random value at. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const CONTOSO_PATHS = paths(contoso()).filter((p) => p.length > 0);

describe('spec loader under random input', () => {
  it('answers any text with a structured result', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => void load(text)),
      { numRuns: 1500, seed: FUZZ_SEED },
    );
  });

  it('answers any YAML data with a structured result', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => void load(stringify(value))),
      { numRuns: 1000, seed: FUZZ_SEED },
    );
  });

  it('answers line-level mutations of the example with a structured result', () => {
    fc.assert(
      fc.property(fc.array(lineEdit, { minLength: 1, maxLength: 6 }), (edits) => void load(applyEdits(edits))),
      { numRuns: 1500, seed: FUZZ_SEED },
    );
  });

  it('answers a random value planted anywhere in the example with a structured result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONTOSO_PATHS), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const doc = contoso();
        let parent = doc;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path[path.length - 1]!] = value;
        load(stringify(doc));
      }),
      { numRuns: 1500, seed: FUZZ_SEED },
    );
  });
});
