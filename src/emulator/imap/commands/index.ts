/** The IMAP verbs, by name: each module exports `{ states, run }`; the session's gate finds them here. */
import type { ImapCommand } from './command.js';
import { capability, id, logout, noop } from './any-state.js';
import { append } from './append.js';
import { authenticate, login } from './authenticate.js';
import { copy } from './copy.js';
import { expunge } from './expunge.js';
import { fetch } from './fetch.js';
import { idle } from './idle.js';
import { list } from './list.js';
import { manageFolder } from './manage-folder.js';
import { close, select } from './select.js';
import { search } from './search.js';
import { check, enable, namespace, subscribe } from './session-level.js';
import { status } from './status.js';
import { store } from './store.js';

export const COMMANDS: ReadonlyMap<string, ImapCommand> = new Map([
  ['CAPABILITY', capability],
  ['NOOP', noop],
  ['LOGOUT', logout],
  ['ID', id],
  ['AUTHENTICATE', authenticate],
  ['LOGIN', login],
  ['ENABLE', enable],
  ['NAMESPACE', namespace],
  ['LIST', list],
  ['LSUB', list],
  ['SUBSCRIBE', subscribe],
  ['UNSUBSCRIBE', subscribe],
  ['CREATE', manageFolder],
  ['DELETE', manageFolder],
  ['RENAME', manageFolder],
  ['STATUS', status],
  ['SELECT', select],
  ['EXAMINE', select],
  ['APPEND', append],
  ['CLOSE', close],
  ['UNSELECT', close],
  ['EXPUNGE', expunge],
  ['FETCH', fetch],
  ['STORE', store],
  ['SEARCH', search],
  ['COPY', copy],
  ['MOVE', copy],
  ['IDLE', idle],
  ['CHECK', check],
]);
