/** CREATE (parents made as needed, RFC 3501 6.3.3), DELETE (not the default folders; its messages go too) and RENAME. */
import { exchangeId } from '../../mail/folders.js';
import { messagesIn, removeMessage } from '../../mail/messages.js';
import type { MailFolder } from '../../store/model.js';
import { text } from '../parser.js';
import type { ImapCommand } from './command.js';
import { IMAP_TEXTS } from '../texts.js';

export const manageFolder: ImapCommand = {
  states: ['authenticated', 'selected'],
  run(session, { tag, name, args }) {
    const { tenant, mailbox } = session.signedIn;
    const folders = tenant.collection('mailFolders');
    const target = (text(args[0]) ?? '').replace(/\/$/, '');
    const parentOf = (path: string): MailFolder | null | undefined => {
      const slash = path.lastIndexOf('/');
      return slash < 0 ? null : session.folderNamed(path.slice(0, slash));
    };
    const make = (path: string): MailFolder => {
      const existing = session.folderNamed(path);
      if (existing !== undefined) return existing;
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? null : make(path.slice(0, slash));
      const folder: MailFolder = {
        id: exchangeId(),
        mailboxId: mailbox.id,
        displayName: path.slice(slash + 1),
        wellKnownName: null,
        parentFolderId: parent?.id ?? null,
        uidValidity: Math.floor(session.context.now().getTime() / 1000) % 0x7fffffff,
        uidNext: 1,
      };
      folders.put(folder);
      return folder;
    };
    if (name === 'CREATE') {
      if (target === '' || session.folderNamed(target) !== undefined) return session.write(`${tag} NO Mailbox already exists.`);
      make(target);
      return session.write(`${tag} OK CREATE completed.`);
    }
    const folder = session.folderNamed(target);
    if (folder === undefined) return session.write(`${tag} NO ${IMAP_TEXTS.notFound}`);
    if (folder.wellKnownName !== null) return session.write(`${tag} NO Special folders can't be ${name === 'DELETE' ? 'deleted' : 'renamed'}.`);
    if (name === 'DELETE') {
      if (folders.lookup(`mailbox:${mailbox.id}`).some((candidate) => candidate.parentFolderId === folder.id))
        return session.write(`${tag} NO The folder has subfolders.`);
      for (const message of messagesIn(tenant, folder)) removeMessage(tenant, message);
      folders.delete(folder.id);
      if (session.folder?.id === folder.id) session.unselect();
      return session.write(`${tag} OK DELETE completed.`);
    }
    const destination = (text(args[1]) ?? '').replace(/\/$/, '');
    const parent = parentOf(destination);
    if (destination === '' || session.folderNamed(destination) !== undefined) return session.write(`${tag} NO Mailbox already exists.`);
    if (parent === undefined) return session.write(`${tag} NO ${IMAP_TEXTS.notFound}`);
    folders.put({ ...folder, displayName: destination.slice(destination.lastIndexOf('/') + 1), parentFolderId: parent?.id ?? null });
    return session.write(`${tag} OK RENAME completed.`);
  },
};
