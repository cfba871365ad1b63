/**
 * The shared mailbox (Exchange has no Pulumi provider): New-Mailbox -Shared, or adopt the mailbox
 * that already has the address; then Set-Mailbox for the display name, aliases, sent-items copies,
 * forwarding, the size warning quota, litigation hold and address-list visibility, and sign-in blocked through Graph on its user
 * (ExternalDirectoryObjectId), as CIPP does after creating one (fidelity 6). Send on Behalf, Full
 * Access, Send As and protocols have providers of their own. Delete releases the mailbox (it and its
 * mail stay; Pulumi forgets it) unless the spec says onDelete: remove, and never removes one it
 * adopted. Its address is no reason to replace it: a new address becomes the primary in place.
 * A licence is removed (unlicensed) only where that strands no archive, hold or mail over 50 GB.
 */
import type * as pulumi from '@pulumi/pulumi';
import { bool, exchangeBytes, forwardingAddress, secondaryAddresses, type Row } from '../../m365/exchange/rows.js';
import { settingParameters, shownSettings, type SettingValue } from '../../spec/mailbox-settings.js';
import { adminClients, find, remove, type AdminClients } from './admin.js';
import { ExchangeResource, type CheckFailure, type Operations } from './provider.js';
import { refuseStranding } from './strand.js';

export interface SharedMailboxInputs {
  readonly address: string;
  readonly displayName: string;
  /** Secondary SMTP addresses; authoritative, except the tenant's own *.onmicrosoft.com routing address. */
  readonly aliases: readonly string[];
  readonly signInBlocked: boolean;
  /**
   * The mailbox must hold no licence (one under 50 GB needs none, MBX.LICENCE.1): a licence found
   * is removed. False where the spec names a licence, which its Licence resource assigns.
   */
  readonly unlicensed: boolean;
  readonly hiddenFromAddressLists: boolean;
  readonly messageCopyForSentAsEnabled: boolean;
  readonly messageCopyForSendOnBehalfEnabled: boolean;
  readonly forwardingSmtpAddress: string | null;
  readonly deliverToMailboxAndForward: boolean;
  /** IssueWarningQuota in GB; null leaves the database default. */
  readonly issueWarningQuotaGB: number | null;
  readonly litigationHoldEnabled: boolean;
  /** The plain settings the spec declares (src/spec/mailbox-settings.ts), by spec key; one left out is left as it is. */
  readonly settings: Readonly<Record<string, SettingValue>>;
  /** What delete does: retain (release: the mailbox and its mail stay) or remove a mailbox this provider created. */
  readonly onDelete: 'retain' | 'remove';
  readonly version: string;
}

export interface SharedMailboxOutputs extends SharedMailboxInputs {
  readonly guid: string;
  /** The mailbox's Entra user (ExternalDirectoryObjectId). */
  readonly userId: string;
  readonly name: string;
  /** The mailbox existed before this provider: delete releases it instead of removing it. */
  readonly adopted: boolean;
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const GB = 1024 ** 3;

/** Exchange's quota text, "40 GB (42,949,672,960 bytes)", in GB; null for Unlimited or unset. */
function gigabytes(value: unknown): number | null {
  const bytes = exchangeBytes(value);
  return bytes === null ? null : bytes / GB;
}

async function outputsOf(clients: AdminClients, row: Row, inputs: SharedMailboxInputs, adopted: boolean): Promise<SharedMailboxOutputs> {
  const userId = String(row.ExternalDirectoryObjectId);
  const user = await clients.graph.get<{ accountEnabled: boolean; assignedLicenses: readonly { skuId: string }[] }>(
    `/users/${userId}?$select=accountEnabled,assignedLicenses`,
  );
  const shown = shownSettings(row);
  return {
    address: String(row.PrimarySmtpAddress).toLowerCase(),
    displayName: String(row.DisplayName),
    aliases: secondaryAddresses(row.EmailAddresses)
      .filter((address) => !address.endsWith('.onmicrosoft.com'))
      .sort(),
    signInBlocked: !user.accountEnabled,
    // Only a mailbox meant to be unlicensed is compared; one with a declared licence answers as asked.
    unlicensed: inputs.unlicensed ? user.assignedLicenses.length === 0 : false,
    hiddenFromAddressLists: bool(row.HiddenFromAddressListsEnabled),
    messageCopyForSentAsEnabled: bool(row.MessageCopyForSentAsEnabled),
    messageCopyForSendOnBehalfEnabled: bool(row.MessageCopyForSendOnBehalfEnabled),
    forwardingSmtpAddress: forwardingAddress(row.ForwardingSmtpAddress),
    deliverToMailboxAndForward: bool(row.DeliverToMailboxAndForward),
    // A warning the spec leaves open (null) is Exchange's default, no difference to apply (found under the engine's second up).
    issueWarningQuotaGB: inputs.issueWarningQuotaGB === null ? null : gigabytes(row.IssueWarningQuota),
    // A hold the spec does not ask for is never lifted, so it is no difference to apply.
    litigationHoldEnabled: inputs.litigationHoldEnabled && bool(row.LitigationHoldEnabled),
    // The declared settings only: one the spec leaves out is no difference to apply (state of an mbx before settings has none).
    settings: Object.fromEntries(Object.keys(inputs.settings ?? {}).map((key) => [key, shown[key] ?? null])) as Record<string, SettingValue>,
    onDelete: inputs.onDelete,
    version: inputs.version,
    guid: String(row.Guid),
    userId,
    name: String(row.Name),
    adopted,
  };
}

/** Set what differs from the inputs, then read the mailbox back. */
async function converge(clients: AdminClients, row: Row, inputs: SharedMailboxInputs, adopted: boolean): Promise<SharedMailboxOutputs> {
  const identity = String(row.Guid);
  const address = inputs.address.toLowerCase();
  // A mailbox adopted by an alias or a former primary (Exchange finds it by any proxy address) gets
  // the spec's address back as its primary; the one it had stays only if the spec lists it.
  const primary = String(row.PrimarySmtpAddress).toLowerCase();
  const have = [...secondaryAddresses(row.EmailAddresses).filter((alias) => alias !== address), ...(primary === address ? [] : [primary])];
  const want = inputs.aliases.map((alias) => alias.toLowerCase());
  const add = [...(primary === address ? [] : [`SMTP:${address}`]), ...want.filter((alias) => !have.includes(alias)).map((alias) => `smtp:${alias}`)];
  const drop = have.filter((alias) => !want.includes(alias) && !alias.endsWith('.onmicrosoft.com'));
  await clients.exchange.invoke('Set-Mailbox', {
    Identity: identity,
    DisplayName: inputs.displayName,
    ...(add.length + drop.length === 0
      ? {}
      : {
          EmailAddresses: {
            ...(add.length === 0 ? {} : { Add: add }),
            ...(drop.length === 0 ? {} : { Remove: drop.map((alias) => `smtp:${alias}`) }),
          },
        }),
    MessageCopyForSentAsEnabled: inputs.messageCopyForSentAsEnabled,
    MessageCopyForSendOnBehalfEnabled: inputs.messageCopyForSendOnBehalfEnabled,
    ForwardingSmtpAddress: inputs.forwardingSmtpAddress,
    DeliverToMailboxAndForward: inputs.deliverToMailboxAndForward,
    HiddenFromAddressListsEnabled: inputs.hiddenFromAddressLists,
    // A hold is turned on where the spec asks, and never lifted: only whoever placed it may (MBX.ARCHIVE.1).
    ...(inputs.litigationHoldEnabled ? { LitigationHoldEnabled: true } : {}),
    ...(inputs.issueWarningQuotaGB === null ? {} : { IssueWarningQuota: `${inputs.issueWarningQuotaGB}GB` }),
    ...settingParameters(inputs.settings),
  });
  const userId = String(row.ExternalDirectoryObjectId);
  await clients.graph.patch(`/users/${userId}`, { accountEnabled: !inputs.signInBlocked });
  if (inputs.unlicensed) {
    const held = (await clients.graph.get<{ assignedLicenses: readonly { skuId: string }[] }>(`/users/${userId}?$select=assignedLicenses`)).assignedLicenses;
    if (held.length > 0) {
      await refuseStranding(clients, inputs.address, held.map((licence) => licence.skuId).join(', '));
      await clients.graph.post(`/users/${userId}/assignLicense`, { addLicenses: [], removeLicenses: held.map((licence) => licence.skuId) });
    }
  }
  const current = await find(clients.exchange, 'Get-Mailbox', { Identity: identity });
  if (current === undefined) throw new Error(`The shared mailbox ${inputs.address} disappeared while it was being set up; run again.`);
  return outputsOf(clients, current, inputs, adopted);
}

export const operations: Operations<SharedMailboxInputs, SharedMailboxOutputs> = {
  // Nothing replaces a shared mailbox: replacing would remove it and its mail.
  replaceOn: [],
  check(news) {
    const failures: CheckFailure[] = [];
    if (news.onDelete !== 'retain' && news.onDelete !== 'remove')
      failures.push({ property: 'onDelete', reason: `'${String(news.onDelete)}' is neither retain nor remove.` });
    if (!ADDRESS.test(news.address)) failures.push({ property: 'address', reason: `'${news.address}' is not an e-mail address.` });
    if (news.displayName.trim() === '') failures.push({ property: 'displayName', reason: 'A shared mailbox needs a display name.' });
    for (const alias of news.aliases) if (!ADDRESS.test(alias)) failures.push({ property: 'aliases', reason: `'${alias}' is not an e-mail address.` });
    if (news.issueWarningQuotaGB !== null && !(news.issueWarningQuotaGB > 0))
      failures.push({ property: 'issueWarningQuotaGB', reason: `The size warning must be a positive number of GB, not ${String(news.issueWarningQuotaGB)}.` });
    if (news.forwardingSmtpAddress !== null && !ADDRESS.test(news.forwardingSmtpAddress))
      failures.push({ property: 'forwardingSmtpAddress', reason: `'${news.forwardingSmtpAddress}' is not an e-mail address.` });
    return failures;
  },
  async create(inputs, env) {
    const clients = adminClients(env);
    const existing = await find(clients.exchange, 'Get-Mailbox', { Identity: inputs.address });
    if (existing !== undefined && existing.RecipientTypeDetails !== 'SharedMailbox')
      throw new Error(
        `${inputs.address} already belongs to a ${String(existing.RecipientTypeDetails)}, not a shared mailbox; choose another address or convert it (Set-Mailbox -Type Shared).`,
      );
    const row =
      existing ??
      (
        await clients.exchange.invoke('New-Mailbox', {
          Shared: true,
          Name: inputs.address.split('@')[0],
          DisplayName: inputs.displayName,
          PrimarySmtpAddress: inputs.address,
        })
      )[0];
    if (row === undefined) throw new Error(`New-Mailbox returned nothing for ${inputs.address}.`);
    const outs = await converge(clients, row, inputs, existing !== undefined);
    return { id: outs.guid, outs };
  },
  async read(id, outs, env) {
    const clients = adminClients(env);
    const row = await find(clients.exchange, 'Get-Mailbox', { Identity: id });
    return row === undefined ? undefined : outputsOf(clients, row, outs, outs.adopted);
  },
  async update(id, olds, news, env) {
    const clients = adminClients(env);
    const row = await find(clients.exchange, 'Get-Mailbox', { Identity: id });
    if (row === undefined)
      throw new Error(`The shared mailbox ${olds.address} (${id}) no longer exists; run pulumi refresh, then pulumi up to create it again.`);
    return converge(clients, row, news, olds.adopted);
  },
  async delete(id, outs, env) {
    // Released, not removed: a mailbox mbx found, or one the spec does not say to remove, keeps its mail.
    if (outs.adopted || outs.onDelete !== 'remove') return;
    await remove(adminClients(env).exchange, 'Remove-Mailbox', { Identity: id });
  },
};

export type SharedMailboxArgs = { readonly [K in keyof SharedMailboxInputs]: pulumi.Input<SharedMailboxInputs[K]> };

export class SharedMailbox extends ExchangeResource {
  declare readonly address: pulumi.Output<string>;
  declare readonly guid: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: SharedMailboxArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'shared-mailbox', name, args, ['guid', 'userId', 'name', 'adopted'], options);
  }
}
