/**
 * A mailbox as Exchange makes it, for every path that makes one: New-Mailbox, and Graph's user
 * creation with a licence that brings a mailbox. Every mailbox also gets an address in the
 * onmicrosoft.com domain; unlicensed shared mailboxes hold 50 GB.
 */
import { randomUUID } from 'node:crypto';
import type { Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { primaryProxy, secondaryProxy } from '../store/proxy-addresses.js';

const GB = 1024 ** 3;
/** Unlicensed shared mailboxes hold 50 GB (fidelity 6; the quota triple is fidelity 7.8). */
export const SHARED_QUOTAS = { issueWarning: 49 * GB, prohibitSend: 49.5 * GB, prohibitSendReceive: 50 * GB } as const;
export const USER_QUOTAS = { issueWarning: 98 * GB, prohibitSend: 99 * GB, prohibitSendReceive: 100 * GB } as const;

export function defaultDomain(tenant: Tenant): string {
  return (
    tenant
      .collection('domains')
      .list()
      .find((domain) => domain.isDefault)?.id ?? tenant.info.initialDomain
  );
}

/** A new recipient's proxy addresses: its primary, and `alias@<initial domain>` beside it (mailboxes and groups alike). */
export function recipientAddresses(tenant: Tenant, alias: string, primary: string): string[] {
  const onMicrosoft = `${alias}@${tenant.info.initialDomain}`.toLowerCase();
  const addresses = [primaryProxy(primary)];
  if (onMicrosoft !== primary.toLowerCase()) addresses.push(secondaryProxy(onMicrosoft));
  return addresses;
}

export function newMailboxRecord(
  tenant: Tenant,
  fields: { userId: string; name: string; alias: string; displayName: string; primary: string; shared: boolean; now: Date },
): Mailbox {
  const addresses = recipientAddresses(tenant, fields.alias, fields.primary);
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
