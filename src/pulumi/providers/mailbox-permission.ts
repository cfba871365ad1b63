/**
 * Full Access on a shared mailbox for one trustee (Add-MailboxPermission). Exchange sets
 * auto-mapping only when the grant is added and never shows it afterwards (fidelity 6), so a
 * change of autoMapping replaces the grant: removed, then added with the new value.
 */
import * as pulumi from '@pulumi/pulumi';
import { adminClients, remove, rows } from './admin.js';
import { dynamicProvider, type Operations } from './provider.js';

export interface FullAccessInputs {
  readonly mailbox: string;
  /** A user's UPN, a group's name or address, or the app's Exchange service principal. */
  readonly trustee: string;
  readonly autoMapping: boolean;
  readonly version: string;
}

async function granted(env: NodeJS.ProcessEnv, inputs: FullAccessInputs): Promise<boolean> {
  const found = await rows(adminClients(env).exchange, 'Get-MailboxPermission', { Identity: inputs.mailbox, User: inputs.trustee });
  return found.some((row) => String(row.AccessRights).includes('FullAccess') && row.Deny !== true && row.IsInherited !== true);
}

export const operations: Operations<FullAccessInputs, FullAccessInputs> = {
  replaceOn: ['mailbox', 'trustee', 'autoMapping'],
  check(news) {
    return [...(news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the shared mailbox.' }] : []), ...(news.trustee.trim() === '' ? [{ property: 'trustee', reason: 'Name the user, group or app to grant Full Access to.' }] : [])];
  },
  async create(inputs, env) {
    if (!(await granted(env, inputs))) await adminClients(env).exchange.invoke('Add-MailboxPermission', { Identity: inputs.mailbox, User: inputs.trustee, AccessRights: ['FullAccess'], InheritanceType: 'All', AutoMapping: inputs.autoMapping });
    return { id: `${inputs.mailbox}/fullaccess/${inputs.trustee}`, outs: inputs };
  },
  async read(_id, outs, env) {
    return (await granted(env, outs)) ? outs : undefined;
  },
  async update(_id, _olds, news, env) {
    return (await this.create(news, env)).outs;
  },
  async delete(_id, outs, env) {
    await remove(adminClients(env).exchange, 'Remove-MailboxPermission', { Identity: outs.mailbox, User: outs.trustee, AccessRights: ['FullAccess'], InheritanceType: 'All' });
  },
};

export type FullAccessArgs = { readonly [K in keyof FullAccessInputs]: pulumi.Input<FullAccessInputs[K]> };

export class FullAccess extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<string>;

  constructor(name: string, args: FullAccessArgs, options?: pulumi.CustomResourceOptions) {
    super(dynamicProvider(new URL(import.meta.url).href, 'full-access'), name, { ...args, kind: undefined }, options);
  }
}
