/**
 * Every check that runs is in the catalogue, lives under checks/<category>/, has its doc beside it
 * with the fixed headings (docs/architecture.md, "Verification"), and has a test file with a passing and a
 * failing case; docs/checks.md links each.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../checks/catalogue.js';
import { CHECKS } from '../../checks/index.js';

/** Checks that cannot prove what they look at (the tenant does not expose it), and so never pass: each with why. */
const NEVER_PASSES: Readonly<Record<string, string>> = {
  'MBX.AUTOMAP.1': 'Exchange exposes no admin API for whether a grant auto-maps: the check fails what cannot auto-map and proves nothing else',
};

const HEADINGS = ['## Requirement', '## Rationale', '## Remediation', '## Required permissions', '## Related controls', '## References'];

describe.each(CHECKS.map((check) => [check.id, check] as const))('%s', (id) => {
  const entry = CATALOGUE.find((candidate) => candidate.id === id);
  const base = `checks/${entry?.category}/${id}`;

  it('is catalogued and lives in the folder of its category', () => {
    expect(entry).toBeDefined();
    expect(existsSync(`${base}.ts`)).toBe(true);
  });

  it('has a doc with the fixed headings, in order, and remediation for spec, pulumi, PowerShell and portal', () => {
    const doc = readFileSync(`${base}.md`, 'utf8');
    expect(doc.startsWith(`# ${id}: ${entry?.title}`)).toBe(true);
    const positions = HEADINGS.map((heading) => doc.indexOf(`\n${heading}\n`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const way of ['- Spec:', '- `pulumi up`:', '- PowerShell:', '- Portal:']) expect(doc).toContain(way);
  });

  it('names in its doc, under "Related controls", exactly the benchmark controls the catalogue gives it', () => {
    const doc = readFileSync(`${base}.md`, 'utf8');
    const section = doc.slice(doc.indexOf('\n## Related controls\n'), doc.indexOf('\n## References\n'));
    const named = [...new Set(section.match(/\b(?:CIS\.M365\.\d+(?:\.\d+)+|MS\.EXO\.\d+\.\d+v\d+)\b/g) ?? [])].sort();
    expect({ id, controls: named }).toEqual({ id, controls: [...(entry?.controls ?? [])].sort() });
  });

  it('has tests for a pass (or for why it never passes) and a failure', () => {
    const test = readFileSync(`test/${base}.test.ts`, 'utf8');
    expect(test).toMatch(id in NEVER_PASSES ? /it\(['"]never passes/ : /it\(['"]passes/);
    expect(test).toMatch(/it\(['"]fails/);
  });

  it('says in the registry what it owns and which spec keys it verifies', () => {
    expect(entry?.owns.length ?? 0).toBeGreaterThan(10);
    expect(entry?.covers.length ?? 0).toBeGreaterThan(0);
  });
});

it('runs each check once', () => {
  expect(CHECKS.map((check) => check.id).filter((id, index, all) => all.indexOf(id) !== index)).toEqual([]);
});
