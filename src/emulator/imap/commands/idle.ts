/** IDLE (RFC 2177): changes reported as they happen until DONE, which the session's framing reads. */
import type { ImapCommand } from './command.js';

export const idle: ImapCommand = {
  states: ['selected'],
  run(session, { tag }) {
    session.write('+ IDLE accepted, awaiting DONE command.');
    session.startIdle(tag);
  },
};
