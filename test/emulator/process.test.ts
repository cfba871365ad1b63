/**
 * `mbx emulator` as a process, as users and CI run it (built CLI: npm test builds first): it prints
 * the environment, an outside client provisions it with curl alone (examples/curl/provision.sh),
 * a kill -9 loses nothing that was acknowledged, and SIGTERM stops it cleanly with a snapshot.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startEmulatorProcess } from '../helpers/emulator-process.js';
import { requireProgram } from '../helpers/programs.js';
import { ROOT } from '../helpers/spec.js';

const stateDir = mkdtempSync(join(tmpdir(), 'mbx-process-'));
// The emulator keeps its CA in <state-dir>/tls; seed it with the CA this test process trusts.
cpSync(process.env.MBX_TEST_TLS_DIR as string, join(stateDir, 'tls'), { recursive: true });
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

async function start(): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const started = await startEmulatorProcess(stateDir);
  children.push(started.child);
  return started;
}

function exo(env: Record<string, string>, token: string, cmdlet: string, parameters: object): Promise<Response> {
  return fetch(`${env.MBX_EXCHANGE_URL}/adminapi/beta/${env.AZURE_TENANT_ID}/InvokeCommand`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
}

it('prints the environment, is provisioned with curl alone, survives kill -9, and stops on SIGTERM', async () => {
  requireProgram('curl');
  const first = await start();
  expect(Object.keys(first.env)).toEqual([
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'MBX_AUTHORITY_HOST',
    'MBX_GRAPH_URL',
    'MBX_EXCHANGE_URL',
    'MBX_IMAP',
    'MBX_POP',
    'MBX_SMTP',
    'NODE_EXTRA_CA_CERTS',
    'MBX_EMULATOR_URL',
    'MBX_EMULATOR_TOKEN',
  ]);
  expect(first.env.MBX_SMTP).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(first.env.MBX_POP).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(first.env.MBX_IMAP).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(readFileSync(join(stateDir, 'env'), 'utf8')).toContain(`MBX_EMULATOR_URL='${first.env.MBX_EMULATOR_URL}'`);

  const curl = spawnSync('bash', [join(ROOT, 'examples/curl/provision.sh'), join(stateDir, 'env')], { encoding: 'utf8' });
  expect(curl.stderr).toBe('');
  expect(curl.status).toBe(0);
  expect(curl.stdout).toContain('"RecipientTypeDetails":"SharedMailbox"');
  expect(curl.stdout).toContain('"accountEnabled":false');
  expect(curl.stdout).toContain('"AccessRights":["FullAccess"]');
  expect(curl.stdout).toContain('"Trustee":"max.mustermann@contoso.com"');

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = await start();
  // The tenant, its credentials and everything curl made are still there.
  expect(second.env.AZURE_TENANT_ID).toBe(first.env.AZURE_TENANT_ID);
  expect(second.env.AZURE_CLIENT_SECRET).toBe(first.env.AZURE_CLIENT_SECRET);
  const tokenAnswer = await fetch(`${second.env.MBX_AUTHORITY_HOST}/${second.env.AZURE_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: second.env.AZURE_CLIENT_ID as string,
      client_secret: second.env.AZURE_CLIENT_SECRET as string,
      scope: 'https://outlook.office365.com/.default',
      grant_type: 'client_credentials',
    }),
  });
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
  const permissions = (await (await exo(second.env, token, 'Get-MailboxPermission', { Identity: 'info@contoso.com' })).json()) as { value: { User: string }[] };
  expect(permissions.value.map((entry) => entry.User)).toEqual(['NT AUTHORITY\\SELF', 'max.mustermann@contoso.com']);

  second.child.kill('SIGTERM');
  const code = await new Promise((resolve) => second.child.once('exit', resolve));
  expect(code).toBe(0);
  expect(existsSync(join(stateDir, 'state.json'))).toBe(true);
  expect(readFileSync(join(stateDir, 'journal.ndjson'), 'utf8')).toBe('');
}, 120_000);

it('refuses a second emulator on the same state folder, naming the one that holds it, and keeps the folder private', async () => {
  const holder = await start();
  const second = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/mbx.js'), 'emulator', '--port', '0', '--smtp-port', '0', '--pop-port', '0', '--imap-port', '0', '--state-dir', stateDir],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(second.status).toBe(3);
  expect(second.stderr).toContain(`The state folder ${stateDir} is in use by another mbx emulator (PID ${holder.child.pid})`);
  expect(second.stderr).toContain('[EMULATOR_START_FAILED]');
  // The folder holds secrets: only its owner may enter it.
  expect(statSync(stateDir).mode & 0o777).toBe(0o700);
  holder.child.kill('SIGTERM');
  await new Promise((resolve) => holder.child.once('exit', resolve));
}, 120_000);
