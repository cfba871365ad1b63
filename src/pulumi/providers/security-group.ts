/**
 * A mail-enabled security group used as a trustee. Graph cannot create one or change its members
 * (microsoft-graph-docs#14827; the emulator refuses as Graph does), so this is Exchange's
 * New-DistributionGroup -Type Security, and Update-DistributionGroupMember for the membership the
 * spec declares. A group the spec names without members is adopted as it is and its membership
 * never touched; an existing group of that address is adopted too (a distribution group is
 * refused: its grants reach nobody). Delete removes a group this provider created and releases one
 * it adopted.
 */
import type * as pulumi from '@pulumi/pulumi';
import { lower } from '../../m365/exchange/rows.js';
import { adminClients, find, remove, rows, type AdminClients } from './admin.js';
import { ExchangeResource, type CheckFailure, type Operations } from './provider.js';

export interface SecurityGroupInputs {
  readonly address: string;
  /** New-DistributionGroup -Name; the address's local part when the spec names none. */
  readonly name: string;
  /** The direct members' addresses, authoritative; null leaves the membership to the tenant. */
  readonly members: readonly string[] | null;
  readonly version: string;
}

export interface SecurityGroupOutputs extends SecurityGroupInputs {
  /** The group's Entra object id (ExternalDirectoryObjectId). */
  readonly groupId: string;
  readonly adopted: boolean;
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const SECURITY = 'MailUniversalSecurityGroup';
const bypass = { BypassSecurityGroupManagerCheck: true };

/** The members' addresses as Exchange lists them: a user's principal name, a group's address. */
async function membersOf(clients: AdminClients, address: string): Promise<string[]> {
  const listed = await rows(clients.exchange, 'Get-DistributionGroupMember', { Identity: address, ResultSize: 'Unlimited' });
  return listed.map((row) => lower(row.PrimarySmtpAddress || row.Name)).sort();
}

async function outputsOf(clients: AdminClients, row: Record<string, unknown>, inputs: SecurityGroupInputs, adopted: boolean): Promise<SecurityGroupOutputs> {
  const address = lower(row.PrimarySmtpAddress);
  return {
    address,
    name: String(row.Name ?? inputs.name),
    // Only a membership the spec declares is compared; one left to the tenant answers as asked.
    members: inputs.members === null ? null : await membersOf(clients, address),
    version: inputs.version,
    groupId: lower(row.ExternalDirectoryObjectId),
    adopted,
  };
}

async function converge(clients: AdminClients, row: Record<string, unknown>, inputs: SecurityGroupInputs, adopted: boolean): Promise<SecurityGroupOutputs> {
  if (inputs.members !== null) {
    const have = await membersOf(clients, String(row.PrimarySmtpAddress));
    const want = [...inputs.members].map((member) => member.toLowerCase()).sort();
    if (JSON.stringify(have) !== JSON.stringify(want))
      await clients.exchange.invoke('Update-DistributionGroupMember', { Identity: inputs.address, Members: want, ...bypass, Confirm: false });
  }
  return outputsOf(clients, row, inputs, adopted);
}

export const operations: Operations<SecurityGroupInputs, SecurityGroupOutputs> = {
  replaceOn: ['address'],
  check(news) {
    const failures: CheckFailure[] = [];
    if (!ADDRESS.test(news.address)) failures.push({ property: 'address', reason: `'${news.address}' is not an e-mail address.` });
    if (news.name.trim() === '') failures.push({ property: 'name', reason: 'A group needs a name.' });
    for (const member of news.members ?? []) if (!ADDRESS.test(member)) failures.push({ property: 'members', reason: `'${member}' is not an e-mail address.` });
    return failures;
  },
  async create(inputs, env) {
    const clients = adminClients(env);
    const existing = await find(clients.exchange, 'Get-DistributionGroup', { Identity: inputs.address });
    if (existing !== undefined && existing.RecipientTypeDetails !== SECURITY)
      throw new Error(
        `${inputs.address} is a ${String(existing.RecipientTypeDetails)}, not a mail-enabled security group: rights granted to it reach nobody. Use another address, or grant a mail-enabled security group.`,
      );
    if (existing === undefined && inputs.members === null)
      throw new Error(
        `No group has the address ${inputs.address}, and the spec declares no members for it, so mbx takes it for an existing group: create it, correct the address, or declare its members so mbx creates it.`,
      );
    const row =
      existing ??
      (
        await clients.exchange.invoke('New-DistributionGroup', {
          Type: 'Security',
          Name: inputs.name,
          PrimarySmtpAddress: inputs.address,
          Members: [...(inputs.members ?? [])],
        })
      )[0];
    if (row === undefined) throw new Error(`New-DistributionGroup returned nothing for ${inputs.address}.`);
    const outs = await converge(clients, row, inputs, existing !== undefined);
    return { id: outs.groupId, outs };
  },
  async read(id, outs, env) {
    const clients = adminClients(env);
    const row = await find(clients.exchange, 'Get-DistributionGroup', { Identity: id });
    return row === undefined ? undefined : outputsOf(clients, row, outs, outs.adopted);
  },
  async update(id, olds, news, env) {
    const clients = adminClients(env);
    const row = await find(clients.exchange, 'Get-DistributionGroup', { Identity: id });
    if (row === undefined) throw new Error(`The group ${olds.address} (${id}) no longer exists; run pulumi refresh, then pulumi up to create it again.`);
    return converge(clients, row, news, olds.adopted);
  },
  async delete(id, outs, env) {
    if (outs.adopted) return;
    await remove(adminClients(env).exchange, 'Remove-DistributionGroup', { Identity: id, ...bypass });
  },
};

export type SecurityGroupArgs = { readonly [K in keyof SecurityGroupInputs]: pulumi.Input<SecurityGroupInputs[K]> };

export class SecurityGroup extends ExchangeResource {
  declare readonly address: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;

  constructor(name: string, args: SecurityGroupArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'security-group', name, args, ['groupId', 'adopted'], options);
  }
}
