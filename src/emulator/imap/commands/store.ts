/** STORE: flags set, added or removed (.SILENT answers nothing per message); refused on a read-only folder. */
import { setFlags } from '../../mail/messages.js';
import { ImapSyntaxError, text, type Token } from '../parser.js';
import type { ImapCommand, ImapConnection, Target } from './command.js';

function storeFlags(session: ImapConnection, targets: readonly Target[], mode: string, flagsToken: Token | undefined, uid: boolean): void {
  if (session.readOnly) throw new ImapSyntaxError('Read-only.');
  const given = flagsToken === undefined ? [] : flagsToken.kind === 'list' ? flagsToken.items.map((item) => text(item) ?? '') : [text(flagsToken) ?? ''];
  const silent = mode.endsWith('.SILENT');
  const { tenant } = session.signedIn;
  for (const { index, message } of targets) {
    const next = mode.startsWith('+') ? [...message.flags, ...given] : mode.startsWith('-') ? message.flags.filter((flag) => !given.includes(flag)) : given;
    const stored = setFlags(tenant, message, next);
    const entry = session.known[index];
    if (entry !== undefined) entry.flags = stored.flags.join(' ');
    if (!silent) session.write(`* ${index + 1} FETCH (FLAGS (${stored.flags.join(' ')})${uid ? ` UID ${stored.uid}` : ''})`);
  }
}

export const store: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name, args, uid }) {
    storeFlags(session, session.targets(args[0], uid), (text(args[1]) ?? '').toUpperCase(), args[2], uid);
    session.ok(tag, name);
  },
};
