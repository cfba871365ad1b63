/** STATUS: a folder's counts without selecting it. */
import { messagesIn } from '../../mail/messages.js';
import { folderName, mailboxName } from '../names.js';
import { text } from '../parser.js';
import type { ImapCommand } from './command.js';
import { IMAP_TEXTS } from '../texts.js';

export const status: ImapCommand = {
  states: ['authenticated', 'selected'],
  run(session, { tag, name, args }) {
    const folder = session.folderNamed(text(args[0]));
    if (folder === undefined) return session.write(`${tag} NO ${IMAP_TEXTS.notFound}`);
    const { tenant } = session.signedIn;
    const messages = messagesIn(tenant, folder);
    const current = tenant.collection('mailFolders').get(folder.id) ?? folder;
    const values: Record<string, number> = {
      MESSAGES: messages.length,
      RECENT: 0,
      UIDNEXT: current.uidNext,
      UIDVALIDITY: current.uidValidity,
      UNSEEN: messages.filter((message) => !message.flags.includes('\\Seen')).length,
    };
    const asked = args[1]?.kind === 'list' ? args[1].items.map((item) => (text(item) ?? '').toUpperCase()) : [];
    session.write(
      `* STATUS ${mailboxName(folderName(folder, session.folders()))} (${asked
        .filter((item) => item in values)
        .map((item) => `${item} ${values[item]}`)
        .join(' ')})`,
    );
    session.ok(tag, name);
  },
};
