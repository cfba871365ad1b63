/**
 * LIST and LSUB: the mailbox's folders matching the pattern, in Exchange's order (by name, without
 * case), with its special-use and children flags, and `\Marked` on INBOX while it holds unseen
 * mail (m365-fidelity 5.4's LIST capture). Calendar, Contacts, Journal, Notes and Tasks are listed
 * with the mail folders, as Exchange lists them (fidelity-round2 S17).
 */
import { messagesIn } from '../../mail/messages.js';
import { folderName, mailboxName, matcher, SPECIAL_USE } from '../names.js';
import { text } from '../parser.js';
import type { ImapCommand } from './command.js';

export const list: ImapCommand = {
  states: ['authenticated', 'selected'],
  run(session, { tag, name, args }) {
    const matches = matcher(text(args[0]) ?? '', text(args[1]) ?? '');
    if ((text(args[1]) ?? '') === '') session.write(`* ${name} (\\Noselect \\HasChildren) "/" ""`);
    const all = session.folders();
    const named = all.map((folder) => ({ folder, path: folderName(folder, all) })).filter(({ path }) => matches(path));
    named.sort((a, b) => a.path.localeCompare(b.path, 'en', { sensitivity: 'base' }));
    for (const { folder, path } of named) {
      const flags: string[] = [];
      if (folder.wellKnownName === 'inbox' && messagesIn(session.signedIn.tenant, folder).some((message) => !message.flags.includes('\\Seen')))
        flags.push('\\Marked');
      flags.push(all.some((candidate) => candidate.parentFolderId === folder.id) ? '\\HasChildren' : '\\HasNoChildren');
      const special = folder.wellKnownName === null ? undefined : SPECIAL_USE[folder.wellKnownName];
      if (special !== undefined) flags.push(special);
      session.write(`* ${name} (${flags.join(' ')}) "/" ${mailboxName(path)}`);
    }
    session.ok(tag, name);
  },
};
