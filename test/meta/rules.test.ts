/** Keeps the rules, their registry, their tests and their examples in step (docs/style.md, rule 10). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/spec/rules/index.js';
import { difference, SAME } from '../helpers/sets.js';
import { ROOT } from '../helpers/spec.js';

const ruleFiles = readdirSync(`${ROOT}src/spec/rules`)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'rule.ts')
  .map((f) => f.replace(/\.ts$/, ''));

describe('semantic rules', () => {
  it('registers every rule file, under the file name', () => {
    expect(
      difference(
        RULES.map((r) => r.id),
        ruleFiles,
      ),
    ).toEqual(SAME);
  });

  it('has a test file for every rule with a passing and a failing case', () => {
    for (const id of ruleFiles) {
      const file = `${ROOT}test/spec/rules/${id}.test.ts`;
      expect(existsSync(file), file).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text, id).toMatch(/it\('passes/);
      expect(text, id).toMatch(/it\(["'](refuses|warns)/);
    }
  });

  it('has an example under examples/invalid or examples/warnings for every rule', () => {
    const examples = [...readdirSync(`${ROOT}examples/invalid`), ...readdirSync(`${ROOT}examples/warnings`)].join('\n');
    for (const id of ruleFiles) expect(examples, id).toMatch(new RegExp(`^${id}(-[a-z-]+)?\\.yaml$`, 'm'));
  });

  it('documents every rule in docs/spec.md', () => {
    const docs = readFileSync(`${ROOT}docs/spec.md`, 'utf8');
    for (const id of ruleFiles) expect(docs, id).toContain(`\`${id}\``);
  });
});

describe('check catalogue', () => {
  it('lists every catalogued check id in docs/checks.md, and nothing else', async () => {
    const { CATALOGUE } = await import('../../checks/catalogue.js');
    const documented = [...readFileSync(`${ROOT}docs/checks.md`, 'utf8').matchAll(/^\| (MBX\.[A-Z]+\.\d+) \|/gm)].map((m) => m[1]);
    expect(
      difference(
        documented,
        CATALOGUE.map((c) => c.id),
      ),
    ).toEqual(SAME);
    expect(documented).toEqual(CATALOGUE.map((c) => c.id));
  });
});
