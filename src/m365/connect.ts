/**
 * The one place the Graph and Exchange admin API client pair is built (issue 16): for verify (with
 * the run's retry policy and the credential it signed in with), for the Pulumi providers and the
 * demo (from the environment, kept per connection so every method reuses one token), and for the
 * benchmarks.
 */
import type { TokenCredential } from '@azure/identity';
import { createCredential } from './credential.js';
import { endpointsFrom, type Endpoints } from './endpoints.js';
import { ExchangeClient } from './exchange/client.js';
import { GraphClient } from './graph/client.js';
import type { RetryPolicy } from './retry.js';
import { RequestStats } from './stats.js';

export interface M365Clients {
  readonly graph: GraphClient;
  readonly exchange: ExchangeClient;
  /** The requests both sent, retries included. */
  readonly stats: RequestStats;
}

export interface ConnectOptions {
  /** Exchange requests in flight at most (Exchange throttles per app); 8 by default. */
  readonly exchangeConcurrency?: number;
  /** The run's retry policy, shared by both clients; each has its own otherwise. */
  readonly retry?: RetryPolicy;
  /** Where the clients count their requests; a new one otherwise. */
  readonly stats?: RequestStats;
}

export function connect(token: TokenCredential, endpoints: Endpoints, tenantId: string, options: ConnectOptions = {}): M365Clients {
  const stats = options.stats ?? new RequestStats();
  const retry = options.retry === undefined ? {} : { retry: options.retry };
  return {
    graph: new GraphClient(token, endpoints, stats, retry),
    exchange: new ExchangeClient(token, endpoints, tenantId, stats, { concurrency: options.exchangeConcurrency ?? 8, ...retry }),
    stats,
  };
}

/** The variables the credential factory and the endpoints read: the same values give the same clients. */
const CONNECTION_VARIABLES = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_FEDERATED_TOKEN_FILE',
  'MBX_AUTHORITY_HOST',
  'MBX_GRAPH_URL',
  'MBX_EXCHANGE_URL',
] as const;

/** Clients by connection, kept for the process's life. */
const connected = new Map<string, M365Clients>();

/**
 * The clients the environment names (AZURE_* and MBX_*), built once per connection and process:
 * never from anything else, so no secret passes through a caller (Pulumi's state, for one).
 */
export function connectFromEnvironment(env: NodeJS.ProcessEnv, options: Omit<ConnectOptions, 'retry'> = {}): M365Clients {
  const key = JSON.stringify([...CONNECTION_VARIABLES.map((name) => env[name] ?? null), options.exchangeConcurrency ?? null]);
  let clients = connected.get(key);
  if (clients === undefined) {
    const endpoints = endpointsFrom(env);
    const credential = createCredential(env, endpoints);
    clients = connect(credential.token, endpoints, credential.tenantId, options);
    connected.set(key, clients);
  }
  return clients;
}
