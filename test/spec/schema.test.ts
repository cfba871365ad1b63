/** The schema is the contract: every key described, unknown keys refused everywhere, versioned id. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spec.js';

type Node = Record<string, unknown> & { properties?: Record<string, Node>; $ref?: string; description?: string; type?: string };
const schema = JSON.parse(readFileSync(`${ROOT}schemas/mailbox-spec.schema.json`, 'utf8')) as Node & { $defs: Record<string, Node> };

function walk(node: Node, path: string, visit: (node: Node, path: string) => void) {
  visit(node, path);
  for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}/${key}`, visit);
  const items = node.items as Node | undefined;
  if (items && !items.$ref) walk(items, `${path}[]`, visit);
}

describe('schemas/mailbox-spec.schema.json', () => {
  it('is JSON Schema 2020-12 with a versioned $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/\/v\d+\.json$/);
  });

  it('describes every property, directly or through the definition it references', () => {
    const undocumented: string[] = [];
    const roots: Array<[Node, string]> = [[schema, ''], ...Object.entries(schema.$defs).map(([name, def]): [Node, string] => [def, `$defs/${name}`])];
    for (const [root, base] of roots)
      walk(root, base, (node, path) => {
        for (const [key, child] of Object.entries(node.properties ?? {})) {
          const target = child.$ref ? schema.$defs[child.$ref.replace('#/$defs/', '')] : child;
          if (!child.description && !target?.description) undocumented.push(`${path}/${key}`);
        }
      });
    expect(undocumented).toEqual([]);
  });

  it('refuses unknown keys in every object', () => {
    const open: string[] = [];
    const roots: Array<[Node, string]> = [[schema, ''], ...Object.entries(schema.$defs).map(([name, def]): [Node, string] => [def, `$defs/${name}`])];
    for (const [root, base] of roots)
      walk(root, base, (node, path) => {
        if (node.properties && node.additionalProperties !== false) open.push(path || '/');
      });
    expect(open).toEqual([]);
  });
});

describe('written spec types', () => {
  it("are the schema's, as the generator writes them (run npm run spec-types after changing the schema)", async () => {
    const generator = '../../scripts/spec-types.mjs';
    const { specTypes } = (await import(generator)) as { specTypes: () => Promise<string> };
    expect(readFileSync(`${ROOT}src/spec/written.gen.ts`, 'utf8') === (await specTypes()), 'src/spec/written.gen.ts is stale: npm run spec-types').toBe(true);
  });
});
