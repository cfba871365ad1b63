/**
 * SMTP AUTH on a delegate's own mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false),
 * for a client that signs in to SMTP as the delegate: Exchange applies the setting of the mailbox
 * that signs in, not the shared mailbox the client sends from (src/spec/sign-in.ts). Only this one
 * setting of a person's mailbox is touched; delete puts back the value it found.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, find } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface SmtpAuthInputs {
  /** The delegate's address. */
  readonly mailbox: string;
  readonly version: string;
}

export interface SmtpAuthOutputs extends SmtpAuthInputs {
  /** SmtpClientAuthenticationDisabled as the provider found it (null: following the organization), put back on delete. */
  readonly previous: boolean | null;
  readonly enabled: boolean;
}

async function setting(env: NodeJS.ProcessEnv, mailbox: string): Promise<boolean | null | undefined> {
  const row = await find(adminClients(env).exchange, 'Get-CASMailbox', { Identity: mailbox });
  if (row === undefined) return undefined;
  const value = row.SmtpClientAuthenticationDisabled;
  return value === null || value === undefined ? null : value === true;
}

async function enable(env: NodeJS.ProcessEnv, inputs: SmtpAuthInputs, previous: boolean | null): Promise<SmtpAuthOutputs> {
  await adminClients(env).exchange.invoke('Set-CASMailbox', { Identity: inputs.mailbox, SmtpClientAuthenticationDisabled: false });
  return { ...inputs, previous, enabled: true };
}

export const operations: Operations<SmtpAuthInputs, SmtpAuthOutputs> = {
  replaceOn: ['mailbox'],
  check(news) {
    return news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the delegate whose mailbox signs in to SMTP.' }] : [];
  },
  async create(inputs, env) {
    const found = await setting(env, inputs.mailbox);
    if (found === undefined)
      throw new Error(`${inputs.mailbox} has no mailbox, so it cannot sign in to SMTP: give it an Exchange Online licence (the spec's users) first.`);
    return { id: `${inputs.mailbox}/smtp-auth`, outs: await enable(env, inputs, found) };
  },
  async read(_id, outs, env) {
    const found = await setting(env, outs.mailbox);
    return found === undefined ? undefined : { ...outs, enabled: found === false };
  },
  update: (_id, olds, news, env) => enable(env, news, olds.previous),
  async delete(_id, outs, env) {
    if ((await setting(env, outs.mailbox)) === undefined) return;
    await adminClients(env).exchange.invoke('Set-CASMailbox', { Identity: outs.mailbox, SmtpClientAuthenticationDisabled: outs.previous });
  },
};

export type SmtpAuthArgs = { readonly [K in keyof SmtpAuthInputs]: pulumi.Input<SmtpAuthInputs[K]> };

export class DelegateSmtpAuth extends ExchangeResource {
  constructor(name: string, args: SmtpAuthArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'smtp-auth', name, args, ['previous', 'enabled'], options);
  }
}
