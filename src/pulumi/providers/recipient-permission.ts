/** Send As on a shared mailbox for one trustee (Add-RecipientPermission -AccessRights SendAs). */
import * as pulumi from '@pulumi/pulumi';
import { adminClients, remove, rows } from './admin.js';
import { dynamicProvider, type Operations } from './provider.js';

export interface SendAsInputs {
  readonly mailbox: string;
  readonly trustee: string;
  readonly version: string;
}

async function granted(env: NodeJS.ProcessEnv, inputs: SendAsInputs): Promise<boolean> {
  const found = await rows(adminClients(env).exchange, 'Get-RecipientPermission', { Identity: inputs.mailbox, Trustee: inputs.trustee });
  return found.some((row) => String(row.AccessRights).includes('SendAs') && row.AccessControlType !== 'Deny');
}

export const operations: Operations<SendAsInputs, SendAsInputs> = {
  replaceOn: ['mailbox', 'trustee'],
  check(news) {
    return [...(news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the shared mailbox.' }] : []), ...(news.trustee.trim() === '' ? [{ property: 'trustee', reason: 'Name the user, group or app to grant Send As to.' }] : [])];
  },
  async create(inputs, env) {
    if (!(await granted(env, inputs))) await adminClients(env).exchange.invoke('Add-RecipientPermission', { Identity: inputs.mailbox, Trustee: inputs.trustee, AccessRights: ['SendAs'], Confirm: false });
    return { id: `${inputs.mailbox}/sendas/${inputs.trustee}`, outs: inputs };
  },
  async read(_id, outs, env) {
    return (await granted(env, outs)) ? outs : undefined;
  },
  async update(_id, _olds, news, env) {
    return (await this.create(news, env)).outs;
  },
  async delete(_id, outs, env) {
    await remove(adminClients(env).exchange, 'Remove-RecipientPermission', { Identity: outs.mailbox, Trustee: outs.trustee, AccessRights: ['SendAs'] });
  },
};

export type SendAsArgs = { readonly [K in keyof SendAsInputs]: pulumi.Input<SendAsInputs[K]> };

export class SendAs extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<string>;

  constructor(name: string, args: SendAsArgs, options?: pulumi.CustomResourceOptions) {
    super(dynamicProvider(new URL(import.meta.url).href, 'send-as'), name, { ...args, kind: undefined }, options);
  }
}
