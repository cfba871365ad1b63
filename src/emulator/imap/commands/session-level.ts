/** Verbs with nothing to do in Exchange beyond answering: ENABLE, NAMESPACE, SUBSCRIBE, UNSUBSCRIBE, CHECK. */
import type { ImapCommand } from './command.js';

const SIGNED_IN = ['authenticated', 'selected'] as const;

export const enable: ImapCommand = {
  states: SIGNED_IN,
  run(session, { tag, name }) {
    session.write('* ENABLED');
    session.ok(tag, name);
  },
};

export const namespace: ImapCommand = {
  states: SIGNED_IN,
  run(session, { tag, name }) {
    session.write('* NAMESPACE (("" "/")) NIL NIL');
    session.ok(tag, name);
  },
};

/** SUBSCRIBE and UNSUBSCRIBE: Exchange lists every folder in LSUB whatever is subscribed. */
export const subscribe: ImapCommand = {
  states: SIGNED_IN,
  run(session, { tag, name }) {
    session.ok(tag, name);
  },
};

export const check: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name }) {
    session.ok(tag, name);
  },
};
