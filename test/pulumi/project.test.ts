/**
 * What `pulumi preview` needs from the project, checked without the CLI (which cannot be installed
 * here): Pulumi.yaml and every stack's config are complete and typed right, each stack's spec
 * loads, and the entry loads from its TypeScript source the way the Pulumi CLI loads an ES module
 * project (ts-node's ESM loader), declaring the stack's resources with providers the engine's host
 * can load.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/spec/load.js';

interface ConfigKey {
  readonly type: 'string' | 'boolean' | 'integer';
  readonly default?: unknown;
}
interface Project {
  readonly name: string;
  readonly runtime: { readonly name: string };
  readonly main: string;
  readonly stackConfigDir: string;
  readonly config: Record<string, ConfigKey>;
}

const project = yaml.load(readFileSync('Pulumi.yaml', 'utf8')) as Project;
const stacks = readdirSync(project.stackConfigDir).filter((file) => /^Pulumi\..+\.yaml$/.test(file));
const stackConfig = (file: string) => (yaml.load(readFileSync(join(project.stackConfigDir, file), 'utf8')) as { config: Record<string, unknown> }).config;

/** `pulumi preview` of a stack, as the CLI loads the program, under the mock runtime. */
function preview(stackFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--loader', 'ts-node/esm', 'test/pulumi/fixtures/preview.mjs', join(project.stackConfigDir, stackFile)],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

describe('Pulumi.yaml', () => {
  it('is a Node.js project whose main is the TypeScript entry, with typed keys for the spec and the emulator switch', () => {
    expect(project.runtime.name).toBe('nodejs');
    expect(existsSync(project.main)).toBe(true);
    expect(project.main).toBe('src/pulumi/index.ts');
    expect(project.config['mbx:spec']).toMatchObject({ type: 'string' });
    expect(project.config['mbx:emulator']).toMatchObject({ type: 'boolean', default: false });
    expect(stacks).toEqual(expect.arrayContaining(['Pulumi.local.yaml', 'Pulumi.example.yaml']));
  });

  it.each(stacks)('%s sets every key without a default, with its type, and names a spec that loads', async (file) => {
    const config = stackConfig(file);
    for (const [key, declared] of Object.entries(project.config)) {
      if (declared.default === undefined) expect(config, `${file} must set ${key}`).toHaveProperty([key]);
      if (key in config) expect(typeof config[key], `${file}: ${key}`).toBe(declared.type === 'integer' ? 'number' : declared.type);
    }
    const loaded = await loadSpecFile(String(config['mbx:spec']));
    expect(loaded.ok).toBe(true);
    if (loaded.ok && loaded.spec.app?.credential.kind === 'certificate' && config['mbx:emulator'] !== true)
      expect(config).toHaveProperty(['mbx:appCertificate']);
  });
});

describe('the entry as the Pulumi CLI loads it', () => {
  it('declares the example stack from the TypeScript source, with providers the engine host loads from dist/', async () => {
    const { code, stdout, stderr } = await preview('Pulumi.example.yaml');
    expect(code, stderr).toBe(0);
    const { declared, modules } = JSON.parse(stdout) as { declared: string[]; modules: string[] };
    expect(declared).toEqual(
      expect.arrayContaining([
        'azuread:index/application:Application app',
        'pulumi-nodejs:dynamic/mbx:SharedMailbox info@contoso.com',
        'pulumi-nodejs:dynamic/mbx:CasMailbox info@contoso.com',
        'pulumi-nodejs:dynamic/mbx:ManagementScope mbx Contoso mail connectors',
      ]),
    );
    expect(modules.length).toBeGreaterThan(5);
    expect(modules.every((url) => /\/dist\/src\/pulumi\/providers\/[a-z-]+\.js$/.test(url))).toBe(true);
  });

  it('refuses the local stack, which only mbx apply --local reaches', async () => {
    const { code, stderr } = await preview('Pulumi.local.yaml');
    expect(code).not.toBe(0);
    expect(stderr).toContain('mbx apply --local');
  });
});
