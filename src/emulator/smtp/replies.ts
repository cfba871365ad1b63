/**
 * Exchange Online's SMTP reply texts over smtp-server's own (issue 17, fidelity-round2 items 2 and
 * 4). The library writes fixed texts without enhanced status codes (`250 Accepted`, `221 Bye`,
 * `530 Error: authentication Required`), lists AUTH before STARTTLS, and its own enhanced-code
 * mode would put RFC 3463 defaults (`535 5.7.8`) in front of Exchange's codes. So every reply goes
 * through `exchangeReply`, one pure function from what the library was about to send to what
 * Exchange sends; the server wraps each connection's `send` with it (server.ts). Sources:
 * - greeting `<host> Microsoft ESMTP MAIL Service ready at Mon, 1 Jun 2015 12:00:00 +0000` (S8:
 *   Microsoft's "Fix issues with printers, scanners, and LOB applications" article);
 * - EHLO before TLS `SIZE 157286400 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME
 *   CHUNKING SMTPUTF8`, after it `AUTH LOGIN XOAUTH2` in STARTTLS's place; `220 2.0.0 SMTP server
 *   ready`, `235 2.7.0 Authentication successful`, `250 2.1.0 Sender OK` (S9, a 2019 capture);
 * - `250 2.1.5 Recipient OK`, `354 Start mail input; end with <CRLF>.<CRLF>` (m365-fidelity 5.4);
 * - `530 5.7.57 Client not authenticated to send mail. [<host> <time> <id>]` (S10, 2024);
 * - `221 2.0.0 Service closing transmission channel` (S14);
 * - `504 5.7.4 Unrecognized authentication type` for AUTH before STARTTLS, where AUTH is not offered.
 * BINARYMIME and CHUNKING are not advertised: smtp-server has no BDAT, and a client told CHUNKING
 * would switch to it (docs/emulator.md, differences).
 */
import { randomUUID } from 'node:crypto';

/** One reply as smtp-server's `send(code, data, context)` gets it. */
export interface Reply {
  readonly code: number;
  readonly data?: string | readonly string[] | null;
  /** smtp-server's context: the command, a status name such as MAIL_FROM_OK, or false for none. */
  readonly context?: string | false;
}

/** What the reply depends on besides itself. */
export interface ReplyState {
  readonly host: string;
  /** Whether the connection is under TLS (EHLO offers AUTH only then). */
  readonly secure: boolean;
  readonly now: Date;
}

/** An enhanced status code at the start of a text: `5.7.3 Authentication ...`. */
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3}( |$)/;

/** Enhanced codes for the library's replies that carry none, by reply code (RFC 3463 classes, Exchange's where known). */
const DEFAULT_ENHANCED: Readonly<Record<number, string>> = {
  421: '4.3.2',
  451: '4.3.0',
  452: '4.3.1',
  500: '5.3.3',
  501: '5.5.4',
  502: '5.3.3',
  503: '5.5.1',
  504: '5.5.4',
  550: '5.1.1',
  552: '5.3.4',
  553: '5.1.3',
  554: '5.6.0',
};

/** The order Exchange lists its extensions in (S9), BINARYMIME and CHUNKING left out. */
const EXTENSION_ORDER = ['SIZE', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'AUTH', '8BITMIME', 'SMTPUTF8'];

/** `Mon, 1 Jun 2015 12:00:00 +0000`, the date form Exchange's greeting uses. */
export function exchangeDate(now: Date): string {
  return now
    .toUTCString()
    .replace(/ 0(\d) /, ' $1 ')
    .replace(/ GMT$/, ' +0000');
}

/** `[<host> <ISO time> <id>]`, the diagnostic suffix Exchange puts on some refusals (S10). */
function diagnosticSuffix(state: ReplyState): string {
  return `[${state.host} ${state.now.toISOString()} ${randomUUID().slice(0, 8).toUpperCase()}]`;
}

function ehlo(lines: readonly string[], state: ReplyState): string[] {
  const [hello = '', ...features] = lines;
  const offered = features.filter((feature) => feature !== 'REQUIRETLS' && (state.secure || !feature.startsWith('AUTH ')));
  offered.push('ENHANCEDSTATUSCODES');
  const rank = (feature: string): number => EXTENSION_ORDER.indexOf(feature.split(' ')[0] as string);
  return [hello, ...offered.filter((feature) => rank(feature) >= 0).sort((a, b) => rank(a) - rank(b))];
}

/** What Exchange answers where smtp-server would send `reply`. */
export function exchangeReply(reply: Reply, state: ReplyState): Reply {
  const { code, data, context } = reply;
  if (Array.isArray(data)) return code === 250 ? { code, data: ehlo(data, state), context: false } : reply;
  const text = typeof data === 'string' ? data : '';
  if (code === 220 && context === false)
    return { code, data: `${state.host} Microsoft ESMTP MAIL Service ready at ${exchangeDate(state.now)}`, context: false };
  if (context === false || code === 334 || ENHANCED.test(text)) return { code, data: text, context: false };
  if (code === 220) return { code, data: '2.0.0 SMTP server ready', context: false };
  if (code === 221) return { code, data: '2.0.0 Service closing transmission channel', context: false };
  if (code === 235) return { code, data: '2.7.0 Authentication successful', context: false };
  if (code === 354) return { code, data: 'Start mail input; end with <CRLF>.<CRLF>', context: false };
  if (code === 250 && context === 'MAIL_FROM_OK') return { code, data: '2.1.0 Sender OK', context: false };
  if (code === 250 && context === 'RCPT_TO_OK') return { code, data: '2.1.5 Recipient OK', context: false };
  if (code === 530) return { code, data: `5.7.57 Client not authenticated to send mail. ${diagnosticSuffix(state)}`, context: false };
  if (code === 538) return { code: 504, data: '5.7.4 Unrecognized authentication type', context: false };
  const enhanced = DEFAULT_ENHANCED[code] ?? (code < 400 ? '2.0.0' : code < 500 ? '4.0.0' : '5.0.0');
  return { code, data: `${enhanced} ${text}`.trimEnd(), context: false };
}
