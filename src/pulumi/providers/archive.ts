/**
 * A shared mailbox's in-place archive (Enable-Mailbox -Archive, Disable-Mailbox -Archive). The
 * program declares one only where the spec says `archive: true` or `archive: false`; a spec that
 * leaves it out leaves the archive as the tenant has it. The licence an archive needs (Exchange
 * Online Plan 2, or Plan 1 with Exchange Online Archiving) is assigned first: the program makes
 * this resource depend on the mailbox's Licence. Delete changes nothing: an archive holds mail, and
 * only a spec that says `archive: false` disables one.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, find } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface ArchiveInputs {
  readonly mailbox: string;
  readonly enabled: boolean;
  readonly version: string;
}

async function current(env: NodeJS.ProcessEnv, inputs: ArchiveInputs): Promise<ArchiveInputs | undefined> {
  const row = await find(adminClients(env).exchange, 'Get-Mailbox', { Identity: inputs.mailbox });
  return row === undefined ? undefined : { ...inputs, enabled: String(row.ArchiveStatus ?? 'None') === 'Active' };
}

async function converge(env: NodeJS.ProcessEnv, inputs: ArchiveInputs): Promise<ArchiveInputs> {
  const now = await current(env, inputs);
  if (now === undefined) throw new Error(`Get-Mailbox does not find ${inputs.mailbox}; create the shared mailbox first.`);
  if (now.enabled === inputs.enabled) return now;
  const exchange = adminClients(env).exchange;
  if (inputs.enabled) await exchange.invoke('Enable-Mailbox', { Identity: inputs.mailbox, Archive: true });
  else await exchange.invoke('Disable-Mailbox', { Identity: inputs.mailbox, Archive: true, Confirm: false });
  return { ...inputs };
}

export const operations: Operations<ArchiveInputs, ArchiveInputs> = {
  replaceOn: ['mailbox'],
  check(news) {
    return news.mailbox.trim() === '' ? [{ property: 'mailbox', reason: 'Name the shared mailbox.' }] : [];
  },
  async create(inputs, env) {
    return { id: `${inputs.mailbox}/archive`, outs: await converge(env, inputs) };
  },
  read: (_id, outs, env) => current(env, outs),
  update: (_id, _olds, news, env) => converge(env, news),
  async delete() {
    // An archive holds mail: only a spec that says archive: false disables one (update).
  },
};

export type ArchiveArgs = { readonly [K in keyof ArchiveInputs]: pulumi.Input<ArchiveInputs[K]> };

export class MailboxArchive extends ExchangeResource {
  constructor(name: string, args: ArchiveArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'archive', name, args, [], options);
  }
}
