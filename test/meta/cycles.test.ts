/**
 * No two files of src/ or checks/ import each other, directly or round a longer circle, type
 * imports included. The linter (eslint.config.js, import-x/no-cycle) refuses a runtime cycle as it
 * is written; it does not see `import type`, which binds two files as tightly for a reader: the
 * shared part belongs in a file below both. This walks every relative import and names each circle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/spec.js';

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** The files a file imports by relative path (`from './x.js'`, `import('./x.js')`), as .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1] ?? '');
  return specifiers
    .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    .map((path) => (existsSync(path) ? path : join(path.replace(/\.ts$/, ''), 'index.ts')))
    .filter((path) => existsSync(path));
}

/** Tarjan's strongly connected components: each circle of files, as one group. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

it('has no circle of imports among the files of src/ and checks/, type imports included', () => {
  const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'checks'))];
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  expect(graph.size).toBeGreaterThan(200);
  expect(circles(graph).map((group) => group.map((file) => relative(ROOT, file)).join(' <-> '))).toEqual([]);
});
