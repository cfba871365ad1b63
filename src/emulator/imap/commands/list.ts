/** LIST and LSUB: the mailbox's folders matching the pattern, with Exchange's special-use and children flags (fidelity 5.4). */
import { folderName, mailboxName, matcher, SPECIAL_USE } from '../names.js';
import { text } from '../parser.js';
import type { ImapCommand } from './command.js';

export const list: ImapCommand = {
  states: ['authenticated', 'selected'],
  run(session, { tag, name, args }) {
    const matches = matcher(text(args[0]) ?? '', text(args[1]) ?? '');
    if ((text(args[1]) ?? '') === '') session.write(`* ${name} (\\Noselect \\HasChildren) "/" ""`);
    const all = session.folders();
    for (const folder of all.filter((candidate) => matches(folderName(candidate, all)))) {
      const special = folder.wellKnownName === null ? undefined : SPECIAL_USE[folder.wellKnownName];
      const children = all.some((candidate) => candidate.parentFolderId === folder.id) ? '\\HasChildren' : '\\HasNoChildren';
      session.write(`* ${name} (${children}${special === undefined ? '' : ` ${special}`}) "/" ${mailboxName(folderName(folder, all))}`);
    }
    session.ok(tag, name);
  },
};
