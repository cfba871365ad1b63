/**
 * The CLI under hostile input (issue 29): every command that reads a file is given files that are
 * not JSON, JSON of the wrong shape, truncated, huge, a folder, a missing path and another
 * command's output; the commands that reach a tenant get hostile environment values. Each must end
 * with a named error of the catalogue, an exit code its help documents, and no stack trace: zero
 * INTERNAL, for nothing here is a bug a user should have to report.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ERROR_CODES } from '../../src/errors.js';
import { runMbx, type CliRun } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CONTOSO_PATH } from '../helpers/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'mbx-cli-fuzz-'));
let emulator: TestEmulator;
const file = (name: string): string => join(dir, name);

/** The exit codes each command's help lists. */
const DOCUMENTED: Readonly<Record<string, readonly number[]>> = {
  validate: [0, 1, 2],
  verify: [0, 1, 2, 3],
  probe: [0, 1, 2, 3],
  diff: [0, 1, 2, 3],
  report: [0, 1, 2, 3],
  snapshot: [0, 2, 3],
  apply: [0, 1, 2],
  export: [0, 2, 3],
  emulator: [0, 2],
};

/** Hostile files, by name: what each holds. */
const HOSTILE: Record<string, () => string> = {
  'not-json': () => file('not-json.json'),
  array: () => file('array.json'),
  number: () => file('number.json'),
  'empty-file': () => file('empty.json'),
  'empty-object': () => file('empty-object.json'),
  truncated: () => file('truncated.json'),
  huge: () => file('huge.json'),
  folder: () => file('a-folder'),
  missing: () => file('missing.json'),
  'a snapshot': () => file('snapshot.json'),
  'a report': () => file('report.json'),
  'a spec': () => CONTOSO_PATH,
};

beforeAll(async () => {
  emulator = await startTestEmulator();
  writeFileSync(file('not-json.json'), 'secret=hunter2 {');
  writeFileSync(file('array.json'), '[1, 2, 3]');
  writeFileSync(file('number.json'), '42');
  writeFileSync(file('empty.json'), '');
  writeFileSync(file('empty-object.json'), '{}');
  writeFileSync(file('huge.json'), `{"kind": "${'x'.repeat(8 * 1024 * 1024)}"}`);
  mkdirSync(file('a-folder'));
  const snapshot = await runMbx(['snapshot', '--out', file('snapshot.json')], emulator.env);
  expect(snapshot.code, snapshot.stderr).toBe(0);
  const report = await runMbx(['verify', CONTOSO_PATH, '--no-probes', '--format', 'json', '--out-dir', file('report')], emulator.env);
  expect(report.stderr).not.toContain('INTERNAL');
  writeFileSync(file('report.json'), readFileSync(join(file('report'), 'mbx-report.json')));
  writeFileSync(file('truncated.json'), readFileSync(file('report.json'), 'utf8').slice(0, 1500));
}, 120_000);
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A run ended as a user may be told: a catalogued code, a documented exit, no stack, no secret. A
 * spec's diagnostics quote the spec's own line (it is the user's file to fix, and holds no secret);
 * no other file's content is ever quoted.
 */
function expectNamed(run: CliRun, command: string, what: string, spec: boolean): void {
  expect(run.stderr, what).not.toContain('INTERNAL');
  expect(run.stderr, what).not.toMatch(/\n\s+at .+:\d+:\d+/);
  if (!spec) expect(run.stderr, what).not.toContain('hunter2');
  expect(DOCUMENTED[command], what).toContain(run.code);
  if (run.code === 2) {
    const code = /\[([A-Z_]+)\]/.exec(run.stderr)?.[1];
    expect(code === undefined ? undefined : code in ERROR_CODES, `${what}: ${run.stderr}`).toBe(true);
  }
}

/** Runs the cases two at a time, each a process of its own, as a pipeline runs mbx. */
async function each(cases: readonly [string, string[], NodeJS.ProcessEnv][]): Promise<void> {
  const queue = [...cases];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [what, args, env] = next;
      expectNamed(await runMbx(args, env), args[0] as string, what, /^(validate|verify) /.test(what));
    }
  };
  await Promise.all([worker(), worker()]);
}

/**
 * Runs the cases one after another through the CLI's entry in this process (main(), what bin/mbx.js
 * calls): a hundred files would cost a hundred Node starts. The environment is the emulator's.
 */
async function inProcess(cases: readonly [string, string[]][]): Promise<void> {
  const saved = { ...process.env };
  process.env = { ...saved, ...emulator.env };
  try {
    for (const [what, args] of cases) {
      let stdout = '';
      let stderr = '';
      const started = performance.now();
      const code = await main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
      expectNamed({ code, stdout, stderr, ms: performance.now() - started }, args[0] as string, what, /^(validate|verify) /.test(what));
    }
  } finally {
    process.env = saved;
  }
}

describe('hostile files', () => {
  it('every command that reads a file names what is wrong with it', async () => {
    const state = mkdtempSync(join(dir, 'state-'));
    const cases: [string, string[]][] = [];
    for (const [name, path] of Object.entries(HOSTILE)) {
      const hostile = path();
      cases.push(
        [`validate ${name}`, ['validate', hostile]],
        [`verify ${name}`, ['verify', hostile, '--no-probes']],
        [`diff ${name}`, ['diff', hostile, file('snapshot.json')]],
        [`report merge ${name}`, ['report', 'merge', hostile]],
        [`snapshot --since ${name}`, ['snapshot', '--since', hostile, '--out', file(`since-${name}.json`)]],
        [`emulator --faults ${name}`, ['emulator', '--faults', hostile, '--state-dir', state, '--port', '0']],
      );
    }
    cases.push(
      ['emulator --state-dir a file', ['emulator', '--state-dir', file('report.json'), '--port', '0']],
      ['export --out a folder', ['export', '--out', file('a-folder')]],
      ['snapshot --out a folder', ['snapshot', '--out', file('a-folder')]],
    );
    await inProcess(cases);
    // And through the installed binary, as a pipeline meets them: one of each kind of file.
    await each(
      ['not-json', 'a snapshot', 'folder'].map((name) => [`report merge ${name} (binary)`, ['report', 'merge', HOSTILE[name]?.() as string], emulator.env]),
    );
  }, 600_000);
});

describe('hostile environment', () => {
  it('every variable mbx reads, set wrong, is a named error', async () => {
    const env = (change: Record<string, string>): NodeJS.ProcessEnv => ({ ...emulator.env, ...change });
    const noSecret = (change: Record<string, string>): NodeJS.ProcessEnv => env({ AZURE_CLIENT_SECRET: '', ...change });
    const verify = ['verify', CONTOSO_PATH, '--no-probes', '--format', 'json'];
    const cases: [string, string[], NodeJS.ProcessEnv][] = [
      ['MBX_GRAPH_URL not a URL', verify, env({ MBX_GRAPH_URL: 'not a url' })],
      ['MBX_EXCHANGE_URL over http', verify, env({ MBX_EXCHANGE_URL: 'http://127.0.0.1:1' })],
      ['MBX_AUTHORITY_HOST of another scheme', verify, env({ MBX_AUTHORITY_HOST: 'ftp://example.org' })],
      ['AZURE_TENANT_ID a path', verify, env({ AZURE_TENANT_ID: '../../etc' })],
      ['AZURE_CLIENT_ID empty', verify, env({ AZURE_CLIENT_ID: '' })],
      ['AZURE_CLIENT_SECRET wrong', verify, env({ AZURE_CLIENT_SECRET: 'hunter2' })],
      ['AZURE_CLIENT_CERTIFICATE_PATH a folder', verify, noSecret({ AZURE_CLIENT_CERTIFICATE_PATH: dir })],
      ['AZURE_CLIENT_CERTIFICATE_PATH not PEM', verify, noSecret({ AZURE_CLIENT_CERTIFICATE_PATH: file('not-json.json') })],
      ['AZURE_FEDERATED_TOKEN_FILE empty', verify, noSecret({ AZURE_FEDERATED_TOKEN_FILE: file('empty.json') })],
      ['AZURE_FEDERATED_TOKEN_FILE not a token', verify, noSecret({ AZURE_FEDERATED_TOKEN_FILE: file('not-json.json') })],
      [
        'a GitHub token service that refuses',
        verify,
        noSecret({ ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.url}/_ci/github/token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'hunter2' }),
      ],
      [
        'a GitHub token service out of reach',
        verify,
        noSecret({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://127.0.0.1:9/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'hunter2' }),
      ],
      ['ACTIONS_ID_TOKEN_REQUEST_URL not a URL', verify, noSecret({ ACTIONS_ID_TOKEN_REQUEST_URL: 'token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'hunter2' })],
      [
        'an Azure Pipelines OIDC service out of reach',
        verify,
        noSecret({ AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'c', SYSTEM_ACCESSTOKEN: 'hunter2', SYSTEM_OIDCREQUESTURI: 'https://127.0.0.1:9/oidc' }),
      ],
      [
        'SYSTEM_OIDCREQUESTURI not a URL',
        verify,
        noSecret({ AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'c', SYSTEM_ACCESSTOKEN: 'hunter2', SYSTEM_OIDCREQUESTURI: 'x' }),
      ],
      ['MBX_PROBE_CREDENTIALS a folder', ['verify', CONTOSO_PATH], env({ MBX_PROBE_CREDENTIALS: dir })],
      ['MBX_PROBE_CREDENTIALS not JSON', ['verify', CONTOSO_PATH], env({ MBX_PROBE_CREDENTIALS: file('not-json.json') })],
      ['MBX_PROBE_CREDENTIALS a report', ['probe', CONTOSO_PATH], env({ MBX_PROBE_CREDENTIALS: file('report.json') })],
      ['MBX_IMAP not host:port', ['probe', CONTOSO_PATH], env({ MBX_IMAP: 'garbage', MBX_PROBE_CREDENTIALS: file('report.json') })],
      ['NODE_EXTRA_CA_CERTS missing', verify, env({ NODE_EXTRA_CA_CERTS: file('missing.pem') })],
      ['export with MBX_GRAPH_URL wrong', ['export'], env({ MBX_GRAPH_URL: 'not a url' })],
      ['snapshot with AZURE_TENANT_ID wrong', ['snapshot'], env({ AZURE_TENANT_ID: 'a b' })],
      [
        'apply with MBX_EXCHANGE_URL wrong',
        ['apply', '--local', CONTOSO_PATH, '--certificate', file('app.pem'), '--dry-run'],
        env({ MBX_EXCHANGE_URL: 'nope' }),
      ],
    ];
    await each(cases);
  }, 600_000);
});
