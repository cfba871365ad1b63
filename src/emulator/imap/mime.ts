/**
 * The MIME structure IMAP exposes (RFC 3501 section 7.4.2 BODYSTRUCTURE, section 6.4.5 part
 * numbers): a message's parts found by their boundaries, with the header fields BODYSTRUCTURE
 * reports. postal-mime parses messages for Graph, but decodes them; IMAP needs the parts' own
 * bytes and offsets, so this walks the raw message. A message/rfc822 part is reported as a basic
 * part (its envelope and inner structure are not); docs/emulator.md says so.
 */
import { quote } from './parser.js';

export interface MimePart {
  readonly header: Buffer;
  readonly body: Buffer;
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
  readonly id: string | null;
  readonly description: string | null;
  readonly encoding: string;
  readonly disposition: { readonly type: string; readonly params: ReadonlyMap<string, string> } | null;
  readonly language: string | null;
  readonly location: string | null;
  readonly parts: readonly MimePart[];
}

/** The header block (with its blank line) and the body of an entity. */
function split(bytes: Buffer): { header: Buffer; body: Buffer } {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return { header: bytes, body: Buffer.alloc(0) };
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2;
  return { header: bytes.subarray(0, end), body: bytes.subarray(end) };
}

/** Unfolded header fields by lower-cased name (the first of each). */
function fields(header: Buffer): Map<string, string> {
  const found = new Map<string, string>();
  let name: string | undefined;
  for (const line of header.toString('latin1').split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && name !== undefined) {
      found.set(name, `${found.get(name) ?? ''} ${line.trim()}`);
    } else if (line.includes(':')) {
      name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
      if (!found.has(name)) found.set(name, line.slice(line.indexOf(':') + 1).trim());
      else name = undefined;
    }
  }
  return found;
}

/** `value; key=val; key="quoted val"` as the value and its parameters (names upper-cased, as IMAP writes them). */
function withParams(text: string | undefined): { value: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (text === undefined) return { value: '', params };
  const parts = text.match(/(?:[^;"]+|"(?:[^"\\]|\\.)*")+/g) ?? [];
  const value = (parts.shift() ?? '').trim();
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim().toUpperCase();
    const raw = part.slice(equals + 1).trim();
    params.set(key, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  return { value, params };
}

/** The parts of a multipart body, between its boundary lines. */
function children(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: Buffer[] = [];
  let start: number | undefined;
  for (const match of text.matchAll(delimiter)) {
    if (start !== undefined) parts.push(Buffer.from(text.slice(start, match.index), 'latin1'));
    if (match[1] === '--') return parts;
    start = (match.index ?? 0) + match[0].length;
    start += text.startsWith('\r\n', start) ? 2 : text.startsWith('\n', start) ? 1 : 0;
  }
  return parts;
}

export function parseMime(bytes: Buffer, defaultType = 'text/plain'): MimePart {
  const { header, body } = split(bytes);
  const found = fields(header);
  const contentType = withParams(found.get('content-type') ?? defaultType);
  const [type = 'text', subtype = 'plain'] = (contentType.value || defaultType).toLowerCase().split('/');
  const disposition = found.has('content-disposition') ? withParams(found.get('content-disposition')) : undefined;
  const boundary = contentType.params.get('BOUNDARY');
  const parts =
    type === 'multipart' && boundary !== undefined
      ? children(body, boundary).map((child) => parseMime(child, subtype === 'digest' ? 'message/rfc822' : 'text/plain'))
      : [];
  return {
    header,
    body,
    type,
    subtype,
    params: contentType.params,
    id: found.get('content-id') ?? null,
    description: found.get('content-description') ?? null,
    encoding: (found.get('content-transfer-encoding') ?? '7bit').toUpperCase(),
    disposition: disposition === undefined ? null : { type: disposition.value, params: disposition.params },
    language: found.get('content-language') ?? null,
    location: found.get('content-location') ?? null,
    parts,
  };
}

/** The part a section's part number names (`1`, `2.1`); a single-part message is its own part 1. */
export function partAt(root: MimePart, path: readonly number[]): MimePart | undefined {
  let part: MimePart | undefined = root;
  for (const number of path) {
    if (part === undefined) return undefined;
    part = part.parts.length === 0 ? (number === 1 ? part : undefined) : part.parts[number - 1];
  }
  return part;
}

function paramList(params: ReadonlyMap<string, string>): string {
  return params.size === 0 ? 'NIL' : `(${[...params].map(([key, value]) => `${quote(key)} ${quote(value)}`).join(' ')})`;
}

/** BODYSTRUCTURE (with extension data) or BODY (without) of a part. */
export function bodyStructure(part: MimePart, extended: boolean): string {
  const disposition = part.disposition === null ? 'NIL' : `(${quote(part.disposition.type.toUpperCase())} ${paramList(part.disposition.params)})`;
  if (part.parts.length > 0) {
    const extension = extended ? ` ${paramList(part.params)} ${disposition} ${quote(part.language)} ${quote(part.location)}` : '';
    return `(${part.parts.map((child) => bodyStructure(child, extended)).join('')} ${quote(part.subtype.toUpperCase())}${extension})`;
  }
  const basic = [
    quote(part.type.toUpperCase()),
    quote(part.subtype.toUpperCase()),
    paramList(part.params),
    quote(part.id),
    quote(part.description),
    quote(part.encoding),
    String(part.body.length),
  ];
  if (part.type === 'text') basic.push(String((part.body.toString('latin1').match(/\n/g) ?? []).length));
  const extension = extended ? ` NIL ${disposition} ${quote(part.language)} ${quote(part.location)}` : '';
  return `(${basic.join(' ')}${extension})`;
}
