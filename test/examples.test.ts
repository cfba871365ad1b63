/**
 * The examples are part of the contract: contoso.yaml is valid with nothing to say, and every
 * file under examples/invalid/ and examples/warnings/ produces exactly the diagnostics its
 * "# expect:" lines document, at the line and column they name. An expectation ending in " …"
 * pins the diagnostic's start only (a list that grows with the schema, such as the allowed keys).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../src/spec/load.js';
import { CONTOSO_PATH, ROOT } from './helpers/spec.js';

function expected(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^# expect: (.*)$/gm)].map((m) => m[1]!);
}

function examples(folder: string): string[] {
  return readdirSync(`${ROOT}examples/${folder}`)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `${ROOT}examples/${folder}/${name}`);
}

describe('examples/contoso.yaml', () => {
  it('is valid, with no warnings, and holds one mailbox per seed system', async () => {
    const result = await loadSpecFile(CONTOSO_PATH);
    expect(result.ok && result.warnings).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.sharedMailboxes.map((m) => [m.address, m.clients.map((c) => c.profile)])).toEqual([
      ['info@contoso.com', ['bp-event']],
      ['sales@contoso.com', ['onoffice']],
      ['support@contoso.com', ['genesys-esj']],
      ['team@contoso.com', ['outlook']],
    ]);
  });

  it('starts with the yaml-language-server schema modeline', () => {
    expect(readFileSync(CONTOSO_PATH, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/mailbox-spec.schema.json');
  });
});

for (const [folder, valid] of [
  ['invalid', false],
  ['warnings', true],
] as const) {
  describe(`examples/${folder}/`, () => {
    for (const file of examples(folder)) {
      it(`${file.slice(ROOT.length)} gives exactly its documented diagnostics`, async () => {
        const result = await loadSpecFile(file);
        const all = result.ok ? result.warnings : [...result.errors, ...result.warnings];
        const got = all.map((d) => `${d.severity} ${d.line}:${d.column} ${d.code} ${d.message}`);
        expect(expected(file).length).toBeGreaterThan(0);
        const wanted = expected(file);
        const matched = got.map((line, index) => {
          const want = wanted[index] ?? '';
          return want.endsWith(' …') && line.startsWith(want.slice(0, -2)) ? want : line;
        });
        expect(matched).toEqual(wanted);
        expect(result.ok).toBe(valid);
      });
    }
  });
}
