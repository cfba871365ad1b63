/**
 * Exit codes a gate can trust (issue 15; docs/ci.md, "Exit codes", lists each rule). Every case runs
 * the installed binary in a process of its own, with only the environment a pipeline would give it,
 * so what is pinned is what a pipeline sees: the status, one clear line on stderr, nothing secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCertificate } from '../../src/m365/certificate.js';
import { runMbx } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CONTOSO_PATH } from '../helpers/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'mbx-exit-codes-'));
let emulator: TestEmulator;
/** A credentials file that names every identity contoso's probes sign in as (their secrets are wrong: nothing gets that far). */
let credentials: string;

const mbx = runMbx;

const tenantEnv = (): NodeJS.ProcessEnv => ({ ...emulator.env, MBX_PROBE_CREDENTIALS: credentials });

/** The tenant's environment less one variable. */
function tenantEnvWithout(name: string): NodeJS.ProcessEnv {
  const env = tenantEnv();
  delete env[name];
  return env;
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  credentials = join(dir, 'probe-credentials.json');
  const delegates = Object.fromEntries(
    ['max.mustermann', 'erika.musterfrau', 'svc-genesys', 'lena.schmidt'].map((name) => [`${name}@contoso.com`, { password: 'not-used' }]),
  );
  writeFileSync(credentials, JSON.stringify({ delegates, app: { clientSecret: 'not-used' } }), { mode: 0o600 });
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('what a gate reads from mbx probe and mbx verify', () => {
  it('mbx probe against an empty tenant fails (exit 1): the clients have no app to sign in through, and no mailbox to connect to', async () => {
    const run = await mbx(['probe', CONTOSO_PATH], tenantEnv());
    expect(run.code).toBe(1);
    // Titled as the command it is; on a pipe, no colour.
    expect(run.stdout.startsWith(`mbx probe ${CONTOSO_PATH} against`)).toBe(true);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toContain('fail');
    // The directory's answer, not a server's: the step says where it came from.
    expect(run.stdout).toMatch(/at "look it up in the directory".*has no app registration named/);
  });

  it('mbx probe without MBX_PROBE_CREDENTIALS exits 2 and names the variable, before any request', async () => {
    const env = tenantEnvWithout('MBX_PROBE_CREDENTIALS');
    const before = (await (await emulator.control('GET', 'counters')).json()) as { operations: Record<string, { requests: number }> };
    const run = await mbx(['probe', CONTOSO_PATH], env);
    const after = (await (await emulator.control('GET', 'counters')).json()) as { operations: Record<string, { requests: number }> };
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('MBX_PROBE_CREDENTIALS is not set');
    expect(run.stderr).toContain('[PROBE_CREDENTIALS_MISSING]');
    const count = (counters: typeof before): number =>
      Object.entries(counters.operations)
        .filter(([name]) => !name.startsWith('control'))
        .reduce((sum, [, operation]) => sum + operation.requests, 0);
    expect(count(after)).toBe(count(before));
  });

  it('mbx verify with probes and a credentials file that lacks a delegate exits 2, naming who is missing', async () => {
    const partial = join(dir, 'partial.json');
    writeFileSync(partial, JSON.stringify({ delegates: { 'max.mustermann@contoso.com': { password: 'x' } }, app: { clientSecret: 'x' } }), { mode: 0o600 });
    const run = await mbx(['verify', CONTOSO_PATH], { ...tenantEnv(), MBX_PROBE_CREDENTIALS: partial });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('erika.musterfrau@contoso.com');
    expect(run.stderr).not.toContain('max.mustermann@contoso.com (');
  });

  it.each([
    [['--only', 'MBX.SENDAS.0'], '--only MBX.SENDAS.0 names no check id, category or shared mailbox of the spec; did you mean MBX.SENDAS.1?'],
    [['--skip', 'send-az'], '--skip send-az names no check id, category or shared mailbox of the spec; did you mean send-as?'],
    [['--only', 'NOPE.1'], '--only NOPE.1 names no check id, category or shared mailbox of the spec'],
  ])('an unknown selector %j exits 2 with the nearest name', async (args, message) => {
    const run = await mbx(['verify', CONTOSO_PATH, '--no-probes', ...args], tenantEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('[USAGE]');
  });

  it('an unknown --mailbox exits 2 with the nearest shared mailbox', async () => {
    const run = await mbx(['probe', CONTOSO_PATH, '--mailbox', 'inf@contoso.com'], tenantEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--mailbox inf@contoso.com names no shared mailbox of the spec; did you mean info@contoso.com?');
  });

  it('a run whose results are all skips is not 0, even with --allow-errors', async () => {
    // Contoso has no POP client: every MBX.POP.1 result is a skip.
    const run = await mbx(['probe', CONTOSO_PATH, '--only', 'MBX.POP.1', '--allow-errors'], tenantEnv());
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('nothing was checked');
  });

  it('a selection that leaves nothing to run exits 3 and says so', async () => {
    const run = await mbx(['verify', CONTOSO_PATH, '--no-probes', '--only', 'imap'], tenantEnv());
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('nothing was checked: the selection');
  });
});

describe('errors named once, before anything is collected', () => {
  const noProbes = ['verify', CONTOSO_PATH, '--no-probes'];

  it('no secret and no terminal: CREDENTIALS_MISSING at once, never a device code', async () => {
    const env = tenantEnvWithout('AZURE_CLIENT_SECRET');
    const run = await mbx(noProbes, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[CREDENTIALS_MISSING]');
    expect(run.stderr).not.toMatch(/device/i);
    expect(run.ms).toBeLessThan(30_000);
  });

  it('--device-code without a terminal is refused', async () => {
    const run = await mbx([...noProbes, '--device-code'], tenantEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--device-code needs a terminal');
  });

  it('a tenant nobody listens for: TENANT_UNREACHABLE with host:port, once (exit 3)', async () => {
    const url = 'https://127.0.0.1:9';
    const run = await mbx(noProbes, { ...tenantEnv(), MBX_AUTHORITY_HOST: url, MBX_GRAPH_URL: url, MBX_EXCHANGE_URL: url });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'mbx: cannot connect to 127.0.0.1:9 (ECONNREFUSED); check MBX_AUTHORITY_HOST, and that the tenant (or mbx emulator) is running. [TENANT_UNREACHABLE]\n',
    );
    // The report is still written (issue 29): the run-level error at its top, no result.
    expect(run.stdout).toContain('STOPPED [TENANT_UNREACHABLE] cannot connect to 127.0.0.1:9');
    expect(run.stdout).toContain('0 results');
  });

  it('an unknown tenant: TENANT_NOT_FOUND with AADSTS90002 (exit 2)', async () => {
    const run = await mbx(noProbes, { ...tenantEnv(), AZURE_TENANT_ID: 'nope.example' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Entra ID does not know the tenant 'nope.example' (AADSTS90002)");
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a CA Node does not trust: TLS_UNTRUSTED naming NODE_EXTRA_CA_CERTS (exit 2); verification stays on', async () => {
    const env = tenantEnvWithout('NODE_EXTRA_CA_CERTS');
    const run = await mbx(noProbes, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[TLS_UNTRUSTED]');
    expect(run.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a certificate for another name: TLS_HOSTNAME_MISMATCH (exit 2)', async () => {
    const certificate = await createAppCertificate('CN=other.example');
    const caFile = join(dir, 'other.pem');
    writeFileSync(caFile, certificate.certPem);
    const server: Server = createHttpsServer({ cert: certificate.certPem, key: certificate.keyPem }, (_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const url = `https://127.0.0.1:${port}`;
      const run = await mbx(noProbes, { ...tenantEnv(), NODE_EXTRA_CA_CERTS: caFile, MBX_AUTHORITY_HOST: url, MBX_GRAPH_URL: url, MBX_EXCHANGE_URL: url });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`the certificate of 127.0.0.1:${port} does not name 127.0.0.1`);
      expect(run.stderr).toContain('[TLS_HOSTNAME_MISMATCH]');
    } finally {
      server.close();
    }
  });

  it('a wrong client secret: CREDENTIALS_REJECTED with its AADSTS code, and the secret nowhere (exit 2)', async () => {
    const run = await mbx(noProbes, { ...tenantEnv(), AZURE_CLIENT_SECRET: 'Wrong-Secret-123456' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('AADSTS7000215');
    expect(run.stderr).toContain('[CREDENTIALS_REJECTED]');
    expect(run.stderr + run.stdout).not.toContain('Wrong-Secret-123456');
  });

  it('a probe credentials file that is not JSON: the place, and no byte of its content', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"delegates": {"max@contoso.com": {"password": "Hunter2-Secret"}', { mode: 0o600 });
    const run = await mbx(['probe', CONTOSO_PATH], { ...tenantEnv(), MBX_PROBE_CREDENTIALS: broken });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[PROBE_CREDENTIALS_INVALID]');
    expect(run.stderr).toContain(`${broken}: / is not JSON`);
    expect(run.stderr).not.toContain('Hunter2');
    expect(run.stderr).not.toContain('delegates');
  });
});
