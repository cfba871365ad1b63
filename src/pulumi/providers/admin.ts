/**
 * The admin clients a provider method builds where it runs: from the environment of the process
 * (AZURE_TENANT_ID, AZURE_CLIENT_ID and a credential; MBX_* endpoints for another tenant such as
 * the emulator), never from resource inputs, so no secret reaches Pulumi's state. The engine
 * calls many methods in one provider process; they share the clients, and so the token.
 */
import { connectFromEnvironment, type M365Clients } from '../../m365/connect.js';
import { ExchangeError, type ExchangeClient } from '../../m365/exchange/client.js';

export type AdminClients = M365Clients;

/** The clients of the connection the environment names; 4 Exchange requests at once, as a provider makes few. */
export function adminClients(env: NodeJS.ProcessEnv): AdminClients {
  return connectFromEnvironment(env, { exchangeConcurrency: 4 });
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
