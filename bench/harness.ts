/**
 * What the benchmarks share: `mbx emulator` in its own process (so it has a core to itself), an
 * HTTPS client that trusts its CA, the control API, tokens for the bootstrap admin app, and a
 * tenant of many shared mailboxes loaded in one state import.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newMailboxRecord } from '../src/emulator/exchange/mailboxes.js';
import type { StateDump, Tenant } from '../src/emulator/store/store.js';
import { SKUS } from '../src/emulator/wellknown.js';
import { PACKAGE_ROOT } from '../src/paths.js';

export interface Answer {
  readonly status: number;
  /** Kept as bytes: decoding big pages would load the client, not the emulator being measured. */
  readonly body: Buffer;
}

export interface BenchEmulator {
  /** The variables `mbx emulator` prints (AZURE_*, MBX_*, NODE_EXTRA_CA_CERTS). */
  readonly env: Record<string, string>;
  readonly child: ChildProcess;
  call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer>;
  /** A control API call; throws unless it answers 2xx. */
  control(method: string, path: string, body?: unknown): Promise<Answer>;
  /** A client-credentials token of the bootstrap admin app. */
  token(resource: string): Promise<string>;
  /** Resident and peak resident memory of the emulator process, in MB. */
  memoryMB(): { resident: number; peakResident: number };
  stop(): Promise<void>;
}

export async function startBenchEmulator(options: { concurrency: number; nodeArgs?: readonly string[] }): Promise<BenchEmulator> {
  const dir = mkdtempSync(join(tmpdir(), 'mbx-bench-'));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      join(PACKAGE_ROOT, 'bin', 'mbx.js'),
      'emulator',
      '--port',
      '0',
      '--smtp-port',
      '0',
      '--pop-port',
      '0',
      '--imap-port',
      '0',
      '--state-dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let env: Record<string, string>;
  try {
    env = await new Promise<Record<string, string>>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('MBX_EMULATOR_TOKEN='))
          resolve(Object.fromEntries([...output.matchAll(/^([A-Z_]+)='([^']*)'$/gm)].map((match) => [match[1] as string, match[2] as string])));
      });
      child.once('exit', (code) => reject(new Error(`mbx emulator exited with ${code}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, ca: readFileSync(env.NODE_EXTRA_CA_CERTS as string) });
  const base = new URL(env.MBX_EMULATOR_URL as string);
  const call = (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const controlHeaders = { authorization: `Bearer ${env.MBX_EMULATOR_TOKEN}`, 'content-type': 'application/json' };
  return {
    env,
    child,
    call,
    async control(method, path, body) {
      const answer = await call(method, `/_emulator/${path}`, controlHeaders, body === undefined ? undefined : JSON.stringify(body));
      if (answer.status >= 300) throw new Error(`control ${method} ${path}: ${answer.status} ${answer.body.toString().slice(0, 300)}`);
      return answer;
    },
    async token(resource) {
      const form = new URLSearchParams({
        client_id: env.AZURE_CLIENT_ID as string,
        client_secret: env.AZURE_CLIENT_SECRET as string,
        scope: `${resource}/.default`,
        grant_type: 'client_credentials',
      }).toString();
      const answer = await call('POST', `/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form);
      return (JSON.parse(answer.body.toString()) as { access_token: string }).access_token;
    },
    memoryMB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { resident: Math.round(kb('VmRSS') / 1024), peakResident: Math.round(kb('VmHWM') / 1024) };
    },
    async stop() {
      agent.destroy();
      await stop();
    },
  };
}

/** The value at fraction `p` of an ascending list (0.5 the median, 0.95 the p95); 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export interface TenantShape {
  readonly mailboxes: number;
  /** Licensed users the grants go to, delegate0@… onwards. */
  readonly delegates: number;
  readonly fullAccessPerMailbox: number;
  readonly sendAsPerMailbox: number;
  /**
   * Leave IMAP and POP on, as Exchange makes a mailbox, where the bench spec keeps them off: two
   * findings per mailbox (the drifted variant). Otherwise the tenant is as mbx provisions the spec.
   */
  readonly drifted?: boolean;
}

/** Grants go to delegates in turn: mailbox i's grant g is delegate (i + g) mod delegates. */
export const delegateOf = (shape: TenantShape, mailbox: number, grant: number): string => `delegate${(mailbox + grant) % shape.delegates}@contoso.com`;

/**
 * Load shared0@… to shared{n-1}@… (sign-in blocked, unlicensed) and their grants into the
 * emulator in one state import: the bootstrap export plus the new records. Returns the time taken.
 */
export async function loadTenant(emulator: BenchEmulator, shape: TenantShape): Promise<number> {
  const started = performance.now();
  const dump = JSON.parse((await emulator.control('GET', 'state')).body.toString()) as StateDump;
  const tenantDump = dump.tenants[0] as { info: Tenant['info']; collections: Record<string, unknown[]> };
  const tenantView = { info: tenantDump.info } as Tenant;
  const users: unknown[] = (tenantDump.collections.users ??= []);
  const mailboxes: unknown[] = (tenantDump.collections.mailboxes ??= []);
  const fullAccess: unknown[] = (tenantDump.collections.mailboxPermissions ??= []);
  const sendAs: unknown[] = (tenantDump.collections.recipientPermissions ??= []);
  const now = new Date().toISOString();
  const licence = { skuId: (SKUS[0] as { skuId: string }).skuId, disabledPlans: [] };
  const user = (upn: string, displayName: string, enabled: boolean, licensed: boolean): string => {
    const id = randomUUID();
    const nickname = upn.split('@')[0] as string;
    users.push({
      id,
      userPrincipalName: upn,
      displayName,
      mailNickname: nickname,
      mail: upn,
      accountEnabled: enabled,
      usageLocation: licensed ? 'DE' : null,
      assignedLicenses: licensed ? [licence] : [],
      passwordHash: null,
      createdDateTime: now,
    });
    return id;
  };
  const delegateIds = Array.from({ length: shape.delegates }, (_, index) => user(`delegate${index}@contoso.com`, `Delegate ${index}`, true, true));
  for (let index = 0; index < shape.mailboxes; index += 1) {
    const address = `shared${index}@contoso.com`;
    const userId = user(address, `Shared ${index}`, false, false);
    const mailbox = newMailboxRecord(tenantView, {
      userId,
      name: `shared${index}`,
      alias: `shared${index}`,
      displayName: `Shared ${index}`,
      primary: address,
      shared: true,
      now: new Date(now),
    });
    // mbx turns off the protocols no client needs; the drifted variant keeps Exchange's defaults.
    mailboxes.push(shape.drifted === true ? mailbox : { ...mailbox, imapEnabled: false, popEnabled: false });
    const trustee = (grant: number): string => delegateIds[(index + grant) % shape.delegates] as string;
    for (let grant = 0; grant < shape.fullAccessPerMailbox; grant += 1) {
      fullAccess.push({
        id: randomUUID(),
        mailboxId: mailbox.id,
        trustee: trustee(grant),
        accessRights: ['FullAccess'],
        deny: false,
        inheritanceType: 'All',
        isInherited: false,
        autoMapping: false,
        grantedAt: now,
      });
    }
    for (let grant = 0; grant < shape.sendAsPerMailbox; grant += 1)
      sendAs.push({ id: randomUUID(), mailboxId: mailbox.id, trustee: trustee(grant), grantedAt: now });
  }
  await emulator.control('PUT', 'state', dump);
  return Math.round(performance.now() - started);
}

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const EXCHANGE_STANDARD = '4b9405b0-7788-4568-add1-99614e613b69';

/** The bootstrap admin's calls, failing loudly: Graph (JSON in, JSON out) and one Exchange cmdlet. */
export async function adminCalls(emulator: BenchEmulator): Promise<{
  graph: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  exo: (cmdlet: string, parameters: Record<string, unknown>) => Promise<void>;
}> {
  const graphToken = await emulator.token('https://graph.microsoft.com');
  const exchangeToken = await emulator.token('https://outlook.office365.com');
  return {
    async graph(method, path, body) {
      const answer = await emulator.call(
        method,
        `/v1.0/${path}`,
        { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' },
        body === undefined ? undefined : JSON.stringify(body),
      );
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.toString()}`);
      return answer.body.length === 0 ? {} : (JSON.parse(answer.body.toString()) as Record<string, unknown>);
    },
    async exo(cmdlet, parameters) {
      const answer = await emulator.call(
        'POST',
        `/adminapi/beta/${emulator.env.AZURE_TENANT_ID}/InvokeCommand`,
        { authorization: `Bearer ${exchangeToken}`, 'content-type': 'application/json' },
        JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
      );
      if (answer.status >= 300) throw new Error(`${cmdlet}: ${answer.status} ${answer.body.toString()}`);
    },
  };
}

/**
 * Through the wire APIs, as a client would: SMTP AUTH on for the tenant, licensed users
 * user0@… with passwords, a public client app with consent to the mail scopes, and each user's
 * delegated token for IMAP, POP and SMTP.
 */
export async function provisionMailUsers(emulator: BenchEmulator, count: number): Promise<{ appId: string; tokens: string[] }> {
  const { graph, exo } = await adminCalls(emulator);
  await exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: false });
  const app = await graph('POST', 'applications', { displayName: 'Bench client', isFallbackPublicClient: true });
  const sp = await graph('POST', 'servicePrincipals', { appId: app.appId });
  const resource = await graph('GET', `servicePrincipals(appId='${GRAPH_APP_ID}')`);
  await graph('POST', 'oauth2PermissionGrants', {
    clientId: sp.id,
    consentType: 'AllPrincipals',
    resourceId: resource.id,
    scope: 'IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send',
  });
  const tokens: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const upn = `user${index}@contoso.com`;
    const user = await graph('POST', 'users', {
      accountEnabled: true,
      displayName: `User ${index}`,
      mailNickname: `user${index}`,
      userPrincipalName: upn,
      usageLocation: 'DE',
      passwordProfile: { password: 'Bench-Pass-1' },
    });
    await graph('POST', `users/${String(user.id)}/assignLicense`, { addLicenses: [{ skuId: EXCHANGE_STANDARD, disabledPlans: [] }], removeLicenses: [] });
    const form = new URLSearchParams({
      client_id: String(app.appId),
      grant_type: 'password',
      username: upn,
      password: 'Bench-Pass-1',
      scope: 'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All https://outlook.office.com/SMTP.Send',
    }).toString();
    const answer = await emulator.call(
      'POST',
      `/${emulator.env.AZURE_TENANT_ID}/oauth2/v2.0/token`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      form,
    );
    tokens.push((JSON.parse(answer.body.toString()) as { access_token: string }).access_token);
  }
  return { appId: String(app.appId), tokens };
}

/** Runs work `runs` times and summarizes its wall-clock times in milliseconds. */
export async function timeRuns(runs: number, work: () => unknown): Promise<{ median: number; min: number; max: number }> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: Math.round(times[Math.floor(times.length / 2)]!), min: Math.round(times[0]!), max: Math.round(times[times.length - 1]!) };
}
