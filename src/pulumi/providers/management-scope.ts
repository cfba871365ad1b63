/**
 * A management scope naming exactly the declared mailboxes (New-ManagementScope with a
 * RecipientRestrictionFilter of their primary addresses), for RBAC for Applications
 * (learn.microsoft.com/exchange/permissions-exo/application-rbac). A new mailbox list updates the
 * filter in place (Set-ManagementScope), so the role assignments that use the scope stay.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, find, remove } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface ManagementScopeInputs {
  readonly name: string;
  /** Primary SMTP addresses of the mailboxes the scope reaches, and no others. */
  readonly mailboxes: readonly string[];
  readonly version: string;
}

/** The OPATH filter that matches exactly these mailboxes. */
export function scopeFilter(mailboxes: readonly string[]): string {
  return [...mailboxes]
    .map((address) => address.toLowerCase())
    .sort()
    .map((address) => `PrimarySmtpAddress -eq '${address.replace(/'/g, "''")}'`)
    .join(' -or ');
}

async function current(env: NodeJS.ProcessEnv, inputs: ManagementScopeInputs): Promise<ManagementScopeInputs | undefined> {
  const row = await find(adminClients(env).exchange, 'Get-ManagementScope', { Identity: inputs.name });
  if (row === undefined) return undefined;
  // The filter is read back as the mailboxes it names when it is one mbx wrote; else as given, so a diff shows.
  const filter = String(row.RecipientRestrictionFilter);
  const named = [...filter.matchAll(/PrimarySmtpAddress -eq '((?:[^']|'')+)'/g)].map((match) => (match[1] as string).replace(/''/g, "'"));
  return { name: inputs.name, mailboxes: scopeFilter(named) === filter ? named : [filter], version: inputs.version };
}

async function converge(env: NodeJS.ProcessEnv, inputs: ManagementScopeInputs): Promise<ManagementScopeInputs> {
  const { exchange } = adminClients(env);
  const filter = scopeFilter(inputs.mailboxes);
  const existing = await find(exchange, 'Get-ManagementScope', { Identity: inputs.name });
  if (existing === undefined) await exchange.invoke('New-ManagementScope', { Name: inputs.name, RecipientRestrictionFilter: filter });
  else if (existing.RecipientRestrictionFilter !== filter)
    await exchange.invoke('Set-ManagementScope', { Identity: inputs.name, RecipientRestrictionFilter: filter });
  return { name: inputs.name, mailboxes: [...inputs.mailboxes].map((address) => address.toLowerCase()).sort(), version: inputs.version };
}

export const operations: Operations<ManagementScopeInputs, ManagementScopeInputs> = {
  replaceOn: ['name'],
  check(news) {
    return [
      ...(news.name.trim() === '' ? [{ property: 'name', reason: 'Name the management scope.' }] : []),
      ...(news.mailboxes.length === 0 ? [{ property: 'mailboxes', reason: 'A scope with no mailboxes would reach none; leave the role out instead.' }] : []),
    ];
  },
  create: async (inputs, env) => ({ id: inputs.name, outs: await converge(env, inputs) }),
  read: (_id, outs, env) => current(env, outs),
  update: (_id, _olds, news, env) => converge(env, news),
  async delete(_id, outs, env) {
    await remove(adminClients(env).exchange, 'Remove-ManagementScope', { Identity: outs.name });
  },
};

export type ManagementScopeArgs = { readonly [K in keyof ManagementScopeInputs]: pulumi.Input<ManagementScopeInputs[K]> };

export class ManagementScope extends ExchangeResource {
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: ManagementScopeArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'management-scope', name, args, [], options);
  }
}
