/**
 * Full Access on a shared mailbox for one trustee (Add-MailboxPermission). Exchange sets
 * auto-mapping only when the grant is added and never shows it afterwards (fidelity 6), so a
 * change of autoMapping replaces the grant: removed, then added with the new value.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, remove, rows } from './admin.js';
import { grantOperations, type GrantInputs } from './grant.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface FullAccessInputs extends GrantInputs {
  readonly autoMapping: boolean;
}

export const operations: Operations<FullAccessInputs, FullAccessInputs> = grantOperations<FullAccessInputs>({
  name: 'fullaccess',
  description: 'user, group or app to grant Full Access to',
  replaceAlsoOn: ['autoMapping'],
  async granted(inputs, env) {
    const found = await rows(adminClients(env).exchange, 'Get-MailboxPermission', { Identity: inputs.mailbox, User: inputs.trustee });
    return found.some((row) => String(row.AccessRights).includes('FullAccess') && row.Deny !== true && row.IsInherited !== true);
  },
  add: async (inputs, env) =>
    void (await adminClients(env).exchange.invoke('Add-MailboxPermission', {
      Identity: inputs.mailbox,
      User: inputs.trustee,
      AccessRights: ['FullAccess'],
      InheritanceType: 'All',
      AutoMapping: inputs.autoMapping,
    })),
  remove: (inputs, env) =>
    remove(adminClients(env).exchange, 'Remove-MailboxPermission', {
      Identity: inputs.mailbox,
      User: inputs.trustee,
      AccessRights: ['FullAccess'],
      InheritanceType: 'All',
    }),
});

export type FullAccessArgs = { readonly [K in keyof FullAccessInputs]: pulumi.Input<FullAccessInputs[K]> };

export class FullAccess extends ExchangeResource {
  constructor(name: string, args: FullAccessArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'full-access', name, args, [], options);
  }
}
