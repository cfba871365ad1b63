/**
 * New-Mailbox -Shared (New-Mailbox.md). As in Microsoft 365, it also creates the Entra user
 * behind the mailbox, enabled and with a password nobody knows (about-shared-mailboxes.md): the
 * admin must block its sign-in. Every mailbox also gets an address in the onmicrosoft.com domain.
 * The UPN is -MicrosoftOnlineServicesID, else the primary address (fidelity 7.9: a choice).
 */
import { randomUUID } from 'node:crypto';
import type { Mailbox } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { mailboxObject } from '../present.js';
import { addressInUse } from '../recipients.js';

const GB = 1024 ** 3;
/** Unlicensed shared mailboxes hold 50 GB (fidelity 6; the quota triple is fidelity 7.8). */
export const SHARED_QUOTAS = { issueWarning: 49 * GB, prohibitSend: 49.5 * GB, prohibitSendReceive: 50 * GB } as const;
export const USER_QUOTAS = { issueWarning: 98 * GB, prohibitSend: 99 * GB, prohibitSendReceive: 100 * GB } as const;

export function defaultDomain(tenant: Tenant): string {
  return tenant.collection('domains').list().find((domain) => domain.isDefault)?.id ?? tenant.info.initialDomain;
}

export function newMailboxRecord(tenant: Tenant, fields: { userId: string; name: string; alias: string; displayName: string; primary: string; shared: boolean; now: Date }): Mailbox {
  const onMicrosoft = `${fields.alias}@${tenant.info.initialDomain}`.toLowerCase();
  const addresses = [`SMTP:${fields.primary}`];
  if (onMicrosoft !== fields.primary.toLowerCase()) addresses.push(`smtp:${onMicrosoft}`);
  return {
    id: randomUUID(),
    userId: fields.userId,
    name: fields.name,
    alias: fields.alias,
    displayName: fields.displayName,
    recipientTypeDetails: fields.shared ? 'SharedMailbox' : 'UserMailbox',
    emailAddresses: addresses,
    grantSendOnBehalfTo: [],
    messageCopyForSentAsEnabled: false,
    messageCopyForSendOnBehalfEnabled: false,
    forwardingSmtpAddress: null,
    deliverToMailboxAndForward: false,
    hiddenFromAddressListsEnabled: false,
    litigationHoldEnabled: false,
    archiveEnabled: false,
    quotas: fields.shared ? SHARED_QUOTAS : USER_QUOTAS,
    imapEnabled: true,
    popEnabled: true,
    ewsEnabled: true,
    smtpClientAuthenticationDisabled: null,
    autoReply: { state: 'Disabled', externalAudience: 'All', internalMessage: '', externalMessage: '', startTime: null, endTime: null },
    totalItemSize: 0,
    itemCount: 0,
    whenCreated: fields.now.toISOString(),
  };
}

export const newMailbox: Cmdlet = {
  name: 'New-Mailbox',
  required: ['Name'],
  parameters: { Shared: 'bool', Name: 'string', DisplayName: 'string', Alias: 'string', PrimarySmtpAddress: 'string', MicrosoftOnlineServicesID: 'string' },
  run(params, { tenant, now }) {
    if (params.bool('Shared') !== true) {
      throw CMDLET_ERRORS.invalidOperation('mbx emulator: New-Mailbox is emulated for -Shared only. User mailboxes come from licensing a user through Graph.');
    }
    const name = params.string('Name') as string;
    if (name.length > 64) throw CMDLET_ERRORS.badValue('Name', 'The length of the property is too long. The maximum length is 64 and the length of the value provided is ' + name.length + '.');
    const primaryGiven = params.string('PrimarySmtpAddress');
    const alias = (params.string('Alias') ?? primaryGiven?.split('@')[0] ?? name).replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '');
    const primary = (primaryGiven ?? `${alias}@${defaultDomain(tenant)}`).toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(primary)) throw CMDLET_ERRORS.badValue('PrimarySmtpAddress', `"${primary}" isn't a valid SMTP address.`);
    const domain = primary.split('@')[1] as string;
    if (tenant.collection('domains').get(domain) === undefined) {
      throw CMDLET_ERRORS.invalidOperation(`The domain ${domain} isn't an accepted domain for your organization. Use Get-AcceptedDomain to see them.`);
    }
    if (tenant.collection('mailboxes').lookup(`name:${name.toLowerCase()}`).length > 0) throw CMDLET_ERRORS.duplicate(`The name "${name}" is already being used. Please try another name.`);
    const upn = (params.string('MicrosoftOnlineServicesID') ?? primary).toLowerCase();
    for (const address of [primary, `${alias}@${tenant.info.initialDomain}`.toLowerCase()]) {
      if (addressInUse(tenant, address)) throw CMDLET_ERRORS.proxyInUse(address);
    }
    if (tenant.collection('users').lookup(`upn:${upn}`).length > 0) throw CMDLET_ERRORS.proxyInUse(upn);
    const userId = randomUUID();
    const displayName = params.string('DisplayName') ?? name;
    tenant.collection('users').put({
      id: userId,
      userPrincipalName: upn,
      displayName,
      mailNickname: alias,
      mail: primary,
      accountEnabled: true,
      usageLocation: null,
      assignedLicenses: [],
      passwordHash: null,
      createdDateTime: now.toISOString(),
    });
    const mailbox = newMailboxRecord(tenant, { userId, name, alias, displayName, primary, shared: true, now });
    tenant.collection('mailboxes').put(mailbox);
    return { value: [mailboxObject(tenant, mailbox)] };
  },
};
