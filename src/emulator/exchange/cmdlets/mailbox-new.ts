/**
 * New-Mailbox -Shared (New-Mailbox.md). As in Microsoft 365, it also creates the Entra user
 * behind the mailbox, enabled and with a password nobody knows (about-shared-mailboxes.md): the
 * admin must block its sign-in. Every mailbox also gets an address in the onmicrosoft.com domain.
 * The UPN is -MicrosoftOnlineServicesID, else the primary address (fidelity 7.9: a choice).
 */
import { randomUUID } from 'node:crypto';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { defaultDomain, newMailboxRecord } from '../mailboxes.js';
import { mailboxObject } from '../present.js';
import { addressInUse } from '../recipients.js';

export const newMailbox: Cmdlet = {
  name: 'New-Mailbox',
  required: ['Name'],
  parameters: { Shared: 'bool', Name: 'string', DisplayName: 'string', Alias: 'string', PrimarySmtpAddress: 'string', MicrosoftOnlineServicesID: 'string' },
  run(params, { tenant, now }) {
    if (params.bool('Shared') !== true) {
      throw CMDLET_ERRORS.invalidOperation('mbx emulator: New-Mailbox is emulated for -Shared only. User mailboxes come from licensing a user through Graph.');
    }
    const name = params.string('Name') as string;
    if (name.length > 64)
      throw CMDLET_ERRORS.badValue(
        'Name',
        'The length of the property is too long. The maximum length is 64 and the length of the value provided is ' + name.length + '.',
      );
    const primaryGiven = params.string('PrimarySmtpAddress');
    const alias = (params.string('Alias') ?? primaryGiven?.split('@')[0] ?? name).replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '');
    const primary = (primaryGiven ?? `${alias}@${defaultDomain(tenant)}`).toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(primary)) throw CMDLET_ERRORS.badValue('PrimarySmtpAddress', `"${primary}" isn't a valid SMTP address.`);
    const domain = primary.split('@')[1] as string;
    if (tenant.collection('domains').get(domain) === undefined) {
      throw CMDLET_ERRORS.invalidOperation(`The domain ${domain} isn't an accepted domain for your organization. Use Get-AcceptedDomain to see them.`);
    }
    if (tenant.collection('mailboxes').lookup(`name:${name.toLowerCase()}`).length > 0)
      throw CMDLET_ERRORS.duplicate(`The name "${name}" is already being used. Please try another name.`);
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
