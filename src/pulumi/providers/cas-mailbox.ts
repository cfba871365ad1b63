/**
 * A shared mailbox's client protocols (Set-CASMailbox): IMAP, POP, and SMTP AUTH, which null
 * leaves to the organization (SmtpClientAuthenticationDisabled $null). The settings belong to the
 * mailbox, so delete leaves them as they are.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, find } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface CasMailboxInputs {
  readonly mailbox: string;
  readonly imapEnabled: boolean;
  readonly popEnabled: boolean;
  /** null: follow the organization's TransportConfig. */
  readonly smtpClientAuthenticationDisabled: boolean | null;
  readonly version: string;
}

async function current(env: NodeJS.ProcessEnv, inputs: CasMailboxInputs): Promise<CasMailboxInputs | undefined> {
  const row = await find(adminClients(env).exchange, 'Get-CASMailbox', { Identity: inputs.mailbox });
  if (row === undefined) return undefined;
  const smtp = row.SmtpClientAuthenticationDisabled;
  return {
    mailbox: inputs.mailbox,
    imapEnabled: row.ImapEnabled === true,
    popEnabled: row.PopEnabled === true,
    smtpClientAuthenticationDisabled: smtp === null || smtp === undefined ? null : smtp === true,
    version: inputs.version,
  };
}

async function converge(env: NodeJS.ProcessEnv, inputs: CasMailboxInputs): Promise<CasMailboxInputs> {
  await adminClients(env).exchange.invoke('Set-CASMailbox', {
    Identity: inputs.mailbox,
    ImapEnabled: inputs.imapEnabled,
    PopEnabled: inputs.popEnabled,
    SmtpClientAuthenticationDisabled: inputs.smtpClientAuthenticationDisabled,
  });
  const outs = await current(env, inputs);
  if (outs === undefined) throw new Error(`Get-CASMailbox does not find ${inputs.mailbox}; create the shared mailbox first.`);
  return outs;
}

export const operations: Operations<CasMailboxInputs, CasMailboxInputs> = {
  replaceOn: ['mailbox'],
  check(news) {
    return news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the shared mailbox.' }] : [];
  },
  async create(inputs, env) {
    return { id: `${inputs.mailbox}/cas`, outs: await converge(env, inputs) };
  },
  read: (_id, outs, env) => current(env, outs),
  update: (_id, _olds, news, env) => converge(env, news),
  async delete() {
    // The protocols are the mailbox's own settings; removing the resource changes nothing.
  },
};

export type CasMailboxArgs = { readonly [K in keyof CasMailboxInputs]: pulumi.Input<CasMailboxInputs[K]> };

export class CasMailbox extends ExchangeResource {
  constructor(name: string, args: CasMailboxArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'cas-mailbox', name, args, [], options);
  }
}
