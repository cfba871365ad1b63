/**
 * A run that cannot start or finish still reports (issue 29): every requested format is written
 * with the run-level error at its top, the exit code is the error's, and nothing is INTERNAL.
 * Sign-in follows the token endpoint's Retry-After to the run's budget; the tenant reached must
 * be the spec's; a credential file the environment names is checked before any request.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FILE_NAMES } from '../../src/verify/render/index.js';
import { runMbx } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CONTOSO_PATH, ROOT } from '../helpers/spec.js';
import { TenantAdmin } from '../helpers/tenant.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const dir = mkdtempSync(join(tmpdir(), 'mbx-run-errors-'));
let emulator: TestEmulator;
const FORMATS = 'text,json,junit,sarif,markdown,html,csv';
const validate = (() => {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')));
})();

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterEach(() => emulator.control('PUT', 'faults', { rules: [] }));
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** examples/contoso.yaml with one more accepted domain and `edit` made, written to `name`: its path. */
function contosoWith(name: string, domain: string, edit: (text: string) => string): string {
  const path = join(dir, name);
  const text = readFileSync(CONTOSO_PATH, 'utf8').replace(
    'acceptedDomains: [contoso.com, contoso.onmicrosoft.com]',
    `acceptedDomains: [contoso.com, contoso.onmicrosoft.com, ${domain}]`,
  );
  writeFileSync(path, edit(text));
  return path;
}

const tokenRequests = async (): Promise<number> =>
  ((await (await emulator.control('GET', 'counters')).json()) as { operations: Record<string, { requests: number }> }).operations['entra token']?.requests ?? 0;

describe('the token endpoint throttles', () => {
  it('six 429s with Retry-After are waited out: the run goes on and reports the retries', async () => {
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'entra', operation: 'token', status: 429, retryAfterSeconds: 1, times: 6 }] });
    const out = join(dir, 'six');
    const run = await runMbx(['verify', CONTOSO_PATH, '--no-probes', '--format', 'json', '--out-dir', out], emulator.env);
    expect(run.stderr).not.toContain('INTERNAL');
    // The empty tenant fails contoso's spec: what matters is that the checks ran.
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'mbx-report.json'), 'utf8')) as { runErrors?: unknown; requests: { retries: number } };
    expect(report.runErrors).toBeUndefined();
    expect(report.requests.retries).toBeGreaterThanOrEqual(6);
  });

  it('throttled past the budget: TENANT_THROTTLED, exit 3, every format written with the error at its top', async () => {
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'entra', operation: 'token', status: 429, retryAfterSeconds: 1 }] });
    const before = await tokenRequests();
    const out = join(dir, 'throttled');
    const run = await runMbx(['verify', CONTOSO_PATH, '--no-probes', '--budget', '4s', '--format', FORMATS, '--out-dir', out], emulator.env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^mbx: Entra ID throttled the sign-in of the app .* \(AADSTS90035\) for longer than the run's budget .* \[TENANT_THROTTLED\]\n$/,
    );
    expect(run.stderr).not.toContain('at ');
    // Each try a request of its own, about one a second as Retry-After asks (MSAL's 60 s hold is not waited).
    expect((await tokenRequests()) - before).toBeGreaterThanOrEqual(3);
    expect(readdirSync(out).sort()).toEqual(Object.values(FILE_NAMES).sort());
    const json = JSON.parse(readFileSync(join(out, 'mbx-report.json'), 'utf8')) as { runErrors: { code: string }[]; results: unknown[] };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.runErrors.map((error) => error.code)).toEqual(['TENANT_THROTTLED']);
    expect(json.results).toEqual([]);
    expect(readFileSync(join(out, 'mbx-report.txt'), 'utf8')).toContain('STOPPED [TENANT_THROTTLED]');
    expect(readFileSync(join(out, 'mbx-report.md'), 'utf8')).toMatch(/^## ⚠️ Not proven/);
    expect(readFileSync(join(out, 'mbx-report.html'), 'utf8')).toContain('The run stopped');
    expect(readFileSync(join(out, 'mbx-report.junit.xml'), 'utf8')).toContain('errors="1"');
    expect(readFileSync(join(out, 'mbx-report.sarif'), 'utf8')).toContain('"executionSuccessful": false');
    expect(readFileSync(join(out, 'mbx-actions.csv'), 'utf8')).toMatch(/\r\nerror,high,run,.*\[TENANT_THROTTLED\]/);
  });
});

describe('a verdict about the tenant the spec names', () => {
  it('a spec for another tenant exits 2 before any check (TENANT_MISMATCH), naming both', async () => {
    const spec = contosoWith('northwind.yaml', 'northwindtraders.onmicrosoft.com', (text) =>
      text.replace('primaryDomain: contoso.onmicrosoft.com', 'primaryDomain: northwindtraders.onmicrosoft.com'),
    );
    const out = join(dir, 'mismatch');
    const run = await runMbx(['verify', spec, '--no-probes', '--format', 'json', '--out-dir', out], emulator.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the spec is for northwindtraders.onmicrosoft.com, but the tenant reached');
    expect(run.stderr).toContain('contoso.com');
    expect(run.stderr).toContain('[TENANT_MISMATCH]');
    const json = JSON.parse(readFileSync(join(out, 'mbx-report.json'), 'utf8')) as { runErrors: { code: string }[]; results: unknown[] };
    expect(json.runErrors.map((error) => error.code)).toEqual(['TENANT_MISMATCH']);
    expect(json.results).toEqual([]);
  });
});

describe('credential files the environment names', () => {
  const noSecret = (): NodeJS.ProcessEnv => ({ ...emulator.env, AZURE_CLIENT_SECRET: '' });
  const cases: [string, () => NodeJS.ProcessEnv, RegExp][] = [
    [
      'a certificate path that does not exist',
      () => ({ ...noSecret(), AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'nope.pem') }),
      /nope\.pem, which cannot be read \(ENOENT\)/,
    ],
    ['a certificate path that is a folder', () => ({ ...noSecret(), AZURE_CLIENT_CERTIFICATE_PATH: dir }), /which cannot be read \(EISDIR\)/],
    [
      'a certificate file that is not PEM',
      () => {
        writeFileSync(join(dir, 'not.pem'), 'hello');
        return { ...noSecret(), AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'not.pem') };
      },
      /not a PEM file holding both the certificate and its private key/,
    ],
    [
      'a federated token file that does not exist',
      () => ({ ...noSecret(), AZURE_FEDERATED_TOKEN_FILE: join(dir, 'token') }),
      /AZURE_FEDERATED_TOKEN_FILE names .*token, which cannot be read/,
    ],
    [
      'an empty federated token file',
      () => {
        writeFileSync(join(dir, 'empty-token'), '\n');
        return { ...noSecret(), AZURE_FEDERATED_TOKEN_FILE: join(dir, 'empty-token') };
      },
      /empty-token, which is empty/,
    ],
  ];
  for (const [name, env, message] of cases) {
    it(`${name}: CREDENTIALS_INVALID, exit 2, no stack`, async () => {
      const run = await runMbx(['verify', CONTOSO_PATH, '--no-probes'], env());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('[CREDENTIALS_INVALID]');
      expect(run.stderr).not.toContain('INTERNAL');
      expect(run.stdout).toContain('STOPPED [CREDENTIALS_INVALID]');
    });
  }
});

describe('mbx apply --local --people', () => {
  it('names each person whose domain the tenant lacks, and creates nobody (exit 2)', async () => {
    const spec = contosoWith('fabrikam-people.yaml', 'fabrikam.com', (text) => text.replaceAll('lena.schmidt@contoso.com', 'lena.schmidt@fabrikam.com'));
    const users = async (): Promise<string[]> => {
      const admin = new TenantAdmin(emulator);
      const answer = (await admin.graph('GET', 'users?$select=userPrincipalName')).body as { value: { userPrincipalName: string }[] };
      return answer.value.map((user) => user.userPrincipalName).sort();
    };
    const before = await users();
    const run = await runMbx(['apply', '--local', spec, '--certificate', join(dir, 'app.pem'), '--people', join(dir, 'people.json')], emulator.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('lena.schmidt@fabrikam.com (fabrikam.com): its domain is not a domain of the tenant');
    expect(run.stderr).toContain('nobody was created');
    expect(await users()).toEqual(before);
  });
});
