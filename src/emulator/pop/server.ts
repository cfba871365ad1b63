/**
 * POP3 as outlook.office365.com:995 answers it (implicit TLS; fidelity 5.1-5.3): AUTH XOAUTH2
 * with an emulator token for Exchange Online (POP.AccessAsUser.All, or POP.AccessAsApp with
 * Full Access for the app's service principal); USER/PASS refused, as Exchange Online refuses
 * basic authentication. The maildrop is the Inbox of the `user=` mailbox, as it was at sign-in;
 * DELE takes effect at QUIT (RFC 1939). POP has no library worth the name for a server, so this is
 * written here; the texts Exchange's documentation gives are used verbatim, the rest are marked
 * in docs/emulator.md as inferred.
 */
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { EmulatorContext } from '../context.js';
import { mailFault } from '../mail/faults.js';
import { wellKnownFolder } from '../mail/folders.js';
import { messagesIn, rawBytes, removeMessage } from '../mail/messages.js';
import { openSession, parseXoauth2, type MailSession, type ProtocolNeeds } from '../mail/sasl.js';
import { watchIdle, type IdleWatch } from '../mail/idle.js';
import { mailServer, type MailServer } from '../mail/tls-server.js';
import type { MailMessage } from '../store/model.js';
import type { TlsMaterial } from '../tls.js';

export const POP_HOST = 'MBXEMU01.outlook.office365.com';
const MAX_LINE = 8192;

/** Exchange's POP texts: the first three from fidelity 5.2, the others inferred (docs/emulator.md). */
export const POP_TEXTS = {
  greeting: `+OK The Microsoft Exchange POP3 service is ready. [${Buffer.from(POP_HOST).toString('base64')}]`,
  authenticated: '+OK User successfully authenticated.',
  authFailed: '-ERR Authentication failure: unknown user name or bad password.',
  /** USER/PASS: basic authentication, off in Exchange Online, is refused in these words (fidelity-round2 S7). */
  logonFailed: '-ERR Logon failure: unknown user name or bad password.',
  notConnected: '-ERR User is authenticated but not connected.',
  invalidCommand: '-ERR Command is not valid in this state.',
  /** An idle connection closed by the server (Exchange's POP3 TimeoutErrorString; mail/idle.ts). */
  timeout: '-ERR Connection is closed. 10',
  noSuchMessage: '-ERR The specified message is out of range.',
  deleted: '-ERR The message has been deleted.',
  lineTooLong: '-ERR Command line too long.',
  signOff: '+OK Microsoft Exchange Server POP3 server signing off.',
  /** IMAP's throttling text, in POP's form. */
  throttled: '-ERR Request is throttled. Suggested Backoff Time:',
} as const;

const POP_NEEDS: ProtocolNeeds = { delegated: 'POP.AccessAsUser.All', application: 'POP.AccessAsApp', appNeedsFullAccess: true };
const CAPABILITIES = ['TOP', 'UIDL', 'SASL XOAUTH2', 'USER'];

/** Dot-stuffed lines of a message (RFC 1939 section 3), CRLF throughout, with the terminating line. */
function multiline(bytes: Buffer): string {
  const text = bytes.toString('latin1').replace(/\r?\n/g, '\r\n');
  const body = text.endsWith('\r\n') ? text : `${text}\r\n`;
  return `${body.replace(/^\./gm, '..')}.\r\n`;
}

class PopSession {
  private buffer = '';
  private state: 'authorization' | 'transaction' | 'disconnected' = 'authorization';
  private pendingAuth = false;
  private session: MailSession | undefined;
  /** Who this connection is before it signs in, for the fault layer's policing (never the remote address). */
  private readonly connection = `pop:${randomUUID()}`;
  private maildrop: MailMessage[] = [];
  private readonly deleted = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  /** Ends the connection when it idles past Exchange's limits (mail/idle.ts). */
  private readonly idleWatch: IdleWatch;

  constructor(
    private readonly context: EmulatorContext,
    private readonly socket: TLSSocket,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    this.idleWatch = watchIdle(socket, context.settings, POP_TEXTS.timeout);
    this.write(POP_TEXTS.greeting);
  }

  private write(line: string): void {
    if (!this.socket.destroyed) this.socket.write(line.endsWith('\r\n') ? line : `${line}\r\n`, 'latin1');
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      // One command at a time, in order, though a client may pipeline them.
      this.queue = this.queue
        .then(() => this.command(line))
        .catch(() => {
          this.socket.destroy();
        });
    }
    if (this.buffer.length > MAX_LINE) {
      this.write(POP_TEXTS.lineTooLong);
      this.socket.end();
    }
  }

  private async command(line: string): Promise<void> {
    if (this.pendingAuth) {
      this.pendingAuth = false;
      await this.authenticate(line);
      return;
    }
    const [verb = '', ...args] = line.split(' ');
    const name = verb.toUpperCase();
    const fault = await mailFault(this.context, 'pop', name, this.session === undefined ? this.connection : `principal:${this.session.principalId}`);
    if (fault.kind === 'drop') return void this.socket.destroy();
    if (fault.kind === 'throttle') return this.write(`${POP_TEXTS.throttled} ${fault.backoffMs} milliseconds`);
    try {
      await this.execute(name, args);
    } finally {
      fault.release();
    }
  }

  private async execute(name: string, args: string[]): Promise<void> {
    if (name === 'QUIT') return this.quit();
    if (name === 'CAPA') return this.write(`+OK\r\n${CAPABILITIES.join('\r\n')}\r\n.`);
    if (this.state === 'disconnected') return this.write(POP_TEXTS.notConnected);
    if (this.state === 'authorization') {
      if (name === 'AUTH' && (args[0] ?? '').toUpperCase() === 'XOAUTH2') {
        if (args[1] === undefined) {
          this.pendingAuth = true;
          return this.write('+ ');
        }
        return this.authenticate(args[1]);
      }
      // Basic authentication is off in Exchange Online: USER is taken, PASS and other SASL mechanisms fail.
      if (name === 'USER') return this.write('+OK');
      if (name === 'PASS') return this.write(POP_TEXTS.logonFailed);
      if (name === 'AUTH') return this.write(POP_TEXTS.authFailed);
      return this.write(POP_TEXTS.invalidCommand);
    }
    return this.transaction(name, args);
  }

  private async authenticate(response: string): Promise<void> {
    const parsed = parseXoauth2(response);
    const session = parsed === undefined ? undefined : await openSession(this.context, parsed.user, parsed.token, POP_NEEDS);
    if (session === undefined) return this.write(POP_TEXTS.authFailed);
    this.session = session;
    this.idleWatch.signedIn();
    this.write(POP_TEXTS.authenticated);
    if (!session.mailbox.popEnabled) {
      this.state = 'disconnected';
      return;
    }
    this.state = 'transaction';
    this.maildrop = messagesIn(session.tenant, wellKnownFolder(session.tenant, session.mailbox, 'inbox', this.context.now()));
  }

  /** The message numbered `text` (1-based), or the answer that says why there is none. */
  private message(text: string | undefined): { index: number; message: MailMessage } | string {
    const index = Number(text) - 1;
    const message = Number.isInteger(index) ? this.maildrop[index] : undefined;
    if (message === undefined) return POP_TEXTS.noSuchMessage;
    if (this.deleted.has(index)) return POP_TEXTS.deleted;
    return { index, message };
  }

  private listing(args: readonly string[], value: (message: MailMessage) => string | number): void {
    if (args[0] !== undefined) {
      const found = this.message(args[0]);
      return this.write(typeof found === 'string' ? found : `+OK ${found.index + 1} ${value(found.message)}`);
    }
    const lines = this.maildrop.flatMap((message, index) => (this.deleted.has(index) ? [] : [`${index + 1} ${value(message)}`]));
    this.write(`+OK\r\n${[...lines, '.'].join('\r\n')}`);
  }

  private transaction(name: string, args: readonly string[]): void {
    const live = this.maildrop.filter((_, index) => !this.deleted.has(index));
    switch (name) {
      case 'NOOP':
        return this.write('+OK');
      case 'STAT':
        return this.write(`+OK ${live.length} ${live.reduce((sum, message) => sum + message.size, 0)}`);
      case 'LIST':
        return this.listing(args, (message) => message.size);
      case 'UIDL':
        return this.listing(args, (message) => message.id);
      case 'RETR':
      case 'TOP': {
        const found = this.message(args[0]);
        if (typeof found === 'string') return this.write(found);
        let bytes = rawBytes(found.message);
        if (name === 'TOP') {
          const lines = Number(args[1]);
          if (!Number.isInteger(lines) || lines < 0) return this.write(POP_TEXTS.invalidCommand);
          const text = bytes.toString('latin1');
          const split = text.search(/\r?\n\r?\n/);
          const head = split < 0 ? text : text.slice(0, split);
          const body =
            split < 0
              ? []
              : text
                  .slice(split)
                  .replace(/^\r?\n\r?\n/, '')
                  .split(/\r?\n/)
                  .slice(0, lines);
          bytes = Buffer.from([head, '', ...body].join('\r\n'), 'latin1');
        }
        return this.write(`+OK\r\n${multiline(bytes)}`);
      }
      case 'DELE': {
        const found = this.message(args[0]);
        if (typeof found === 'string') return this.write(found);
        this.deleted.add(found.index);
        return this.write('+OK');
      }
      case 'RSET':
        this.deleted.clear();
        return this.write('+OK');
      default:
        return this.write(POP_TEXTS.invalidCommand);
    }
  }

  /** The UPDATE state: messages marked for deletion go, then the connection ends. */
  private quit(): void {
    if (this.state === 'transaction' && this.session !== undefined) {
      for (const index of this.deleted) removeMessage(this.session.tenant, this.maildrop[index] as MailMessage);
    }
    this.write(POP_TEXTS.signOff);
    this.socket.end();
  }
}

export function createPopServer(context: EmulatorContext, tls: TlsMaterial): MailServer {
  return mailServer(tls, (socket) => new PopSession(context, socket));
}
