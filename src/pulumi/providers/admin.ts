/**
 * The admin clients a provider method builds where it runs: from the environment of the process
 * (AZURE_TENANT_ID, AZURE_CLIENT_ID and a credential; MBX_* endpoints for another tenant such as
 * the emulator), never from resource inputs, so no secret reaches Pulumi's state. The engine
 * calls many methods in one provider process; they share the clients, and so the token.
 */
import { createCredential } from '../../m365/credential.js';
import { endpointsFrom } from '../../m365/endpoints.js';
import { ExchangeClient, ExchangeError } from '../../m365/exchange/client.js';
import { GraphClient } from '../../m365/graph/client.js';
import { RequestStats } from '../../m365/stats.js';

export interface AdminClients {
  readonly exchange: ExchangeClient;
  readonly graph: GraphClient;
}

/** The variables the credential factory and the endpoints read: the same values give the same clients. */
const CONNECTION_VARIABLES = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_FEDERATED_TOKEN_FILE', 'MBX_AUTHORITY_HOST', 'MBX_GRAPH_URL', 'MBX_EXCHANGE_URL'] as const;

/** Clients by connection, kept for the provider process's life: each method and each step reuses one token. */
const connected = new Map<string, AdminClients>();

export function adminClients(env: NodeJS.ProcessEnv): AdminClients {
  const key = JSON.stringify(CONNECTION_VARIABLES.map((name) => env[name] ?? null));
  let clients = connected.get(key);
  if (clients === undefined) {
    const endpoints = endpointsFrom(env);
    const credential = createCredential(env, endpoints);
    const stats = new RequestStats();
    clients = { exchange: new ExchangeClient(credential.token, endpoints, credential.tenantId, stats, { concurrency: 4 }), graph: new GraphClient(credential.token, endpoints, stats) };
    connected.set(key, clients);
  }
  return clients;
}

/** The objects a Get-* cmdlet returns, none when Exchange cannot find the identity. */
export async function rows(exchange: ExchangeClient, cmdlet: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  try {
    return await exchange.invoke(cmdlet, parameters);
  } catch (error) {
    if (error instanceof ExchangeError && error.notFound) return [];
    throw error;
  }
}

/** The object a Get-* cmdlet returns for an identity, or undefined when Exchange cannot find it. */
export async function find(exchange: ExchangeClient, cmdlet: string, parameters: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  return (await rows(exchange, cmdlet, parameters))[0];
}

/** Run a Remove-* cmdlet; an object already gone is removed. */
export async function remove(exchange: ExchangeClient, cmdlet: string, parameters: Record<string, unknown>): Promise<void> {
  try {
    await exchange.invoke(cmdlet, { ...parameters, Confirm: false });
  } catch (error) {
    if (error instanceof ExchangeError && error.notFound) return;
    throw error;
  }
}
