/**
 * Secondary keys per collection, so that handlers find a mailbox by any of its addresses or the
 * grants of one trustee without scanning 10,000 records. Keys are namespaced (`addr:`, `trustee:`)
 * and lower-cased where the service compares without case (addresses, names, UPNs).
 */
import type { Collections, CollectionName } from './model.js';
import { isSmtpProxy, proxyAddressValue } from './proxy-addresses.js';

type KeysOf<T> = (item: T) => readonly string[];

const lower = (prefix: string, value: string | null | undefined): string[] =>
  value === null || value === undefined || value === '' ? [] : [`${prefix}:${value.toLowerCase()}`];

export const INDEXES: { readonly [K in CollectionName]: KeysOf<Collections[K]> } = {
  domains: () => [],
  users: (u) => [...lower('upn', u.userPrincipalName), ...lower('mail', u.mail)],
  groups: (g) => [
    ...lower('mail', g.mail),
    ...lower('name', g.displayName),
    ...lower('alias', g.mailNickname),
    ...(g.emailAddresses ?? []).flatMap((proxy) => (isSmtpProxy(proxy) ? lower('addr', proxyAddressValue(proxy)) : [])),
    ...g.members.map((member) => `member:${member}`),
  ],
  applications: (a) => lower('appId', a.appId),
  servicePrincipals: (s) => lower('appId', s.appId),
  appRoleAssignments: (a) => [`principal:${a.principalId}`, `resource:${a.resourceId}`],
  oauth2PermissionGrants: (g) => [`client:${g.clientId}`],
  directoryRoleAssignments: (r) => [`principal:${r.principalId}`],
  mailboxes: (m) => [
    `user:${m.userId}`,
    ...lower('alias', m.alias),
    ...lower('name', m.name),
    ...m.emailAddresses.flatMap((proxy) => (isSmtpProxy(proxy) ? lower('addr', proxyAddressValue(proxy)) : [])),
  ],
  mailboxPermissions: (p) => [`mailbox:${p.mailboxId}`, `trustee:${p.trustee}`],
  recipientPermissions: (p) => [`mailbox:${p.mailboxId}`, `trustee:${p.trustee}`],
  inboxRules: (r) => [`mailbox:${r.mailboxId}`],
  folderPermissions: (p) => [`mailbox:${p.mailboxId}`],
  exchangeServicePrincipals: (s) => [...lower('appId', s.appId), `object:${s.objectId}`],
  managementScopes: (s) => lower('name', s.name),
  managementRoleAssignments: (r) => [`app:${r.app}`, ...lower('name', r.name)],
  applicationAccessPolicies: (p) => [`app:${p.appId}`],
  settings: () => [],
  mailFolders: (f) => [`mailbox:${f.mailboxId}`],
  messages: (m) => [`mailbox:${m.mailboxId}`, `folder:${m.folderId}`],
  outbound: () => [],
  adminAudit: () => [],
  directoryAudit: () => [],
};
