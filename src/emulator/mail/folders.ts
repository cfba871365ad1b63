/**
 * A mailbox's folders: Exchange's default folders with their well-known names (Graph's
 * mailFolder resource; the IMAP LIST names of fidelity 5.1), made the first time any protocol
 * opens the mailbox, so mailboxes created by any path (New-Mailbox, a licence, an imported state)
 * get them alike.
 */
import { randomBytes } from 'node:crypto';
import type { MailFolder, Mailbox, WellKnownFolder } from '../store/model.js';
import type { Tenant } from '../store/store.js';

export const DEFAULT_FOLDERS: readonly { readonly wellKnownName: WellKnownFolder; readonly displayName: string }[] = [
  { wellKnownName: 'inbox', displayName: 'Inbox' },
  { wellKnownName: 'drafts', displayName: 'Drafts' },
  { wellKnownName: 'sentitems', displayName: 'Sent Items' },
  { wellKnownName: 'deleteditems', displayName: 'Deleted Items' },
  { wellKnownName: 'junkemail', displayName: 'Junk Email' },
  { wellKnownName: 'archive', displayName: 'Archive' },
  { wellKnownName: 'outbox', displayName: 'Outbox' },
];

/** An opaque id in the shape of Exchange's item and folder ids (`AAMk...`), safe in a URL. */
export function exchangeId(): string {
  return `AAMk${randomBytes(33).toString('base64url')}`;
}

/** The mailbox's folders, making the default ones on first use. */
export function foldersOf(tenant: Tenant, mailbox: Mailbox, now: Date): MailFolder[] {
  const folders = tenant.collection('mailFolders');
  const existing = folders.lookup(`mailbox:${mailbox.id}`);
  if (existing.length > 0) return existing;
  const uidValidity = Math.floor(now.getTime() / 1000) % 0x7fffffff;
  return DEFAULT_FOLDERS.map(({ wellKnownName, displayName }) => {
    const folder: MailFolder = { id: exchangeId(), mailboxId: mailbox.id, displayName, wellKnownName, parentFolderId: null, uidValidity, uidNext: 1 };
    folders.put(folder);
    return folder;
  });
}

/** A folder by id or well-known name (`inbox`, `sentitems`, ...), as Graph accepts either. */
export function findFolder(tenant: Tenant, mailbox: Mailbox, idOrName: string, now: Date): MailFolder | undefined {
  const lower = idOrName.toLowerCase();
  return foldersOf(tenant, mailbox, now).find((folder) => folder.id === idOrName || folder.wellKnownName === lower);
}

export function wellKnownFolder(tenant: Tenant, mailbox: Mailbox, name: WellKnownFolder, now: Date): MailFolder {
  const folder = findFolder(tenant, mailbox, name, now);
  if (folder === undefined) throw new Error(`Mailbox ${mailbox.id} has no ${name} folder.`);
  return folder;
}
