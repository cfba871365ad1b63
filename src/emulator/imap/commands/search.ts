/** SEARCH and UID SEARCH: the matching sequence numbers or UIDs (the keys are ../search.ts's). */
import { text } from '../parser.js';
import { SearchCursor, type SearchTest } from '../search.js';
import type { ImapCommand } from './command.js';

export const search: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name, args, uid }) {
    const byUid = new Map(session.current().map((message) => [message.uid, message]));
    const keys = (text(args[0]) ?? '').toUpperCase() === 'CHARSET' ? args.slice(2) : args;
    const cursor = new SearchCursor(keys);
    const bounds = { bounds: () => ({ count: session.known.length, maxUid: session.maxUid() }) };
    const tests: SearchTest[] = [];
    while (!cursor.done()) tests.push(cursor.next(bounds));
    const found = session.known.flatMap((entry, index) => {
      const message = byUid.get(entry.uid);
      return message !== undefined && tests.every((test) => test(message, index)) ? [index] : [];
    });
    session.write(`* SEARCH${found.map((index) => ` ${uid ? session.known[index]?.uid : index + 1}`).join('')}`);
    session.ok(tag, name);
  },
};
