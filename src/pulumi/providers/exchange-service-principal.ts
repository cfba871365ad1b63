/**
 * The app's service principal registered in Exchange (New-ServicePrincipal), so it can hold
 * mailbox rights and RBAC for Applications roles. ObjectId must be the enterprise application's
 * object id, not the app registration's (MBX.APPSCOPE.3 catches that mistake), so a change of
 * either id replaces it. One registered already for the app is adopted and released on delete.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, remove, rows } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface ExchangeServicePrincipalInputs {
  readonly appId: string;
  /** The enterprise application's (service principal's) object id in Entra. */
  readonly objectId: string;
  readonly displayName: string;
  readonly version: string;
}

export interface ExchangeServicePrincipalOutputs extends ExchangeServicePrincipalInputs {
  /** Exchange's identity of it: the trustee and -App of grants and role assignments. */
  readonly identity: string;
  readonly adopted: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function registered(env: NodeJS.ProcessEnv, appId: string): Promise<Record<string, unknown> | undefined> {
  return (await rows(adminClients(env).exchange, 'Get-ServicePrincipal', {})).find((row) => String(row.AppId).toLowerCase() === appId.toLowerCase());
}

const outputsOf = (row: Record<string, unknown>, inputs: ExchangeServicePrincipalInputs, adopted: boolean): ExchangeServicePrincipalOutputs => ({
  appId: String(row.AppId),
  objectId: String(row.ObjectId),
  displayName: String(row.DisplayName),
  version: inputs.version,
  identity: String(row.Identity),
  adopted,
});

export const operations: Operations<ExchangeServicePrincipalInputs, ExchangeServicePrincipalOutputs> = {
  replaceOn: ['appId', 'objectId'],
  check(news) {
    return (['appId', 'objectId'] as const)
      .filter((key) => !GUID.test(news[key]))
      .map((key) => ({
        property: key,
        reason: `'${news[key]}' is not a GUID; use the ${key === 'appId' ? "app's client id" : "enterprise application's object id"}.`,
      }));
  },
  async create(inputs, env) {
    const existing = await registered(env, inputs.appId);
    if (existing !== undefined && String(existing.ObjectId).toLowerCase() !== inputs.objectId.toLowerCase()) {
      throw new Error(
        `Exchange already has a service principal for app ${inputs.appId} with ObjectId ${String(existing.ObjectId)}, not the enterprise application's ${inputs.objectId}; remove it (Remove-ServicePrincipal -Identity ${String(existing.Identity)}) and run again.`,
      );
    }
    const row =
      existing ??
      (await adminClients(env).exchange.invoke('New-ServicePrincipal', { AppId: inputs.appId, ObjectId: inputs.objectId, DisplayName: inputs.displayName }))[0];
    if (row === undefined) throw new Error(`New-ServicePrincipal returned nothing for app ${inputs.appId}.`);
    const outs = outputsOf(row, inputs, existing !== undefined);
    return { id: outs.identity, outs };
  },
  async read(_id, outs, env) {
    const row = await registered(env, outs.appId);
    return row === undefined ? undefined : outputsOf(row, outs, outs.adopted);
  },
  async update(_id, olds, news) {
    // Only the display name and version can differ here; Exchange keeps the name it was given.
    return { ...olds, version: news.version };
  },
  async delete(id, outs, env) {
    if (!outs.adopted) await remove(adminClients(env).exchange, 'Remove-ServicePrincipal', { Identity: id });
  },
};

export type ExchangeServicePrincipalArgs = { readonly [K in keyof ExchangeServicePrincipalInputs]: pulumi.Input<ExchangeServicePrincipalInputs[K]> };

export class ExchangeServicePrincipal extends ExchangeResource {
  declare readonly identity: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ExchangeServicePrincipalArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'exchange-service-principal', name, args, ['identity', 'adopted'], options);
  }
}
