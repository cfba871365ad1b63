/**
 * Every key of the spec has a check that verifies it, or a written reason why none does
 * (each check's `covers` in checks/catalogue.ts, and checks/coverage.ts for the reasons);
 * docs/checks.md shows the same map (test/checks/docs.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../checks/catalogue.js';
import { CHECKS } from '../../checks/index.js';
import { difference, SAME } from '../helpers/sets.js';
import { NOT_VERIFIED, SPEC_KEY_CHECKS } from '../../checks/coverage.js';
import { specKeys } from '../../checks/docs.js';

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

  it('gives a key either checks (in the catalogue) or a reason none verifies it, never both', () => {
    const covered = new Set(CATALOGUE.flatMap((entry) => entry.covers));
    expect(Object.keys(NOT_VERIFIED).filter((key) => covered.has(key))).toEqual([]);
  });
});
