/** SELECT and EXAMINE (read-only): the folder's counts, flags and UID values as Exchange lists them; CLOSE and UNSELECT leave it. */
import { text } from '../parser.js';
import type { ImapCommand } from './command.js';
import { FLAGS, IMAP_TEXTS } from '../texts.js';

export const select: ImapCommand = {
  states: ['authenticated', 'selected'],
  run(session, { tag, name, args }) {
    const folder = session.folderNamed(text(args[0]));
    if (folder === undefined) {
      session.unselect();
      return session.write(`${tag} NO ${IMAP_TEXTS.notFound}`);
    }
    session.folder = folder;
    session.readOnly = name === 'EXAMINE';
    session.state = 'selected';
    const messages = session.current();
    session.known = messages.map((message) => ({ uid: message.uid, flags: message.flags.join(' ') }));
    const current = session.signedIn.tenant.collection('mailFolders').get(folder.id) ?? folder;
    const firstUnseen = messages.findIndex((message) => !message.flags.includes('\\Seen'));
    session.write(`* ${messages.length} EXISTS`);
    session.write('* 0 RECENT');
    session.write(`* FLAGS (${FLAGS})`);
    session.write(`* OK [PERMANENTFLAGS (${session.readOnly ? '' : FLAGS})] Permanent flags`);
    if (firstUnseen >= 0) session.write(`* OK [UNSEEN ${firstUnseen + 1}] Is the first unseen message`);
    session.write(`* OK [UIDVALIDITY ${current.uidValidity}] UIDVALIDITY value`);
    session.write(`* OK [UIDNEXT ${current.uidNext}] The next unique identifier value`);
    session.write(`${tag} OK [${session.readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed.`);
  },
};

/** CLOSE expunges what is \Deleted (unless read-only), silently; UNSELECT does not. */
export const close: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name }) {
    if (name === 'CLOSE' && !session.readOnly) session.expunge(undefined, false);
    session.unselect();
    session.ok(tag, name);
  },
};
