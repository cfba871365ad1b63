/** Folder names as IMAP shows them: paths with `/`, INBOX, Exchange's special-use flags, LIST patterns. */
import type { MailFolder } from '../store/model.js';
import { quote } from './parser.js';

/** Special-use flags Exchange puts on its folders in LIST (fidelity 5.4). */
export const SPECIAL_USE: Readonly<Record<string, string>> = { deleteditems: '\\Trash', drafts: '\\Drafts', junkemail: '\\Junk', sentitems: '\\Sent' };

/** A folder's IMAP name: its path from the top, `/` between levels, the Inbox as INBOX. */
export function folderName(folder: MailFolder, all: readonly MailFolder[]): string {
  const own = folder.wellKnownName === 'inbox' ? 'INBOX' : folder.displayName;
  const parent = folder.parentFolderId === null ? undefined : all.find((candidate) => candidate.id === folder.parentFolderId);
  return parent === undefined ? own : `${folderName(parent, all)}/${own}`;
}

/** A folder name as Exchange writes it in responses: an atom where it can be (`Drafts`), else quoted (`"Sent Items"`). */
export function mailboxName(name: string): string {
  return /^[\w./-]+$/.test(name) ? name : quote(name);
}

/** A LIST pattern (`*` any, `%` any but the delimiter) as a test on a folder name. */
export function matcher(reference: string, pattern: string): (name: string) => boolean {
  const full = `${reference}${pattern}`;
  const source = full
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/%/g, '[^/]*');
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}
