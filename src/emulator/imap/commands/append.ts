/** APPEND: a message literal stored in a folder, with its flags and date; APPENDUID as UIDPLUS gives it. */
import { appendMessage } from '../../mail/messages.js';
import { ImapSyntaxError, text } from '../parser.js';
import type { ImapCommand } from './command.js';
import { IMAP_TEXTS } from '../texts.js';

export const append: ImapCommand = {
  states: ['authenticated', 'selected'],
  async run(session, { tag, args }) {
    const folder = session.folderNamed(text(args[0]));
    if (folder === undefined) return session.write(`${tag} NO [TRYCREATE] ${IMAP_TEXTS.notFound}`);
    const literal = args.find((token) => token.kind === 'literal');
    if (literal === undefined || literal.kind !== 'literal') throw new ImapSyntaxError('APPEND needs a literal.');
    const flagsToken = args.find((token) => token.kind === 'list');
    const flags = flagsToken?.kind === 'list' ? flagsToken.items.map((item) => text(item) ?? '') : [];
    const dateText = args.slice(1).find((token) => token.kind === 'string');
    const now = session.context.now();
    const date = dateText === undefined ? now : new Date(Date.parse((text(dateText) ?? '').replace(/^(\d+)-(\w+)-(\d+)/, '$1 $2 $3')));
    const appended = await appendMessage(session.signedIn.tenant, folder, literal.value, { flags, receivedAt: Number.isNaN(date.getTime()) ? now : date });
    if (session.folder?.id === folder.id) session.report();
    session.write(`${tag} OK [APPENDUID ${folder.uidValidity} ${appended.uid}] APPEND completed.`);
  },
};
