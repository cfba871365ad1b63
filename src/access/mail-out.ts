/**
 * Paths that do not run through a mailbox grant: mail sent on by the mailbox's forwarding or by an
 * enabled inbox rule (the recipient receives the mailbox's mail), and folders opened by a folder
 * permission (Default is every user in the organization; Anonymous, anyone with the folder's
 * published link). The spec declares forwarding; nothing in it declares an inbox rule or a folder
 * permission, so those are never declared (a waiver accepts one that is wanted).
 */
import type { SharedMailbox } from '../spec/types.js';
import { groupOf, mailboxOf, type TenantSnapshot } from '../verify/snapshot.js';
import type { AccessPath, Principal } from './model.js';

/** Folder roles and single rights that let the holder read the folder's items (Add-MailboxFolderPermission.md, -AccessRights). */
const READING = new Set(['owner', 'publishingeditor', 'editor', 'publishingauthor', 'author', 'noneditingauthor', 'reviewer', 'readitems']);

/** The users by display name, where the name is one user's only. */
const usersByName = new WeakMap<TenantSnapshot['users'], Map<string, string | null>>();

/** The principal a folder permission's User column names: Default, Anonymous, a user or a group by display name. */
function folderPrincipal(snapshot: TenantSnapshot, shown: string): Principal {
  const key = shown.trim().toLowerCase();
  if (key === 'default') return { kind: 'default', id: 'default', name: 'Default (every user in the organization)' };
  if (key === 'anonymous') return { kind: 'anonymous', id: 'anonymous', name: 'Anonymous (anyone, without signing in)' };
  let index = usersByName.get(snapshot.users);
  if (index === undefined) {
    index = new Map();
    for (const user of snapshot.users.values()) {
      const name = user.displayName.toLowerCase();
      index.set(name, index.has(name) ? null : user.userPrincipalName);
    }
    usersByName.set(snapshot.users, index);
  }
  const upn = index.get(key);
  if (typeof upn === 'string') return { kind: 'user', id: upn, name: shown };
  const group = groupOf(snapshot, key);
  if (group !== undefined) return { kind: 'group', id: group.primaryAddress, name: group.displayName };
  // Two users of one display name, or a name mbx cannot find: the name is all Exchange gives.
  return { kind: 'user', id: key, name: shown };
}

/** Who receives mail sent to an address: a user or group of the tenant, or someone outside it. */
function recipient(snapshot: TenantSnapshot, address: string): Principal {
  const user = snapshot.users.get(address);
  if (user !== undefined) return { kind: 'user', id: address, name: user.displayName || address };
  const group = groupOf(snapshot, address);
  if (group !== undefined) return { kind: 'group', id: group.primaryAddress, name: group.displayName };
  const mailbox = mailboxOf(snapshot, address);
  if (mailbox !== undefined) return { kind: 'user', id: mailbox.primaryAddress, name: mailbox.displayName };
  return { kind: 'external', id: address, name: address };
}

const RULE_WORDS = { forwardTo: 'forwards', forwardAsAttachmentTo: 'forwards as an attachment', redirectTo: 'redirects' } as const;

/**
 * Forwarding, inbox rules and folder permissions of one mailbox. `specMailbox` is the spec's entry
 * (undefined: the spec does not name the mailbox), or null where no spec is compared.
 */
export function mailOutPaths(snapshot: TenantSnapshot, address: string, specMailbox: SharedMailbox | undefined | null): AccessPath[] {
  const facts = snapshot.mailboxes.get(address);
  if (facts === undefined) return [];
  const undeclared = specMailbox === null ? null : false;
  const paths: AccessPath[] = [];
  if (facts.forwardingSmtpAddress !== null) {
    const declared = specMailbox?.forwarding?.address === facts.forwardingSmtpAddress;
    paths.push({
      mailbox: address,
      principal: recipient(snapshot, facts.forwardingSmtpAddress),
      rights: ['receive'],
      kind: 'forwarding',
      via: `the mailbox forwards its mail to ${facts.forwardingSmtpAddress}${facts.deliverToMailboxAndForward ? ', keeping a copy' : ', keeping no copy'}`,
      groups: [],
      declared: specMailbox === null ? null : declared,
      ...(declared && specMailbox !== undefined ? { pointer: `${specMailbox.pointer}/forwarding` } : {}),
    });
  }
  for (const rule of snapshot.inboxRules.get(address) ?? []) {
    if (!rule.enabled) continue;
    for (const action of ['forwardTo', 'forwardAsAttachmentTo', 'redirectTo'] as const)
      for (const target of rule[action])
        paths.push({
          mailbox: address,
          principal: recipient(snapshot, target),
          rights: ['receive'],
          kind: 'inbox-rule',
          via: `inbox rule "${rule.name}" ${RULE_WORDS[action]} arriving mail to ${target}`,
          groups: [],
          declared: undeclared,
        });
  }
  for (const entry of snapshot.folderPermissions.get(address) ?? []) {
    const rights = entry.accessRights.filter((right) => READING.has(right.toLowerCase()));
    if (rights.length === 0) continue;
    paths.push({
      mailbox: address,
      principal: folderPrincipal(snapshot, entry.user),
      rights: ['read'],
      kind: 'folder-permission',
      via: `folder permission ${entry.accessRights.join(', ')} on ${entry.folder === '\\' ? 'the top of the mailbox (\\)' : entry.folder}`,
      groups: [],
      declared: undeclared,
    });
  }
  return paths;
}
