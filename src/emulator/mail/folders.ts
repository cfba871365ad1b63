/**
 * A mailbox's folders: Exchange's default folders with their well-known names (Graph's
 * mailFolder resource; the IMAP LIST names of fidelity 5.1), made the first time any protocol
 * opens the mailbox, so mailboxes created by any path (New-Mailbox, a licence, an imported state)
 * get them alike. Exchange's other default folders (Calendar, Contacts, Journal, Notes, Tasks) are
 * made too: IMAP lists them (m365-fidelity 5.4's LIST capture; fidelity-round2 S17), Graph's
 * mailFolders does not, as they do not hold mail.
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

/** Exchange's default folders that hold no mail, by their folder class. */
export const OTHER_DEFAULT_FOLDERS: readonly { readonly folderClass: string; readonly displayName: string }[] = [
  { folderClass: 'IPF.Appointment', displayName: 'Calendar' },
  { folderClass: 'IPF.Contact', displayName: 'Contacts' },
  { folderClass: 'IPF.Journal', displayName: 'Journal' },
  { folderClass: 'IPF.StickyNote', displayName: 'Notes' },
  { folderClass: 'IPF.Task', displayName: 'Tasks' },
];

/** Whether Graph shows the folder among mailFolders: a mail folder, not Calendar, Contacts and the like. */
export function holdsMail(folder: MailFolder): boolean {
  return folder.folderClass === undefined;
}

/** An opaque id in the shape of Exchange's item and folder ids (`AAMk...`), safe in a URL. */
export function exchangeId(): string {
  return `AAMk${randomBytes(33).toString('base64url')}`;
}

/**
 * The mailbox's folders, making the default ones on first use (and, for a mailbox stored before
 * the non-mail folders were emulated, those it lacks).
 */
export function foldersOf(tenant: Tenant, mailbox: Mailbox, now: Date): MailFolder[] {
  const folders = tenant.collection('mailFolders');
  const existing = folders.lookup(`mailbox:${mailbox.id}`);
  const held = new Set(existing.filter((folder) => folder.parentFolderId === null).map((folder) => folder.wellKnownName ?? folder.displayName.toLowerCase()));
  const missingMail = DEFAULT_FOLDERS.filter((folder) => !held.has(folder.wellKnownName));
  const missingOther = OTHER_DEFAULT_FOLDERS.filter((folder) => !held.has(folder.displayName.toLowerCase()));
  if (missingMail.length === 0 && missingOther.length === 0) return existing;
  const uidValidity = Math.floor(now.getTime() / 1000) % 0x7fffffff;
  const base = { mailboxId: mailbox.id, parentFolderId: null, uidValidity, uidNext: 1 };
  for (const { wellKnownName, displayName } of missingMail) folders.put({ ...base, id: exchangeId(), displayName, wellKnownName });
  for (const { folderClass, displayName } of missingOther) folders.put({ ...base, id: exchangeId(), displayName, wellKnownName: null, folderClass });
  return folders.lookup(`mailbox:${mailbox.id}`);
}

/** A folder by id or well-known name (`inbox`, `sentitems`, ...), as Graph accepts either. */
export function findFolder(tenant: Tenant, mailbox: Mailbox, idOrName: string, now: Date): MailFolder | undefined {
  const lower = idOrName.toLowerCase();
  return foldersOf(tenant, mailbox, now).find((folder) => holdsMail(folder) && (folder.id === idOrName || folder.wellKnownName === lower));
}

export function wellKnownFolder(tenant: Tenant, mailbox: Mailbox, name: WellKnownFolder, now: Date): MailFolder {
  const folder = findFolder(tenant, mailbox, name, now);
  if (folder === undefined) throw new Error(`Mailbox ${mailbox.id} has no ${name} folder.`);
  return folder;
}
