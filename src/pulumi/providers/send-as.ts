/** Send As on a shared mailbox for one trustee (Add-RecipientPermission -AccessRights SendAs). */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, remove, rows } from './admin.js';
import { grantOperations, type GrantInputs } from './grant.js';
import { ExchangeResource, type Operations } from './provider.js';

export type SendAsInputs = GrantInputs;

export const operations: Operations<SendAsInputs, SendAsInputs> = grantOperations<SendAsInputs>({
  name: 'sendas',
  description: 'user, group or app to grant Send As to',
  async granted(inputs, env) {
    const found = await rows(adminClients(env).exchange, 'Get-RecipientPermission', { Identity: inputs.mailbox, Trustee: inputs.trustee });
    return found.some((row) => String(row.AccessRights).includes('SendAs') && row.AccessControlType !== 'Deny');
  },
  add: async (inputs, env) =>
    void (await adminClients(env).exchange.invoke('Add-RecipientPermission', {
      Identity: inputs.mailbox,
      Trustee: inputs.trustee,
      AccessRights: ['SendAs'],
      Confirm: false,
    })),
  remove: (inputs, env) =>
    remove(adminClients(env).exchange, 'Remove-RecipientPermission', { Identity: inputs.mailbox, Trustee: inputs.trustee, AccessRights: ['SendAs'] }),
});

export type SendAsArgs = { readonly [K in keyof SendAsInputs]: pulumi.Input<SendAsInputs[K]> };

export class SendAs extends ExchangeResource {
  constructor(name: string, args: SendAsArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'send-as', name, args, [], options);
  }
}
