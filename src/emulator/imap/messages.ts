/**
 * What FETCH returns of a message (RFC 3501 section 7.4.2): sections of its bytes, partials,
 * the ENVELOPE from its headers, and the date format of INTERNALDATE. The bytes are the stored
 * RFC 5322 message, unchanged.
 */
import type { MailMessage } from '../store/model.js';
import { rawBytes } from '../mail/messages.js';
import { bodyStructure, parseMime, partAt } from './mime.js';
import { quote } from './parser.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** INTERNALDATE as IMAP writes it: `17-Jul-1996 02:44:25 +0000`. */
export function internalDate(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** The header block (with its terminating blank line) and the body of a message. */
export function splitMessage(bytes: Buffer): { header: Buffer; body: Buffer } {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return { header: bytes, body: Buffer.alloc(0) };
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2;
  return { header: bytes.subarray(0, end), body: bytes.subarray(end) };
}

/** Header fields by lower-cased name, unfolded, in order. */
export function headerFields(header: Buffer): { name: string; raw: string; value: string }[] {
  const fields: { name: string; raw: string; value: string }[] = [];
  for (const line of header.toString('latin1').split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1] as { name: string; raw: string; value: string };
      last.raw += `\r\n${line}`;
      last.value += ` ${line.trim()}`;
    } else if (line.includes(':')) {
      const colon = line.indexOf(':');
      fields.push({ name: line.slice(0, colon).trim().toLowerCase(), raw: line, value: line.slice(colon + 1).trim() });
    }
  }
  return fields;
}

export interface Section {
  /** '' (the whole message), HEADER, TEXT, HEADER.FIELDS[.NOT], or a part number with an optional MIME/HEADER/TEXT. */
  readonly specifier: string;
  readonly fields: readonly string[];
  readonly partial?: { readonly start: number; readonly length: number };
}

function headerSubset(header: Buffer, names: readonly string[], keep: boolean): Buffer {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const chosen = headerFields(header).filter((field) => wanted.has(field.name) === keep);
  return Buffer.from(`${chosen.map((field) => `${field.raw}\r\n`).join('')}\r\n`, 'latin1');
}

/** What a section names within an entity whose header and body are given (RFC 3501 6.4.5). */
function within(entity: { header: Buffer; body: Buffer }, text: string, fields: readonly string[]): Buffer {
  switch (text) {
    case '':
      return Buffer.concat([entity.header, entity.body]);
    case 'HEADER':
      return entity.header;
    case 'TEXT':
      return entity.body;
    case 'HEADER.FIELDS':
      return headerSubset(entity.header, fields, true);
    case 'HEADER.FIELDS.NOT':
      return headerSubset(entity.header, fields, false);
    default:
      return Buffer.alloc(0);
  }
}

/** The bytes a BODY[section]<partial> asks for. */
export function sectionBytes(message: MailMessage, section: Section): Buffer {
  const bytes = rawBytes(message);
  const numbered = /^(\d+(?:\.\d+)*)(?:\.(MIME|HEADER|TEXT|HEADER\.FIELDS(?:\.NOT)?))?$/.exec(section.specifier);
  let selected: Buffer;
  if (numbered === null) {
    selected = within(splitMessage(bytes), section.specifier, section.fields);
  } else {
    const part = partAt(parseMime(bytes), (numbered[1] as string).split('.').map(Number));
    const suffix = numbered[2];
    if (part === undefined) selected = Buffer.alloc(0);
    else if (suffix === undefined) selected = part.body;
    else if (suffix === 'MIME') selected = part.header;
    // HEADER and TEXT of a part are those of the message it holds (message/rfc822).
    else selected = within(splitMessage(part.body), suffix, section.fields);
  }
  if (section.partial === undefined) return selected;
  return selected.subarray(section.partial.start, section.partial.start + section.partial.length);
}

/** BODYSTRUCTURE, or BODY (without extension data), of a message. */
export function structure(message: MailMessage, extended: boolean): string {
  return bodyStructure(parseMime(rawBytes(message)), extended);
}

/** An address list as ENVELOPE writes it: ((name NIL mailbox host) ...), or NIL. */
function addresses(list: readonly { name: string; address: string }[]): string {
  if (list.length === 0) return 'NIL';
  return `(${list
    .map(({ name, address }) => {
      const at = address.lastIndexOf('@');
      return `(${quote(name === '' ? null : name)} NIL ${quote(at < 0 ? address : address.slice(0, at))} ${quote(at < 0 ? null : address.slice(at + 1))})`;
    })
    .join('')})`;
}

/** ENVELOPE (RFC 3501 7.4.2) from the message's parsed summary and its raw date and subject. */
export function envelope(message: MailMessage): string {
  const { summary } = message;
  const fields = headerFields(splitMessage(rawBytes(message)).header);
  const field = (name: string): string | null => fields.find((candidate) => candidate.name === name)?.value ?? null;
  const from = summary.from === null ? [] : [summary.from];
  const sender = summary.sender === null ? from : [summary.sender];
  const replyTo = summary.replyTo.length === 0 ? from : summary.replyTo;
  return `(${[quote(field('date')), quote(summary.subject === '' ? field('subject') : summary.subject), addresses(from), addresses(sender), addresses(replyTo), addresses(summary.to), addresses(summary.cc), addresses(summary.bcc), quote(summary.inReplyTo), quote(summary.internetMessageId)].join(' ')})`;
}
