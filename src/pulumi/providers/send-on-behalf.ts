/** Send on Behalf on a shared mailbox for one trustee (Set-Mailbox -GrantSendOnBehalfTo @{Add=...}). */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, find } from './admin.js';
import { grantOperations, type GrantInputs } from './grant.js';
import { ExchangeResource, type Operations } from './provider.js';

export type SendOnBehalfInputs = GrantInputs;

export const operations: Operations<SendOnBehalfInputs, SendOnBehalfInputs> = grantOperations<SendOnBehalfInputs>({
  name: 'sendonbehalf',
  description: 'user to grant Send on Behalf to',
  async granted(inputs, env) {
    const row = await find(adminClients(env).exchange, 'Get-Mailbox', { Identity: inputs.mailbox });
    return (Array.isArray(row?.GrantSendOnBehalfTo) ? row.GrantSendOnBehalfTo : []).some(
      (trustee) => String(trustee).toLowerCase() === inputs.trustee.toLowerCase(),
    );
  },
  add: async (inputs, env) =>
    void (await adminClients(env).exchange.invoke('Set-Mailbox', { Identity: inputs.mailbox, GrantSendOnBehalfTo: { Add: [inputs.trustee] } })),
  remove: async (inputs, env) =>
    void (await adminClients(env).exchange.invoke('Set-Mailbox', { Identity: inputs.mailbox, GrantSendOnBehalfTo: { Remove: [inputs.trustee] } })),
});

export type SendOnBehalfArgs = { readonly [K in keyof SendOnBehalfInputs]: pulumi.Input<SendOnBehalfInputs[K]> };

export class SendOnBehalf extends ExchangeResource {
  constructor(name: string, args: SendOnBehalfArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'send-on-behalf', name, args, [], options);
  }
}
