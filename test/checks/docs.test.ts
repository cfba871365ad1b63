/**
 * docs/checks.md's tables are the registry's (checks/docs.ts): a check or spec key added to the
 * catalogue or the coverage map shows on the page after `npm run docs`, and a page edited by hand
 * or left behind fails here, naming the command that fixes it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { checkDocTables, withTables } from '../../checks/docs.js';

const page = readFileSync('docs/checks.md', 'utf8');

it('holds each generated table, as the registry writes it (run npm run docs to rewrite them)', () => {
  for (const name of checkDocTables().keys()) expect(page, name).toContain(`<!-- generated: ${name} -->\n`);
  expect(withTables(page) === page, 'docs/checks.md differs from the registry: run npm run docs').toBe(true);
});

it('writes a region afresh, whatever it held', () => {
  const stale = page.replace(/(<!-- generated: catalogue -->\n)[\s\S]*?(\n<!-- end generated -->)/, '$1| stale |$2');
  expect(stale).not.toBe(page);
  expect(withTables(stale)).toBe(page);
});
