/**
 * Identity resolution as Exchange does it: a mailbox by GUID, ExternalDirectoryObjectId, any of
 * its SMTP addresses, alias, name or UPN (Get-Mailbox.md, -Identity); a trustee (user, group,
 * or a service principal registered with New-ServicePrincipal) by id, UPN, address or name.
 */
import { userByIdOrUpn } from '../directory.js';
import type { ExchangeServicePrincipal, Group, Mailbox, DirectoryUser } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { CMDLET_ERRORS } from './errors.js';
import { primaryOf, smtpValue } from '../store/proxy-addresses.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function findMailbox(tenant: Tenant, identity: string): Mailbox | undefined {
  const mailboxes = tenant.collection('mailboxes');
  const key = identity.trim();
  if (GUID.test(key)) return mailboxes.get(key.toLowerCase()) ?? mailboxes.lookup(`user:${key.toLowerCase()}`)[0];
  const lower = smtpValue(key);
  const found = mailboxes.lookup(`addr:${lower}`)[0] ?? mailboxes.lookup(`alias:${lower}`)[0] ?? mailboxes.lookup(`name:${lower}`)[0];
  if (found !== undefined) return found;
  const user = userByIdOrUpn(tenant, lower);
  return user === undefined ? undefined : mailboxes.lookup(`user:${user.id}`)[0];
}

export function requireMailbox(tenant: Tenant, identity: string | undefined): Mailbox {
  const mailbox = identity === undefined ? undefined : findMailbox(tenant, identity);
  if (mailbox === undefined) throw CMDLET_ERRORS.notFound(identity ?? '');
  return mailbox;
}

export type Trustee =
  | { readonly kind: 'user'; readonly id: string; readonly user: DirectoryUser }
  | { readonly kind: 'group'; readonly id: string; readonly group: Group }
  | { readonly kind: 'servicePrincipal'; readonly id: string; readonly servicePrincipal: ExchangeServicePrincipal };

/** A service principal registered in Exchange, by its identity, app id or Entra object id. */
export function exchangeServicePrincipalById(tenant: Tenant, key: string): ExchangeServicePrincipal | undefined {
  const sps = tenant.collection('exchangeServicePrincipals');
  const lower = key.trim().toLowerCase();
  return sps.get(lower) ?? sps.lookup(`appId:${lower}`)[0] ?? sps.lookup(`object:${lower}`)[0];
}

export function findTrustee(tenant: Tenant, text: string): Trustee | undefined {
  const key = text.trim().toLowerCase();
  const sp = exchangeServicePrincipalById(tenant, key);
  if (sp !== undefined) return { kind: 'servicePrincipal', id: sp.id, servicePrincipal: sp };
  const user = userByIdOrUpn(tenant, key) ?? tenant.collection('users').lookup(`mail:${key}`)[0];
  if (user !== undefined) return { kind: 'user', id: user.id, user };
  const groups = tenant.collection('groups');
  const group = groups.get(key) ?? groups.lookup(`mail:${key}`)[0] ?? groups.lookup(`addr:${key}`)[0] ?? groups.lookup(`name:${key}`)[0];
  if (group !== undefined) return { kind: 'group', id: group.id, group };
  // A mailbox's address names its user.
  const mailbox = findMailbox(tenant, key);
  const owner = mailbox === undefined ? undefined : tenant.collection('users').get(mailbox.userId);
  return owner === undefined ? undefined : { kind: 'user', id: owner.id, user: owner };
}

export function requireTrustee(tenant: Tenant, text: string | undefined): Trustee {
  const trustee = text === undefined ? undefined : findTrustee(tenant, text);
  if (trustee === undefined) throw CMDLET_ERRORS.notFound(text ?? '');
  return trustee;
}

/** How Exchange shows a trustee in User/Trustee columns: UPN for users, name for groups and apps. */
export function trusteeName(tenant: Tenant, id: string): string {
  if (id.startsWith('NT AUTHORITY\\')) return id;
  const user = tenant.collection('users').get(id);
  if (user !== undefined) return user.userPrincipalName;
  const group = tenant.collection('groups').get(id);
  if (group !== undefined) return group.displayName;
  const sp = tenant.collection('exchangeServicePrincipals').get(id);
  if (sp !== undefined) return sp.id;
  return id;
}

export function primarySmtpAddress(mailbox: Mailbox): string {
  return primaryOf(mailbox.emailAddresses) ?? '';
}

/** Whether an SMTP address is used by any recipient other than `except` (a mailbox id). */
export function addressInUse(tenant: Tenant, address: string, except?: string): boolean {
  const lower = address.toLowerCase();
  const holders = tenant
    .collection('mailboxes')
    .lookup(`addr:${lower}`)
    .filter((mailbox) => mailbox.id !== except);
  if (holders.length > 0) return true;
  const exceptUser = except === undefined ? undefined : tenant.collection('mailboxes').get(except)?.userId;
  const users = [...tenant.collection('users').lookup(`upn:${lower}`), ...tenant.collection('users').lookup(`mail:${lower}`)];
  if (users.some((user) => user.id !== exceptUser)) return true;
  const groups = tenant.collection('groups');
  return groups.lookup(`mail:${lower}`).length > 0 || groups.lookup(`addr:${lower}`).length > 0;
}
