/**
 * One IMAP connection: framing (lines, literals, LITERAL+), the typed state, and one dispatch gate
 * every command passes (docs/style.md, rule 2): the fault layer, any-state commands, a session whose IMAP
 * is off (authenticated but not connected), and a verb unknown or outside its states, each with
 * Exchange's text. The verbs themselves are in commands/, one module each; what several of them
 * share (the selected folder as the client knows it, reports of changes, IDLE) lives here.
 */
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { EmulatorContext } from '../context.js';
import { mailFault } from '../mail/faults.js';
import { foldersOf } from '../mail/folders.js';
import { messagesIn, removeMessage } from '../mail/messages.js';
import type { MailSession } from '../mail/sasl.js';
import type { MailFolder, MailMessage } from '../store/model.js';
import type { Change } from '../store/store.js';
import type { ImapConnection, ImapRequest, ImapState, Target } from './commands/command.js';
import { COMMANDS } from './commands/index.js';
import { folderName } from './names.js';
import { ImapSyntaxError, literalAtEnd, text, tokenize, type RawCommand, type Token } from './parser.js';
import { sequenceSet } from './search.js';
import { IMAP_TEXTS } from './texts.js';
import { watchIdle, type IdleWatch } from '../mail/idle.js';

const MAX_LINE = 64 * 1024;
const MAX_LITERAL = 35 * 1024 * 1024;
/**
 * What a connection that has not signed in may make the emulator hold (issue 17): an AUTHENTICATE
 * response (an XOAUTH2 token is a few KiB) fits many times over; a 30 MiB APPEND does not. Ten such
 * connections once took the emulator from 78 to 383 MB. No source gives Exchange's limit or text;
 * the answer is the one it gives any literal over its limit here.
 */
const MAX_LITERAL_BEFORE_SIGN_IN = 64 * 1024;

export class ImapSession implements ImapConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private segments: string[] = [];
  private literals: Buffer[] = [];
  private pendingLiteral = 0;
  private literalParts: Buffer[] = [];
  private literalBytes = 0;
  private queue: Promise<void> = Promise.resolve();
  state: ImapState = 'unauthenticated';
  #session: MailSession | undefined;
  /** Who signed in, and to which mailbox; set by AUTHENTICATE. */
  get session(): MailSession | undefined {
    return this.#session;
  }
  set session(value: MailSession | undefined) {
    this.#session = value;
    // Signed in: the idle limit is the authenticated one from now on.
    if (value !== undefined) this.idleWatch.signedIn();
  }
  /** Who this connection is before it signs in, for the fault layer's policing (never the remote address). */
  private readonly connection = `imap:${randomUUID()}`;
  folder: MailFolder | undefined;
  readOnly = false;
  /** The selected folder's messages as this session last told the client: UIDs in sequence order, with their flags. */
  known: { uid: number; flags: string }[] = [];
  /** A continuation the next line answers instead of being a command. */
  continuation: ((line: string) => Promise<void>) | undefined;
  private idle: { tag: string; unsubscribe: () => void } | undefined;
  /** Ends the connection when it idles past Exchange's limits (mail/idle.ts). */
  private readonly idleWatch: IdleWatch;
  /** A report is due for an IDLE session: changes are coalesced into one per turn of the event loop. */
  private reportDue = false;

  constructor(
    readonly context: EmulatorContext,
    private readonly socket: TLSSocket,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.stopIdle());
    this.idleWatch = watchIdle(socket, context.settings, IMAP_TEXTS.timeout);
    this.write(IMAP_TEXTS.greeting);
  }

  write(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`, 'utf8');
  }

  /** A response with message bytes in it (FETCH), written as one buffer. */
  writeBytes(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** `<tag> OK <what> completed.`, Exchange's pattern. */
  ok(tag: string, what: string): void {
    this.write(`${tag} OK ${what} completed.`);
  }

  /** Close the connection once what was written has gone (LOGOUT). */
  end(): void {
    this.socket.end();
  }

  private receive(chunk: Buffer): void {
    if (this.pendingLiteral > 0) {
      // A literal's bytes are gathered as they come and joined once: a 35 MiB APPEND is not copied per chunk.
      this.literalParts.push(chunk);
      this.literalBytes += chunk.length;
      if (this.literalBytes < this.pendingLiteral) return;
      const joined = Buffer.concat(this.literalParts);
      this.literals.push(joined.subarray(0, this.pendingLiteral));
      this.buffer = joined.subarray(this.pendingLiteral);
      this.literalParts = [];
      this.literalBytes = 0;
      this.pendingLiteral = 0;
    } else {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    }
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) {
        if (this.buffer.length > MAX_LINE) this.fail('* BAD Command line too long.');
        return;
      }
      const line = this.buffer.subarray(0, end).toString('utf8').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(end + 1);
      const literal = this.continuation === undefined && this.idle === undefined ? literalAtEnd(line) : undefined;
      this.segments.push(line);
      if (literal !== undefined) {
        const limit = this.state === 'unauthenticated' ? MAX_LITERAL_BEFORE_SIGN_IN : MAX_LITERAL;
        if (literal.size > limit) return this.fail('* BAD Literal too large.');
        if (!literal.nonSync) this.write('+ Ready for additional command text.');
        if (this.buffer.length >= literal.size) {
          this.literals.push(this.buffer.subarray(0, literal.size));
          this.buffer = this.buffer.subarray(literal.size);
          continue;
        }
        this.pendingLiteral = literal.size;
        this.literalParts = [this.buffer];
        this.literalBytes = this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return;
      }
      const command: RawCommand = { segments: this.segments, literals: this.literals };
      this.segments = [];
      this.literals = [];
      this.queue = this.queue
        .then(() => this.dispatch(command))
        .catch(() => {
          this.socket.destroy();
        });
    }
  }

  private fail(line: string): void {
    this.write(line);
    this.socket.end();
  }

  private async dispatch(command: RawCommand): Promise<void> {
    const line = command.segments.join('');
    if (this.continuation !== undefined) {
      const answer = this.continuation;
      this.continuation = undefined;
      return answer(line);
    }
    if (this.idle !== undefined) {
      if (line.trim().toUpperCase() === 'DONE') {
        const { tag } = this.idle;
        this.stopIdle();
        this.write(`${tag} OK IDLE completed.`);
      }
      return;
    }
    let tokens: Token[];
    try {
      tokens = tokenize(command);
    } catch {
      return this.write(`${line.split(' ')[0] ?? '*'} BAD ${IMAP_TEXTS.argumentError}`);
    }
    const tag = text(tokens[0]) ?? '*';
    let name = (text(tokens[1]) ?? '').toUpperCase();
    let args = tokens.slice(2);
    let uid = false;
    if (name === 'UID') {
      uid = true;
      name = (text(args[0]) ?? '').toUpperCase();
      args = args.slice(1);
    }
    const fault = await mailFault(
      this.context,
      'imap',
      uid ? `UID ${name}` : name,
      this.session === undefined ? this.connection : `principal:${this.session.principalId}`,
    );
    if (fault.kind === 'drop') return void this.socket.destroy();
    // Exchange's throttling answer (imapsync's Office 365 FAQ; ikvk/imap_tools#135).
    if (fault.kind === 'throttle') return this.write(`${tag} NO Request is throttled. Suggested Backoff Time: ${fault.backoffMs} milliseconds`);
    try {
      await this.gate({ tag, name, args, uid });
    } catch (error) {
      if (error instanceof ImapSyntaxError) return this.write(`${tag} BAD ${IMAP_TEXTS.argumentError}`);
      throw error;
    } finally {
      fault.release();
    }
  }

  /** The one gate: any-state verbs run; a disconnected session refuses the rest; a verb unknown or outside its states is refused in Exchange's words. */
  private gate(request: ImapRequest): void | Promise<void> {
    const command = COMMANDS.get(request.name);
    if (command?.states === 'any') return command.run(this, request);
    if (this.state === 'disconnected') return this.write(`${request.tag} BAD ${IMAP_TEXTS.notConnected}`);
    if (command === undefined || !command.states.includes(this.state)) {
      // Exchange answers differently with a folder selected.
      return this.write(`${request.tag} BAD ${this.state === 'selected' ? IMAP_TEXTS.commandError : IMAP_TEXTS.invalidState}`);
    }
    return command.run(this, request);
  }

  /** The signed-in session (the gate runs no verb that needs one before AUTHENTICATE). */
  get signedIn(): MailSession {
    return this.session as MailSession;
  }

  folders(): MailFolder[] {
    return foldersOf(this.signedIn.tenant, this.signedIn.mailbox, this.context.now());
  }

  folderNamed(name: string | undefined): MailFolder | undefined {
    if (name === undefined) return undefined;
    const all = this.folders();
    return all.find((folder) => folderName(folder, all).toLowerCase() === name.replace(/\/$/, '').toLowerCase());
  }

  /** The selected folder's messages as the store holds them now. */
  current(): MailMessage[] {
    return this.folder === undefined ? [] : messagesIn(this.signedIn.tenant, this.folder);
  }

  unselect(): void {
    this.folder = undefined;
    this.known = [];
    this.state = 'authenticated';
  }

  maxUid(): number {
    return this.known.reduce((max, entry) => Math.max(max, entry.uid), 0);
  }

  /** Tell the client what changed since it last heard: expunged messages, flags, new messages. */
  report(): void {
    const messages = this.current();
    const byUid = new Map(messages.map((message) => [message.uid, message]));
    for (let index = this.known.length - 1; index >= 0; index -= 1) {
      if (!byUid.has((this.known[index] as { uid: number }).uid)) {
        this.write(`* ${index + 1} EXPUNGE`);
        this.known.splice(index, 1);
      }
    }
    this.known.forEach((entry, index) => {
      const flags = (byUid.get(entry.uid) as MailMessage).flags.join(' ');
      if (flags !== entry.flags) {
        entry.flags = flags;
        this.write(`* ${index + 1} FETCH (FLAGS (${flags}) UID ${entry.uid})`);
      }
    });
    const max = this.maxUid();
    const added = messages.filter((message) => message.uid > max);
    if (added.length > 0) {
      for (const message of added) this.known.push({ uid: message.uid, flags: message.flags.join(' ') });
      this.write(`* ${this.known.length} EXISTS`);
    }
  }

  /** The messages a sequence set (or UID set) names, with their sequence numbers (0-based). */
  targets(token: Token | undefined, uid: boolean): Target[] {
    const set = text(token);
    if (set === undefined) throw new ImapSyntaxError('Missing sequence set.');
    const byUid = new Map(this.current().map((message) => [message.uid, message]));
    const wanted = sequenceSet(set, uid ? this.maxUid() : this.known.length);
    return this.known.flatMap((entry, index) => {
      const message = byUid.get(entry.uid);
      return message !== undefined && wanted.has(uid ? entry.uid : index + 1) ? [{ index, message }] : [];
    });
  }

  /** Remove \Deleted messages (only those in `uids`, for UID EXPUNGE), telling the client unless closing. */
  expunge(uids: Set<number> | undefined, tell: boolean): void {
    const doomed = this.current().filter((message) => message.flags.includes('\\Deleted') && (uids === undefined || uids.has(message.uid)));
    for (const message of doomed) removeMessage(this.signedIn.tenant, message);
    if (tell) this.report();
  }

  /** Enter IDLE: report now, then at once whenever the store changes, until DONE. */
  startIdle(tag: string): void {
    this.report();
    this.idle = { tag, unsubscribe: this.context.store.subscribe((change) => this.changed(change)) };
  }

  /** A store change while in IDLE: if it may touch the selected folder, report at the end of this turn. */
  private changed(change: Change): void {
    const mine =
      change.op === 'replace' ||
      (change.op === 'delete' && change.collection === 'messages') ||
      (change.op === 'put' && change.collection === 'messages' && (change.value as MailMessage).folderId === this.folder?.id);
    if (!mine || this.reportDue) return;
    this.reportDue = true;
    setImmediate(() => {
      this.reportDue = false;
      if (this.idle !== undefined) this.report();
    });
  }

  private stopIdle(): void {
    this.idle?.unsubscribe();
    this.idle = undefined;
  }
}
