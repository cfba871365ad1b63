/**
 * The fast path (js-yaml) must never read a document differently from the positioned parser
 * (`yaml`) whose errors users see: wherever js-yaml accepts a document, `yaml` must accept it
 * too and produce the same data. Otherwise a spec could pass or fail depending on which parser
 * happened to read it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { parseYaml, parseWithPositions } from '../../src/spec/parse.js';
import { FUZZ_SEED } from '../helpers/fuzz.js';
import { CONTOSO_PATH } from '../helpers/spec.js';

/** Every JSON pointer into a value, its own first. */
function pointersOf(value: unknown, pointer = ''): string[] {
  const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
  if (Array.isArray(value)) return [pointer, ...value.flatMap((item, index) => pointersOf(item, `${pointer}/${index}`))];
  if (value !== null && typeof value === 'object')
    return [pointer, ...Object.entries(value).flatMap(([key, item]) => pointersOf(item, `${pointer}/${escape(key)}`))];
  return [pointer];
}

function agree(text: string) {
  const positioned = parseWithPositions(text);
  const fast = parseYaml(text);
  if (positioned.findings.length === 0) {
    expect(fast.data).toEqual(positioned.data);
    // The fast path places every value and key where the positioned parser does (issue 21).
    for (const pointer of pointersOf(positioned.data))
      for (const atKey of [false, true])
        expect(fast.locate(pointer, atKey), `${pointer}${atKey ? ' (key)' : ''} in ${JSON.stringify(text)}`).toEqual(positioned.locate(pointer, atKey));
  } else expect(fast.findings.map((f) => f.finding.message)).toEqual(positioned.findings.map((f) => f.finding.message));
}

const SCALARS = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'True',
  'FALSE',
  'tRUE',
  '~',
  'null',
  'Null',
  'NULL',
  '',
  '010',
  '0o10',
  '0x1F',
  '0b101',
  '1_000',
  '+12',
  '-0',
  '.5',
  '1e3',
  '1.5e-3',
  '.inf',
  '-.Inf',
  '.NaN',
  '0.',
  '2027-06-30',
  '2027-06-30T10:00:00Z',
  '12:30:00',
  '1:20',
  '<<',
  '=',
  '!!str 12',
  '!!int "12"',
  "'quoted'",
  '"a\\tb"',
  '@foo',
  '`cmd`',
  '%x',
  '? key',
  '|',
  '>',
  '- x',
  '&a x',
  '[a, b]',
  '{a: 1}',
  '"\\u00e9"',
  '#comment',
  'a #comment',
];

describe('YAML fast path and positioned parser', () => {
  it('read tricky YAML 1.2 scalars the same way', () => {
    for (const scalar of SCALARS) {
      agree(`value: ${scalar}\n`);
      agree(`- ${scalar}\n`);
      agree(`${scalar}: 1\n`);
    }
  });

  it('read the example spec the same way', () => {
    agree(readFileSync(CONTOSO_PATH, 'utf8'));
  });

  it('read generated YAML data the same way', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => agree(stringify(value))),
      { numRuns: 500, seed: FUZZ_SEED },
    );
  });

  it('read random text the same way', () => {
    // YAML's syntax characters, line breaks of every kind, tabs, byte-order marks and control characters.
    const chars = [...'ab:- "\'[]{},#!?|>10xyes.~&%@*<\\=`é', '\n', '\r\n', '\r', '\t', '\u0085', '\u2028', '\ufeff', '\u0000'];
    const yamlish = fc.array(fc.constantFrom(...chars), { maxLength: 40 });
    fc.assert(
      fc.property(yamlish, (picked) => agree(picked.join(''))),
      { numRuns: 5000, seed: FUZZ_SEED },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => agree(text)),
      { numRuns: 1000, seed: FUZZ_SEED },
    );
  });

  it('says a document nests too deeply where it does, from either parser', () => {
    for (const text of [
      '['.repeat(5000) + ']'.repeat(5000),
      Array.from({ length: 300 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n') + ' 1\n',
      `x: &a 1\n${'['.repeat(5000)}`,
    ]) {
      const parsed = parseYaml(text);
      expect(parsed.findings.map((found) => found.finding.message)).toEqual([expect.stringContaining('nested too deeply (more than 64 levels)')]);
      expect(parsed.findings[0]?.line).toBeLessThanOrEqual(66);
    }
  });

  it('sends documents with aliases through the bounded parser', () => {
    const text = 'a: &x [1, 2]\nb: *x\n';
    expect(parseYaml(text).data).toEqual({ a: [1, 2], b: [1, 2] });
    expect(jsYaml.load(text)).toEqual({ a: [1, 2], b: [1, 2] });
    expect(parseDocument(text).errors).toEqual([]);
  });
});
