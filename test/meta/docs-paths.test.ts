/**
 * The IT path is real (issue 20): every file a shell block in README.md and the Pulumi, adoption,
 * export and CI docs names either exists in the repository (or is built by npm run build) or is
 * made by an earlier command of the same page (cp, --out, -out, -keyout, >, --pulumi-import,
 * --state); every `mbx <command>` is one the CLI has; every `npm run <script>` is in package.json;
 * every `mbx:` config key is declared in Pulumi.yaml; and the policy pack is a folder as `pulumi
 * policy publish` takes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';

const PAGES = ['README.md', 'docs/pulumi.md', 'docs/adopt.md', 'docs/export.md', 'docs/ci.md'];
/** What npm run build makes; the checks run after it. */
const BUILT = new Set(['policy/index.js']);
/** The CLI's commands, from its own help (and report's subcommand). */
let help = '';
await main(['--help'], { stdout: (text) => (help += text), stderr: () => {} });
const COMMANDS = new Set([...help.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1] as string).concat('merge'));
const PATH = /(?:^|[\s"'=(])((?:\.{0,2}\/)?(?:[\w.-]+\/)*[\w-][\w.-]*\.(?:ya?ml|json|pem|key|ts|js|md|html|xml|sarif))(?=$|[\s"')])/g;
/** Options after which a command writes the file it names (apply --local creates a missing --certificate, and writes --people). */
const MAKES = /(?:^|\s)(?:cp\s+\S+|--out|-out|-keyout|--pulumi-import|--state|--certificate|--people|>)\s+["']?([^\s"']+)/g;

const shellBlocks = (text: string): string[] => [...text.matchAll(/```(?:sh|bash|shell)(?: [^\n]*)?\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
/** A line without its comment (a `#` after whitespace). */
const code = (line: string): string => line.replace(/(^|\s)#.*$/, '');

describe("the docs' commands and paths", () => {
  for (const page of PAGES) {
    it(`${page}: every file a command names exists or an earlier command makes it`, () => {
      const made = new Set<string>();
      const missing: string[] = [];
      for (const block of shellBlocks(readFileSync(page, 'utf8'))) {
        for (const raw of block.split('\n')) {
          const line = code(raw);
          for (const match of line.matchAll(PATH)) {
            const path = (match[1] ?? '').replace(/^\.\//, '');
            if (path.includes('<') || made.has(path) || BUILT.has(path) || existsSync(path)) continue;
            // Made later on this line (cp a b names b after a)?
            const makesHere = [...line.matchAll(MAKES)].some((making) => making[1]?.replace(/^\.\//, '') === path);
            if (!makesHere) missing.push(`${path} (in: ${raw.trim()})`);
          }
          for (const making of line.matchAll(MAKES)) made.add((making[1] ?? '').replace(/^\.\//, ''));
        }
      }
      expect(missing).toEqual([]);
    });

    it(`${page}: every mbx command and npm script it runs exists`, () => {
      const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
      const unknown: string[] = [];
      for (const block of shellBlocks(readFileSync(page, 'utf8'))) {
        for (const line of block.split('\n').map(code)) {
          for (const match of line.matchAll(/\bmbx\s+([a-z][\w-]*)/g)) if (!COMMANDS.has(match[1] ?? '')) unknown.push(`mbx ${match[1] ?? ''}`);
          for (const match of line.matchAll(/\bnpm run ([\w:-]+)/g)) if (scripts[match[1] ?? ''] === undefined) unknown.push(`npm run ${match[1] ?? ''}`);
        }
      }
      expect(unknown).toEqual([]);
    });
  }

  it('declares in Pulumi.yaml every mbx: config key the docs and the example stack name', () => {
    const declared = Object.keys((parse(readFileSync('Pulumi.yaml', 'utf8')) as { config: Record<string, unknown> }).config);
    const named = new Set<string>();
    for (const file of [...PAGES, 'stacks/Pulumi.example.yaml', 'stacks/Pulumi.local.yaml'])
      for (const match of readFileSync(file, 'utf8').matchAll(/\bmbx:([a-zA-Z]+)\b/g)) named.add(`mbx:${match[1] ?? ''}`);
    expect([...named].filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('keeps the policy pack in its own folder, as pulumi policy publish takes it', () => {
    const manifest = parse(readFileSync('policy/PulumiPolicy.yaml', 'utf8')) as { runtime: string };
    expect(manifest.runtime).toBe('nodejs');
    const pack = JSON.parse(readFileSync('policy/package.json', 'utf8')) as {
      main: string;
      version: string;
      files: string[];
      dependencies: Record<string, string>;
    };
    const root = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies: Record<string, string> };
    expect(pack.version).toBe(root.version);
    expect(existsSync(`policy/${pack.main}`)).toBe(true);
    expect(pack.files).toEqual(expect.arrayContaining([pack.main, 'PulumiPolicy.yaml', 'schemas/']));
    for (const dependency of ['@pulumi/policy', '@pulumi/pulumi']) expect(pack.dependencies[dependency]).toBe(root.dependencies[dependency]);
  });
});
