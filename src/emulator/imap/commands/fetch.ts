/**
 * FETCH: the items a client asks for (the macros ALL, FAST and FULL expanded), message bytes as
 * stored and text in UTF-8; a BODY[] or RFC822 fetch sets \Seen unless PEEK or read-only.
 */
import { setFlags } from '../../mail/messages.js';
import { envelope, internalDate, sectionBytes, structure, type Section } from '../messages.js';
import { ImapSyntaxError, text, type Token } from '../parser.js';
import type { ImapCommand, ImapConnection, Target } from './command.js';

function fetchItems(session: ImapConnection, targets: readonly Target[], itemsToken: Token | undefined, uid: boolean): void {
  const raw = itemsToken === undefined ? [] : itemsToken.kind === 'list' ? itemsToken.items.map((item) => text(item) ?? '') : [text(itemsToken) ?? ''];
  const macros: Record<string, string[]> = {
    ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
    FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
    FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
  };
  const items = raw.flatMap((item) => macros[item.toUpperCase()] ?? [item]);
  if (uid && !items.some((item) => item.toUpperCase() === 'UID')) items.unshift('UID');
  const { tenant } = session.signedIn;
  for (const target of targets) {
    let { message } = target;
    // Text in UTF-8 (ENVELOPE may hold any character), message bytes as stored.
    const parts: Buffer[] = [];
    const add = (value: string, bytes?: Buffer): void => {
      parts.push(bytes === undefined ? Buffer.from(value, 'utf8') : Buffer.concat([Buffer.from(value, 'utf8'), bytes]));
    };
    let sets = false;
    for (const item of items) {
      const upper = item.toUpperCase();
      const body = /^(BODY(?:\.PEEK)?|BINARY(?:\.PEEK)?)\[([^\]]*)\](?:<(\d+)\.(\d+)>)?$/i.exec(item);
      if (body !== null) {
        const [, kind = '', spec = '', start, length] = body;
        const fields = /\(([^)]*)\)/.exec(spec)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
        const section: Section = {
          specifier: spec.replace(/\s*\(.*$/, '').toUpperCase(),
          fields,
          ...(start === undefined ? {} : { partial: { start: Number(start), length: Number(length) } }),
        };
        const bytes = sectionBytes(message, section);
        const label = `${kind.toUpperCase().replace('.PEEK', '')}[${spec}]${start === undefined ? '' : `<${start}>`}`;
        add(`${label} {${bytes.length}}\r\n`, bytes);
        if (!kind.toUpperCase().includes('PEEK')) sets = true;
        continue;
      }
      switch (upper) {
        case 'UID':
          add(`UID ${message.uid}`);
          break;
        case 'FLAGS':
          add(`FLAGS (${message.flags.join(' ')})`);
          break;
        case 'INTERNALDATE':
          add(`INTERNALDATE "${internalDate(message.receivedDateTime)}"`);
          break;
        case 'RFC822.SIZE':
          add(`RFC822.SIZE ${message.size}`);
          break;
        case 'ENVELOPE':
          add(`ENVELOPE ${envelope(message)}`);
          break;
        case 'BODYSTRUCTURE':
        case 'BODY':
          add(`${upper} ${structure(message, upper === 'BODYSTRUCTURE')}`);
          break;
        case 'RFC822':
        case 'RFC822.HEADER':
        case 'RFC822.TEXT': {
          const bytes = sectionBytes(message, { specifier: upper === 'RFC822' ? '' : upper === 'RFC822.HEADER' ? 'HEADER' : 'TEXT', fields: [] });
          add(`${upper} {${bytes.length}}\r\n`, bytes);
          if (upper !== 'RFC822.HEADER') sets = true;
          break;
        }
        default:
          throw new ImapSyntaxError(`Unknown fetch item ${item}.`);
      }
    }
    if (sets && !session.readOnly && !message.flags.includes('\\Seen')) {
      message = setFlags(tenant, message, [...message.flags, '\\Seen']);
      add(`FLAGS (${message.flags.join(' ')})`);
      const entry = session.known[target.index];
      if (entry !== undefined) entry.flags = message.flags.join(' ');
    }
    const joined = parts.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from(' '), part]));
    session.writeBytes(Buffer.concat([Buffer.from(`* ${target.index + 1} FETCH (`), ...joined, Buffer.from(')\r\n')]));
  }
}

export const fetch: ImapCommand = {
  states: ['selected'],
  run(session, { tag, name, args, uid }) {
    fetchItems(session, session.targets(args[0], uid), args[1], uid);
    session.ok(tag, name);
  },
};
