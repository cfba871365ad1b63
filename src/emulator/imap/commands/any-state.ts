/** The verbs Exchange answers in any state: CAPABILITY, NOOP, LOGOUT and ID. */
import type { ImapCommand } from './command.js';
import { CAPABILITY_AFTER, CAPABILITY_BEFORE, IMAP_TEXTS } from '../texts.js';

export const capability: ImapCommand = {
  states: 'any',
  run(session, { tag, name }) {
    session.write(`* CAPABILITY ${session.state === 'unauthenticated' ? CAPABILITY_BEFORE : CAPABILITY_AFTER}`);
    session.ok(tag, name);
  },
};

export const noop: ImapCommand = {
  states: 'any',
  run(session, { tag, name }) {
    if (session.state === 'selected') session.report();
    session.ok(tag, name);
  },
};

export const logout: ImapCommand = {
  states: 'any',
  run(session, { tag, name }) {
    session.write(IMAP_TEXTS.bye);
    session.ok(tag, name);
    session.state = 'logout';
    session.end();
  },
};

export const id: ImapCommand = {
  states: 'any',
  run(session, { tag, name }) {
    session.write('* ID NIL');
    session.ok(tag, name);
  },
};
