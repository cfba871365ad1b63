/**
 * The tables of docs/checks.md, written from the registry (checks/catalogue.ts) and the coverage
 * map, so a new check or spec key is documented by adding it, not by editing the page: `npm run
 * docs` rewrites each region between `<!-- generated: NAME -->` and `<!-- end generated -->`, and
 * test/checks/docs.test.ts fails when the page and the registry differ.
 */
import { readFileSync } from 'node:fs';
import { SPEC_SCHEMA_PATH } from '../src/paths.js';
import { CATALOGUE } from './catalogue.js';
import { SPEC_KEY_CHECKS } from './coverage.js';

interface SchemaNode {
  readonly $ref?: string;
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/** Every leaf key of the spec's schema in the schema's order, `[]` marking a list. */
export function specKeys(schemaFile = SPEC_SCHEMA_PATH): string[] {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> };
  const keys: string[] = [];
  const walk = (given: SchemaNode, path: string): void => {
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

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The generated regions of docs/checks.md, by name. */
export function checkDocTables(): ReadonlyMap<string, string> {
  const catalogue = [
    '| id | category | severity | scope | owns | what it verifies |',
    '|---|---|---|---|---|---|',
    ...CATALOGUE.map(
      (entry) =>
        `| ${entry.id} | ${entry.category} | ${entry.severity} | ${entry.scope} | ${cell(entry.owns)} | [${cell(entry.title)}](../checks/${entry.category}/${entry.id}.md)${entry.controls.length === 0 ? '' : ` (${entry.controls.join(', ')})`} |`,
    ),
  ];
  const coverage = [
    '| spec key | checks |',
    '|---|---|',
    ...specKeys().map((key) => {
      const checks = SPEC_KEY_CHECKS[key];
      return `| \`${key}\` | ${checks === undefined ? '(not mapped)' : 'none' in checks ? `none: ${cell(checks.none)}` : checks.join(', ')} |`;
    }),
  ];
  return new Map([
    ['catalogue', catalogue.join('\n')],
    ['coverage', coverage.join('\n')],
  ]);
}

const REGION = /(<!-- generated: ([\w-]+) -->\n)[\s\S]*?(\n<!-- end generated -->)/g;

/** The page with each generated region written afresh. */
export function withTables(page: string, tables: ReadonlyMap<string, string> = checkDocTables()): string {
  return page.replace(REGION, (whole, open: string, name: string, close: string) => {
    const table = tables.get(name);
    return table === undefined ? whole : `${open}${table}${close}`;
  });
}
