/**
 * npm run bench:emulator: the emulator's throughput and memory with a big tenant loaded (targets:
 * 1,500 requests/s or more on one core; under 300 MB resident at 10,000 shared mailboxes with
 * five grants each). The emulator runs as `mbx emulator` in its own process, so it has one core
 * to itself; this process loads the tenant through the control API (state import), then drives
 * each scenario with 16 concurrent keep-alive HTTPS clients for a fixed number of requests, and
 * reads the emulator's resident memory from /proc. Prints JSON.
 * To profile the emulator: MBX_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (the child
 * is stopped with SIGTERM, so it writes its profile).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { newMailboxRecord } from '../src/emulator/exchange/cmdlets/mailbox-new.js';
import type { StateDump } from '../src/emulator/store/store.js';
import type { Tenant } from '../src/emulator/store/store.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const REQUESTS = Number(process.env.MBX_BENCH_REQUESTS ?? 4_000);
const CONCURRENCY = 16;
const DELEGATES = 50;

interface Answer {
  readonly status: number;
  /** Kept as bytes: decoding 250 KB pages would load the client, not the emulator being measured. */
  readonly body: Buffer;
}

const dir = mkdtempSync(join(tmpdir(), 'mbx-bench-emulator-'));
const nodeArgs = (process.env.MBX_BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
const child = spawn(process.execPath, [...nodeArgs, join(PACKAGE_ROOT, 'bin', 'mbx.js'), 'emulator', '--port', '0', '--state-dir', dir], { stdio: ['ignore', 'pipe', 'ignore'] });

try {
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('MBX_EMULATOR_TOKEN=')) resolve(Object.fromEntries([...output.matchAll(/^([A-Z_]+)='([^']*)'$/gm)].map((match) => [match[1] as string, match[2] as string])));
    });
    child.once('exit', (code) => reject(new Error(`mbx emulator exited with ${code}`)));
  });
  const ca = readFileSync(env.NODE_EXTRA_CA_CERTS as string);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca });
  const base = new URL(env.MBX_EMULATOR_URL as string);

  const call = (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request({ host: base.hostname, port: base.port, method, path, agent, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  const control = { authorization: `Bearer ${env.MBX_EMULATOR_TOKEN}`, 'content-type': 'application/json' };
  const token = async (resource: string): Promise<string> => {
    const form = new URLSearchParams({ client_id: env.AZURE_CLIENT_ID as string, client_secret: env.AZURE_CLIENT_SECRET as string, scope: `${resource}/.default`, grant_type: 'client_credentials' }).toString();
    const answer = await call('POST', `/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form);
    return (JSON.parse(answer.body.toString()) as { access_token: string }).access_token;
  };

  // Load the tenant: the bootstrap export plus users, shared mailboxes and five grants per mailbox.
  const loadStarted = performance.now();
  const dump = JSON.parse((await call('GET', '/_emulator/state', control)).body.toString()) as StateDump;
  const tenantDump = dump.tenants[0] as { info: Tenant['info']; collections: Record<string, unknown[]> };
  const tenantView = { info: tenantDump.info } as Tenant;
  const users: unknown[] = (tenantDump.collections.users ??= []);
  const mailboxes: unknown[] = (tenantDump.collections.mailboxes ??= []);
  const fullAccess: unknown[] = (tenantDump.collections.mailboxPermissions ??= []);
  const sendAs: unknown[] = (tenantDump.collections.recipientPermissions ??= []);
  const now = new Date();
  const delegateIds = Array.from({ length: DELEGATES }, (_, index) => {
    const id = randomUUID();
    users.push({ id, userPrincipalName: `delegate${index}@contoso.com`, displayName: `Delegate ${index}`, mailNickname: `delegate${index}`, mail: `delegate${index}@contoso.com`, accountEnabled: true, usageLocation: 'DE', assignedLicenses: [], passwordHash: null, createdDateTime: now.toISOString() });
    return id;
  });
  for (let index = 0; index < MAILBOXES; index += 1) {
    const userId = randomUUID();
    const address = `shared${index}@contoso.com`;
    users.push({ id: userId, userPrincipalName: address, displayName: `Shared ${index}`, mailNickname: `shared${index}`, mail: address, accountEnabled: false, usageLocation: null, assignedLicenses: [], passwordHash: null, createdDateTime: now.toISOString() });
    const mailbox = newMailboxRecord(tenantView, { userId, name: `shared${index}`, alias: `shared${index}`, displayName: `Shared ${index}`, primary: address, shared: true, now });
    mailboxes.push(mailbox);
    for (let grant = 0; grant < 3; grant += 1) {
      fullAccess.push({ id: randomUUID(), mailboxId: mailbox.id, trustee: delegateIds[(index + grant) % DELEGATES], accessRights: ['FullAccess'], deny: false, inheritanceType: 'All', isInherited: false, autoMapping: true, grantedAt: now.toISOString() });
    }
    for (let grant = 0; grant < 2; grant += 1) {
      sendAs.push({ id: randomUUID(), mailboxId: mailbox.id, trustee: delegateIds[(index + grant) % DELEGATES], grantedAt: now.toISOString() });
    }
  }
  const imported = await call('PUT', '/_emulator/state', control, JSON.stringify(dump));
  if (imported.status !== 200) throw new Error(`state import failed: ${imported.status} ${imported.body.toString()}`);
  const loadMs = Math.round(performance.now() - loadStarted);

  const exchange = { authorization: `Bearer ${await token('https://outlook.office365.com')}`, 'content-type': 'application/json' };
  const graph = { authorization: `Bearer ${await token('https://graph.microsoft.com')}` };
  const invoke = (cmdlet: string, parameters: object): string => JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
  const page = (index: number, size: number): string => Buffer.from(String((index * size) % MAILBOXES)).toString('base64url');

  const scenarios: { name: string; send: (index: number) => Promise<Answer> }[] = [
    {
      name: 'Get-Mailbox, pages of 100 (Prefer: odata.maxpagesize=100)',
      send: (index) => call('POST', `/adminapi/beta/${env.AZURE_TENANT_ID}/InvokeCommand?$skiptoken=${page(index, 100)}`, { ...exchange, prefer: 'odata.maxpagesize=100' }, invoke('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' })),
    },
    {
      name: 'Get-MailboxPermission of one mailbox',
      send: (index) => call('POST', `/adminapi/beta/${env.AZURE_TENANT_ID}/InvokeCommand`, exchange, invoke('Get-MailboxPermission', { Identity: `shared${(index * 7919) % MAILBOXES}@contoso.com` })),
    },
    {
      name: 'Graph GET /users, pages of 100',
      send: (index) => call('GET', `/v1.0/users?$select=id,userPrincipalName,accountEnabled,assignedLicenses,usageLocation&$top=100&$skiptoken=${page(index, 100)}`, graph),
    },
  ];

  const results = [];
  for (const scenario of scenarios) {
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const index = next++;
          const sent = performance.now();
          const answer = await scenario.send(index);
          latencies.push(performance.now() - sent);
          if (answer.status !== 200) failures += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    results.push({
      scenario: scenario.name,
      requests: REQUESTS,
      failures,
      requestsPerSecond: Math.round(REQUESTS / seconds),
      p50Ms: Number((latencies[Math.floor(latencies.length / 2)] ?? 0).toFixed(2)),
      p99Ms: Number((latencies[Math.floor(latencies.length * 0.99)] ?? 0).toFixed(2)),
    });
  }

  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  console.log(
    JSON.stringify(
      {
        tenant: { sharedMailboxes: MAILBOXES, users: users.length, fullAccessGrants: fullAccess.length, sendAsGrants: sendAs.length, loadMs },
        concurrency: CONCURRENCY,
        scenarios: results,
        emulatorMemoryMB: { resident: Math.round(kb('VmRSS') / 1024), peakResident: Math.round(kb('VmHWM') / 1024) },
        targets: { requestsPerSecond: 1500, residentMB: 300 },
      },
      null,
      2,
    ),
  );
  agent.destroy();
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
}
