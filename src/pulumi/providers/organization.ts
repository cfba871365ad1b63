/**
 * The organization settings the spec owns: SendFromAliasEnabled (Set-OrganizationConfig) and SMTP
 * AUTH for the organization (Set-TransportConfig -SmtpClientAuthenticationDisabled). The values
 * found before the first change are kept in the state, and delete restores them: removing mbx
 * from a tenant gives the organization back as it was.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients } from './admin.js';
import { ExchangeResource, type Operations } from './provider.js';

export interface OrganizationInputs {
  readonly sendFromAliasEnabled: boolean;
  /** SMTP AUTH on for the whole organization (MS.EXO.5.1v1 wants it off). */
  readonly smtpAuth: boolean;
  readonly version: string;
}

export interface OrganizationOutputs extends OrganizationInputs {
  /** The settings before mbx changed them, restored on delete. */
  readonly previous: { readonly sendFromAliasEnabled: boolean; readonly smtpAuth: boolean };
}

async function read(env: NodeJS.ProcessEnv): Promise<{ sendFromAliasEnabled: boolean; smtpAuth: boolean }> {
  const { exchange } = adminClients(env);
  const [organization] = await exchange.invoke('Get-OrganizationConfig', {}, { select: ['SendFromAliasEnabled'] });
  const [transport] = await exchange.invoke('Get-TransportConfig', {}, { select: ['SmtpClientAuthenticationDisabled'] });
  return { sendFromAliasEnabled: organization?.SendFromAliasEnabled === true, smtpAuth: transport?.SmtpClientAuthenticationDisabled === false };
}

async function apply(env: NodeJS.ProcessEnv, settings: { sendFromAliasEnabled: boolean; smtpAuth: boolean }): Promise<void> {
  const { exchange } = adminClients(env);
  await exchange.invoke('Set-OrganizationConfig', { SendFromAliasEnabled: settings.sendFromAliasEnabled });
  await exchange.invoke('Set-TransportConfig', { SmtpClientAuthenticationDisabled: !settings.smtpAuth });
}

export const operations: Operations<OrganizationInputs, OrganizationOutputs> = {
  replaceOn: [],
  check: () => [],
  async create(inputs, env) {
    const previous = await read(env);
    await apply(env, inputs);
    return { id: 'organization', outs: { ...(await read(env)), version: inputs.version, previous } };
  },
  async read(_id, outs, env) {
    return { ...(await read(env)), version: outs.version, previous: outs.previous };
  },
  async update(_id, olds, news, env) {
    await apply(env, news);
    return { ...(await read(env)), version: news.version, previous: olds.previous };
  },
  async delete(_id, outs, env) {
    await apply(env, outs.previous);
  },
};

export type OrganizationArgs = { readonly [K in keyof OrganizationInputs]: pulumi.Input<OrganizationInputs[K]> };

export class OrganizationSettings extends ExchangeResource {
  declare readonly previous: pulumi.Output<OrganizationOutputs['previous']>;

  constructor(name: string, args: OrganizationArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'organization', name, args, ['previous'], options);
  }
}
