/** EXPUNGE, and UID EXPUNGE of the named UIDs only (UIDPLUS, RFC 4315). */
import type { ImapCommand } from './command.js';
import { sequenceSetOf } from '../search.js';

export const expunge: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name, args, uid }) {
    session.expunge(uid ? sequenceSetOf(args[0], session.maxUid()) : undefined, true);
    session.ok(tag, name);
  },
};
