/** Send on Behalf on a shared mailbox for one trustee (Set-Mailbox -GrantSendOnBehalfTo @{Add=...}). */
import * as pulumi from '@pulumi/pulumi';
import { adminClients, find } from './admin.js';
import { dynamicProvider, type Operations } from './provider.js';

export interface SendOnBehalfInputs {
  readonly mailbox: string;
  readonly trustee: string;
  readonly version: string;
}

async function granted(env: NodeJS.ProcessEnv, inputs: SendOnBehalfInputs): Promise<boolean | undefined> {
  const row = await find(adminClients(env).exchange, 'Get-Mailbox', { Identity: inputs.mailbox });
  if (row === undefined) return undefined;
  return (Array.isArray(row.GrantSendOnBehalfTo) ? row.GrantSendOnBehalfTo : []).some((trustee) => String(trustee).toLowerCase() === inputs.trustee.toLowerCase());
}

export const operations: Operations<SendOnBehalfInputs, SendOnBehalfInputs> = {
  replaceOn: ['mailbox', 'trustee'],
  check(news) {
    return [...(news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the shared mailbox.' }] : []), ...(news.trustee.trim() === '' ? [{ property: 'trustee', reason: 'Name the user to grant Send on Behalf to.' }] : [])];
  },
  async create(inputs, env) {
    if ((await granted(env, inputs)) !== true) await adminClients(env).exchange.invoke('Set-Mailbox', { Identity: inputs.mailbox, GrantSendOnBehalfTo: { Add: [inputs.trustee] } });
    return { id: `${inputs.mailbox}/sendonbehalf/${inputs.trustee}`, outs: inputs };
  },
  async read(_id, outs, env) {
    return (await granted(env, outs)) === true ? outs : undefined;
  },
  async update(_id, _olds, news, env) {
    return (await this.create(news, env)).outs;
  },
  async delete(_id, outs, env) {
    if ((await granted(env, outs)) === true) await adminClients(env).exchange.invoke('Set-Mailbox', { Identity: outs.mailbox, GrantSendOnBehalfTo: { Remove: [outs.trustee] } });
  },
};

export type SendOnBehalfArgs = { readonly [K in keyof SendOnBehalfInputs]: pulumi.Input<SendOnBehalfInputs[K]> };

export class SendOnBehalf extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<string>;

  constructor(name: string, args: SendOnBehalfArgs, options?: pulumi.CustomResourceOptions) {
    super(dynamicProvider(new URL(import.meta.url).href, 'send-on-behalf'), name, { ...args, kind: undefined }, options);
  }
}
