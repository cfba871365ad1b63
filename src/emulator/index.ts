/**
 * `startEmulator(options)`: the local Microsoft 365 tenant in this process, for `mbx emulator`
 * and for tests. One HTTPS port on loopback serves Entra ID, Microsoft Graph, the Exchange admin
 * API and the control API; state lives in a folder and survives restarts and crashes.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo, Server } from 'node:net';
import { MbxError } from '../errors.js';
import { silentLogger, type Logger } from '../logging.js';
import { bootstrapTenant } from './bootstrap.js';
import { Counters, type DeviceCode, type EmulatorContext, type RuntimeSettings } from './context.js';
import { controlRoutes } from './control/routes.js';
import { TokenService } from './entra/tokens.js';
import { writeEnvFile, emulatorEnv } from './env.js';
import { FaultEngine } from './faults/engine.js';
import { loadFaults, type FaultSet } from './faults/rules.js';
import { createHttpsServer } from './http/server.js';
import { createImapServer } from './imap/server.js';
import { createPopServer } from './pop/server.js';
import { createSmtpServer } from './smtp/server.js';
import { ROUTES } from './routes.js';
import { loadOrCreateSecrets } from './secrets.js';
import { PersistentStore } from './store/persist.js';
import type { Tenant } from './store/store.js';
import { lockStateFolder } from './store/lock.js';
import { ensureTls } from './tls.js';

/** The emulator's CA and server certificate, made once in a folder: for callers that must trust it before starting it. */
export { ensureTls };

export interface EmulatorOptions {
  /** HTTPS port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** SMTP submission port (STARTTLS); 0 (the default) picks a free one. */
  readonly smtpPort?: number;
  /** POP3 port (implicit TLS); 0 (the default) picks a free one. */
  readonly popPort?: number;
  /** IMAP port (implicit TLS); 0 (the default) picks a free one. */
  readonly imapPort?: number;
  /** Loopback address to listen on: 127.0.0.1 (default) or ::1. */
  readonly host?: string;
  /** Where state, secrets and the env file live; default ~/.mbx/emulator. */
  readonly stateDir?: string;
  /** Where the CA and server certificate are cached; default `<stateDir>/tls`. Tests share one. */
  readonly tlsDir?: string;
  /** The tenant's custom domain; default contoso.com. */
  readonly tenant?: string;
  /** A preset name, a JSON file, or the rules themselves. */
  readonly faults?: string | FaultSet;
  readonly latencyMs?: number;
  readonly replicationDelayMs?: number;
  readonly deviceCodeIntervalSeconds?: number;
  readonly logger?: Logger;
}

export interface RunningEmulator {
  /** https://127.0.0.1:<port>: authority host, Graph, Exchange and control API share it. */
  readonly url: string;
  readonly port: number;
  /** host:port of SMTP submission (STARTTLS), as MBX_SMTP says. */
  readonly smtp: string;
  /** host:port of POP3 (implicit TLS), as MBX_POP says. */
  readonly pop: string;
  /** host:port of IMAP (implicit TLS), as MBX_IMAP says. */
  readonly imap: string;
  readonly caPath: string;
  readonly ca: string;
  readonly tenantId: string;
  readonly tenantDomain: string;
  readonly initialDomain: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly adminToken: string;
  readonly stateDir: string;
  /** The variables a client reads (docs/architecture.md, "Connecting to a tenant"), as printed and written to `<stateDir>/env`. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Listen on loopback; a port in use is an error that says what to do. */
function listen(server: Server, host: string, port: number, flag: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new MbxError(
          'EMULATOR_START_FAILED',
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is in use. Stop what holds it, or pass another ${flag} (0 picks a free one).`
            : `The emulator cannot listen on ${host}:${port}: ${error.message}.`,
          { host, port },
          { cause: error },
        ),
      );
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export function defaultStateDir(): string {
  return join(homedir(), '.mbx', 'emulator');
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new MbxError('EMULATOR_START_FAILED', `The emulator listens on loopback only; '${host}' is not 127.0.0.1, ::1 or localhost.`, { host });
  }
  // Absolute, so the env file's paths (the CA's) work from wherever it is sourced.
  const stateDir = resolve(options.stateDir ?? defaultStateDir());
  const lock = lockStateFolder(stateDir);
  try {
    const running = await startLocked(options, host, stateDir);
    const stop = running.stop;
    let released: Promise<void> | undefined;
    return { ...running, stop: () => (released ??= stop().finally(() => lock.release())) };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startLocked(options: EmulatorOptions, host: string, stateDir: string): Promise<RunningEmulator> {
  const log = options.logger ?? silentLogger;
  const settings: RuntimeSettings = {
    replicationDelayMs: options.replicationDelayMs ?? 0,
    latencyMs: options.latencyMs ?? 0,
    clockOffsetMs: 0,
    deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
    smtpMessagesPerMinute: 30,
    ciTokenLifetimeSeconds: 300,
    mailPreAuthTimeoutMs: 60_000,
    mailAuthTimeoutMs: 30 * 60_000,
  };
  const now = (): Date => new Date(Date.now() + settings.clockOffsetMs);

  const tls = await ensureTls(resolve(options.tlsDir ?? join(stateDir, 'tls')));
  const secrets = await loadOrCreateSecrets(stateDir, now());
  const persistent = PersistentStore.open(stateDir);
  const store = persistent.store;
  const domain = (options.tenant ?? 'contoso.com').toLowerCase();
  const ensureTenant = (): Tenant => store.resolve(domain) ?? bootstrapTenant(store, domain, secrets.bootstrapClientSecret, now());
  const tenant = ensureTenant();

  const faults = new FaultEngine(log);
  const faultSet = typeof options.faults === 'string' ? loadFaults(options.faults) : options.faults;
  if (faultSet !== undefined) {
    faults.load(faultSet);
    if (faultSet.replicationDelaySeconds !== undefined) settings.replicationDelayMs = faultSet.replicationDelaySeconds * 1000;
  }

  const context: EmulatorContext = {
    store,
    tokens: new TokenService(secrets, now),
    settings,
    deviceCodes: new Map<string, DeviceCode>(),
    downloads: new Map(),
    faults,
    counters: new Counters(),
    log,
    // Filled in once the port is known.
    baseUrl: '',
    adminToken: secrets.adminToken,
    now,
  };
  const routes = [
    ...ROUTES,
    ...controlRoutes({
      reset: () => {
        store.reset();
        ensureTenant();
      },
    }),
  ];
  const server = createHttpsServer(context, tls, routes);
  const smtpServer = createSmtpServer(context, tls);
  const popServer = createPopServer(context, tls);
  const imapServer = createImapServer(context, tls);
  let port: number;
  let smtpPort: number;
  let popPort: number;
  let imapPort: number;
  try {
    port = await listen(server, host, options.port ?? 0, '--port');
    smtpPort = await listen(smtpServer.server, host, options.smtpPort ?? 0, '--smtp-port');
    popPort = await listen(popServer.server, host, options.popPort ?? 0, '--pop-port');
    imapPort = await listen(imapServer.server, host, options.imapPort ?? 0, '--imap-port');
  } catch (error) {
    for (const listening of [server, smtpServer.server, popServer.server]) listening.close();
    persistent.close();
    throw error;
  }
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `https://${hostInUrl}:${port}`;
  (context as { baseUrl: string }).baseUrl = url;

  const info = tenant.info;
  const running = {
    url,
    port,
    smtp: `${hostInUrl}:${smtpPort}`,
    pop: `${hostInUrl}:${popPort}`,
    imap: `${hostInUrl}:${imapPort}`,
    caPath: tls.caPath,
    ca: tls.ca,
    tenantId: info.id,
    tenantDomain: domain,
    initialDomain: info.initialDomain,
    clientId: info.bootstrapClientId,
    clientSecret: secrets.bootstrapClientSecret,
    adminToken: secrets.adminToken,
    stateDir,
  };
  const env = emulatorEnv(running);
  writeEnvFile(stateDir, env);
  log.info({ url, tenant: info.id, stateDir }, 'emulator started');

  let stopped: Promise<void> | undefined;
  return {
    ...running,
    env,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        let open = 4;
        const closed = (): void => {
          if ((open -= 1) > 0) return;
          persistent.close();
          log.info({ url }, 'emulator stopped');
          resolve();
        };
        server.close(closed);
        server.closeAllConnections();
        smtpServer.close(closed);
        popServer.close(closed);
        imapServer.close(closed);
      })),
  };
}
