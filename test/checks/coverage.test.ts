/**
 * Every key of the spec has a check that verifies it, or a written reason why none does
 * (checks/coverage.ts, issue 18); docs/checks.md shows the same map.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../checks/catalogue.js';
import { CHECKS } from '../../checks/index.js';
import { difference, SAME } from '../helpers/sets.js';
import { SPEC_KEY_CHECKS } from '../../checks/coverage.js';

interface Node {
  $ref?: string;
  type?: string;
  items?: Node;
  properties?: Record<string, Node>;
}

/** Every leaf key of the spec schema, `[]` marking a list. */
function specKeys(): string[] {
  const schema = JSON.parse(readFileSync('schemas/mailbox-spec.schema.json', 'utf8')) as Node & { $defs: Record<string, Node> };
  const keys: string[] = [];
  const walk = (given: Node, path: string): void => {
    const node = given.$ref === undefined ? given : { ...schema.$defs[given.$ref.replace('#/$defs/', '')], ...given, $ref: undefined };
    if (node.items !== undefined) return walk(node.items, `${path}[]`);
    if (node.properties !== undefined) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    keys.push(path);
  };
  walk(schema, '');
  return keys;
}

describe('the spec-key-to-check map', () => {
  it('covers every key of the schema, and names no key the schema lacks', () => {
    expect(difference(Object.keys(SPEC_KEY_CHECKS), specKeys())).toEqual(SAME);
  });

  it('names only checks that run, and gives a reason of substance where no check verifies a key', () => {
    const running = new Set(CHECKS.map((check) => check.id));
    for (const [key, coverage] of Object.entries(SPEC_KEY_CHECKS)) {
      if ('none' in coverage) expect(coverage.none.length, key).toBeGreaterThan(40);
      else {
        expect(coverage.length, key).toBeGreaterThan(0);
        for (const id of coverage) expect(running.has(id), `${key}: ${id}`).toBe(true);
      }
    }
  });

  it('leaves no configuration check unused', () => {
    const used = new Set(Object.values(SPEC_KEY_CHECKS).flatMap((coverage) => ('none' in coverage ? [] : coverage)));
    // The organization-wide app checks verify the app as a whole, which its keys name.
    expect(CATALOGUE.map((entry) => entry.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it('is shown in docs/checks.md, one row per key', () => {
    const doc = readFileSync('docs/checks.md', 'utf8');
    for (const [key, coverage] of Object.entries(SPEC_KEY_CHECKS))
      expect(doc, key).toContain(`| \`${key}\` | ${'none' in coverage ? `none: ${coverage.none}` : coverage.join(', ')} |`);
  });
});
