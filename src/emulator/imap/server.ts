/**
 * IMAP4rev1 as outlook.office365.com:993 answers it (implicit TLS; fidelity 5.1-5.4): Exchange's
 * greeting and capabilities, AUTHENTICATE XOAUTH2 (SASL-IR or a continuation) with an emulator
 * token, LOGIN and AUTHENTICATE PLAIN refused as basic authentication, and a mailbox whose IMAP
 * is off, or an app without Full Access, authenticated but not connected. Folders are the
 * mailbox's in the message store Graph, SMTP and POP share; a session sees other sessions'
 * changes at its next command, or at once while it IDLEs. No maintained Node library serves IMAP, so the
 * protocol is written here (RFC 3501, UIDPLUS 4315, MOVE 6851, IDLE 2177, LITERAL+ 7888).
 */
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { EmulatorContext } from '../context.js';
import { mailFault } from '../mail/faults.js';
import { exchangeId, foldersOf } from '../mail/folders.js';
import { appendMessage, messagesIn, removeMessage, setFlags } from '../mail/messages.js';
import { openSession, parseOauthbearer, parseXoauth2, type MailSession, type ProtocolNeeds } from '../mail/sasl.js';
import { mailServer, type MailServer } from '../mail/tls-server.js';
import type { MailFolder, MailMessage } from '../store/model.js';
import type { Change } from '../store/store.js';
import type { TlsMaterial } from '../tls.js';
import { envelope, internalDate, sectionBytes, structure, type Section } from './messages.js';
import { ImapSyntaxError, literalAtEnd, quote, text, tokenize, type RawCommand, type Token } from './parser.js';

export const IMAP_HOST = 'MBXEMU01.outlook.office365.com';
const MAX_LINE = 64 * 1024;
const MAX_LITERAL = 35 * 1024 * 1024;

const CAPABILITY_BEFORE = 'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+';
const CAPABILITY_AFTER = 'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE NAMESPACE LITERAL+';
const FLAGS = '\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent';

/** Exchange's texts (fidelity 5.2-5.4); the others follow its `<COMMAND> completed.` pattern. */
export const IMAP_TEXTS = {
  greeting: `* OK The Microsoft Exchange IMAP4 service is ready. [${Buffer.from(IMAP_HOST).toString('base64')}]`,
  authFailed: 'AUTHENTICATE failed.',
  loginFailed: 'LOGIN failed.',
  notConnected: 'User is authenticated but not connected.',
  bye: '* BYE Microsoft Exchange Server IMAP4 server signing off.',
} as const;

const IMAP_NEEDS: ProtocolNeeds = { delegated: 'IMAP.AccessAsUser.All', application: 'IMAP.AccessAsApp', appNeedsFullAccess: true };

/** Special-use flags Exchange puts on its folders in LIST (fidelity 5.4). */
const SPECIAL_USE: Readonly<Record<string, string>> = { deleteditems: '\\Trash', drafts: '\\Drafts', junkemail: '\\Junk', sentitems: '\\Sent' };

/** A folder's IMAP name: its path from the top, `/` between levels, the Inbox as INBOX. */
function folderName(folder: MailFolder, all: readonly MailFolder[]): string {
  const own = folder.wellKnownName === 'inbox' ? 'INBOX' : folder.displayName;
  const parent = folder.parentFolderId === null ? undefined : all.find((candidate) => candidate.id === folder.parentFolderId);
  return parent === undefined ? own : `${folderName(parent, all)}/${own}`;
}

/** A folder name as Exchange writes it in responses: an atom where it can be (`Drafts`), else quoted (`"Sent Items"`). */
function mailboxName(name: string): string {
  return /^[\w./-]+$/.test(name) ? name : quote(name);
}

/** A LIST pattern (`*` any, `%` any but the delimiter) as a test on a folder name. */
function matcher(reference: string, pattern: string): (name: string) => boolean {
  const full = `${reference}${pattern}`;
  const source = full.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/%/g, '[^/]*');
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}

/** The numbers a sequence set names (`1:3,5,7:*`), `*` being `max`. */
export function sequenceSet(textValue: string, max: number): Set<number> {
  const numbers = new Set<number>();
  for (const range of textValue.split(',')) {
    const [first, last = first] = range.split(':').map((part) => (part === '*' ? max : Number(part))) as [number, number?];
    if (!Number.isInteger(first) || !Number.isInteger(last)) throw new ImapSyntaxError(`Invalid sequence set ${textValue}.`);
    const [low, high] = first <= (last as number) ? [first, last as number] : [last as number, first];
    for (let number = low; number <= Math.min(high, Math.max(max, low)); number += 1) numbers.add(number);
  }
  return numbers;
}

class ImapSession {
  private buffer: Buffer = Buffer.alloc(0);
  private segments: string[] = [];
  private literals: Buffer[] = [];
  private pendingLiteral = 0;
  private literalParts: Buffer[] = [];
  private literalBytes = 0;
  private queue: Promise<void> = Promise.resolve();
  private state: 'unauthenticated' | 'authenticated' | 'selected' | 'disconnected' | 'logout' = 'unauthenticated';
  private session: MailSession | undefined;
  /** Who this connection is before it signs in, for the fault layer's policing (never the remote address). */
  private readonly connection = `imap:${randomUUID()}`;
  private folder: MailFolder | undefined;
  private readOnly = false;
  /** The selected folder's messages as this session last told the client: UIDs in sequence order, with their flags. */
  private known: { uid: number; flags: string }[] = [];
  /** A continuation the next line answers instead of being a command. */
  private continuation: ((line: string) => Promise<void>) | undefined;
  private idle: { tag: string; unsubscribe: () => void } | undefined;
  /** A report is due for an IDLE session: changes are coalesced into one per turn of the event loop. */
  private reportDue = false;

  constructor(
    private readonly context: EmulatorContext,
    private readonly socket: TLSSocket,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.stopIdle());
    this.write(IMAP_TEXTS.greeting);
  }

  private write(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`, 'utf8');
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
        if (literal.size > MAX_LITERAL) return this.fail('* BAD Literal too large.');
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
      return this.write(`${line.split(' ')[0] ?? '*'} BAD Command Argument Error. 11`);
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
    const fault = await mailFault(this.context, 'imap', uid ? `UID ${name}` : name, this.session === undefined ? this.connection : `principal:${this.session.principalId}`);
    if (fault.kind === 'drop') return void this.socket.destroy();
    // Exchange's throttling answer (imapsync's Office 365 FAQ; ikvk/imap_tools#135).
    if (fault.kind === 'throttle') return this.write(`${tag} NO Request is throttled. Suggested Backoff Time: ${fault.backoffMs} milliseconds`);
    try {
      await this.run(tag, name, args, uid);
    } catch (error) {
      if (error instanceof ImapSyntaxError) return this.write(`${tag} BAD Command Argument Error. 11`);
      throw error;
    } finally {
      fault.release();
    }
  }

  private async run(tag: string, name: string, args: Token[], uid: boolean): Promise<void> {
    const ok = (what = name): void => this.write(`${tag} OK ${what} completed.`);
    // Any state.
    switch (name) {
      case 'CAPABILITY':
        this.write(`* CAPABILITY ${this.state === 'unauthenticated' ? CAPABILITY_BEFORE : CAPABILITY_AFTER}`);
        return ok();
      case 'NOOP':
        if (this.state === 'selected') this.report();
        return ok();
      case 'LOGOUT':
        this.write(IMAP_TEXTS.bye);
        ok();
        this.state = 'logout';
        this.socket.end();
        return;
      case 'ID':
        this.write('* ID NIL');
        return ok();
    }
    if (this.state === 'disconnected') return this.write(`${tag} BAD ${IMAP_TEXTS.notConnected}`);
    if (this.state === 'unauthenticated') {
      if (name === 'AUTHENTICATE') return this.authenticate(tag, (text(args[0]) ?? '').toUpperCase(), text(args[1]));
      if (name === 'LOGIN') return this.write(`${tag} NO ${IMAP_TEXTS.loginFailed}`);
      return this.write(`${tag} BAD Command received in Invalid state.`);
    }
    const session = this.session as MailSession;
    switch (name) {
      case 'ENABLE':
        this.write('* ENABLED');
        return ok();
      case 'NAMESPACE':
        this.write('* NAMESPACE (("" "/")) NIL NIL');
        return ok();
      case 'LIST':
      case 'LSUB': {
        const matches = matcher(text(args[0]) ?? '', text(args[1]) ?? '');
        if ((text(args[1]) ?? '') === '') this.write(`* ${name} (\\Noselect \\HasChildren) "/" ""`);
        const all = this.folders();
        for (const folder of all.filter((candidate) => matches(folderName(candidate, all)))) {
          const special = folder.wellKnownName === null ? undefined : SPECIAL_USE[folder.wellKnownName];
          const children = all.some((candidate) => candidate.parentFolderId === folder.id) ? '\\HasChildren' : '\\HasNoChildren';
          this.write(`* ${name} (${children}${special === undefined ? '' : ` ${special}`}) "/" ${mailboxName(folderName(folder, all))}`);
        }
        return ok();
      }
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        return ok();
      case 'CREATE':
      case 'DELETE':
      case 'RENAME':
        return this.manageFolder(tag, name, args);
      case 'STATUS': {
        const folder = this.folderNamed(text(args[0]));
        if (folder === undefined) return this.write(`${tag} NO The requested item could not be found.`);
        const messages = messagesIn(session.tenant, folder);
        const current = session.tenant.collection('mailFolders').get(folder.id) ?? folder;
        const values: Record<string, number> = { MESSAGES: messages.length, RECENT: 0, UIDNEXT: current.uidNext, UIDVALIDITY: current.uidValidity, UNSEEN: messages.filter((message) => !message.flags.includes('\\Seen')).length };
        const asked = args[1]?.kind === 'list' ? args[1].items.map((item) => (text(item) ?? '').toUpperCase()) : [];
        this.write(`* STATUS ${mailboxName(folderName(folder, this.folders()))} (${asked.filter((item) => item in values).map((item) => `${item} ${values[item]}`).join(' ')})`);
        return ok();
      }
      case 'SELECT':
      case 'EXAMINE':
        return this.select(tag, name, text(args[0]));
      case 'APPEND':
        return this.append(tag, args);
    }
    if (this.state !== 'selected') return this.write(`${tag} BAD Command received in Invalid state.`);
    switch (name) {
      case 'CLOSE':
        if (!this.readOnly) this.expunge(undefined, false);
        this.unselect();
        return ok();
      case 'UNSELECT':
        this.unselect();
        return ok();
      case 'EXPUNGE':
        this.expunge(uid ? sequenceSetOf(args[0], this.maxUid()) : undefined, true);
        return ok();
      case 'FETCH':
        this.fetch(this.targets(args[0], uid), args[1], uid);
        return ok();
      case 'STORE':
        this.store(this.targets(args[0], uid), (text(args[1]) ?? '').toUpperCase(), args[2], uid);
        return ok();
      case 'SEARCH': {
        const found = this.search(args);
        this.write(`* SEARCH${found.map((index) => ` ${uid ? this.known[index]?.uid : index + 1}`).join('')}`);
        return ok();
      }
      case 'COPY':
      case 'MOVE':
        return this.copy(tag, name, this.targets(args[0], uid), text(args[1]));
      case 'IDLE':
        this.write('+ IDLE accepted, awaiting DONE command.');
        this.report();
        this.idle = { tag, unsubscribe: this.context.store.subscribe((change) => this.changed(change)) };
        return;
      case 'CHECK':
        return ok();
    }
    return this.write(`${tag} BAD Command Error. 12`);
  }

  private async authenticate(tag: string, mechanism: string, initial: string | undefined): Promise<void> {
    // OAUTHBEARER is taken too (RFC 7628), though Exchange advertises only XOAUTH2 (fidelity 5.4).
    const parse = mechanism === 'XOAUTH2' ? parseXoauth2 : mechanism === 'OAUTHBEARER' ? parseOauthbearer : undefined;
    if (parse === undefined) return this.write(`${tag} NO ${IMAP_TEXTS.authFailed}`);
    const finish = async (response: string): Promise<void> => {
      const parsed = parse(response);
      const session = parsed === undefined ? undefined : await openSession(this.context, parsed.user, parsed.token, IMAP_NEEDS);
      if (session === undefined) return this.write(`${tag} NO ${IMAP_TEXTS.authFailed}`);
      this.session = session;
      // IMAP turned off for the mailbox: signed in, but every command after is refused (fidelity 5.3).
      this.state = session.mailbox.imapEnabled ? 'authenticated' : 'disconnected';
      this.write(`${tag} OK AUTHENTICATE completed.`);
    };
    if (initial !== undefined) return finish(initial);
    this.continuation = finish;
    this.write('+ ');
  }

  private folders(): MailFolder[] {
    const session = this.session as MailSession;
    return foldersOf(session.tenant, session.mailbox, this.context.now());
  }

  private folderNamed(name: string | undefined): MailFolder | undefined {
    if (name === undefined) return undefined;
    const all = this.folders();
    return all.find((folder) => folderName(folder, all).toLowerCase() === name.replace(/\/$/, '').toLowerCase());
  }

  /** CREATE (parents made as needed, RFC 3501 6.3.3), DELETE (not the default folders; its messages go too) and RENAME. */
  private manageFolder(tag: string, name: string, args: Token[]): void {
    const session = this.session as MailSession;
    const folders = session.tenant.collection('mailFolders');
    const target = (text(args[0]) ?? '').replace(/\/$/, '');
    const parentOf = (path: string): MailFolder | null | undefined => {
      const slash = path.lastIndexOf('/');
      return slash < 0 ? null : this.folderNamed(path.slice(0, slash));
    };
    const make = (path: string): MailFolder => {
      const existing = this.folderNamed(path);
      if (existing !== undefined) return existing;
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? null : make(path.slice(0, slash));
      const folder: MailFolder = { id: exchangeId(), mailboxId: session.mailbox.id, displayName: path.slice(slash + 1), wellKnownName: null, parentFolderId: parent?.id ?? null, uidValidity: Math.floor(this.context.now().getTime() / 1000) % 0x7fffffff, uidNext: 1 };
      folders.put(folder);
      return folder;
    };
    if (name === 'CREATE') {
      if (target === '' || this.folderNamed(target) !== undefined) return this.write(`${tag} NO Mailbox already exists.`);
      make(target);
      return this.write(`${tag} OK CREATE completed.`);
    }
    const folder = this.folderNamed(target);
    if (folder === undefined) return this.write(`${tag} NO The requested item could not be found.`);
    if (folder.wellKnownName !== null) return this.write(`${tag} NO Special folders can't be ${name === 'DELETE' ? 'deleted' : 'renamed'}.`);
    if (name === 'DELETE') {
      if (folders.lookup(`mailbox:${session.mailbox.id}`).some((candidate) => candidate.parentFolderId === folder.id)) return this.write(`${tag} NO The folder has subfolders.`);
      for (const message of messagesIn(session.tenant, folder)) removeMessage(session.tenant, message);
      folders.delete(folder.id);
      if (this.folder?.id === folder.id) this.unselect();
      return this.write(`${tag} OK DELETE completed.`);
    }
    const destination = (text(args[1]) ?? '').replace(/\/$/, '');
    const parent = parentOf(destination);
    if (destination === '' || this.folderNamed(destination) !== undefined) return this.write(`${tag} NO Mailbox already exists.`);
    if (parent === undefined) return this.write(`${tag} NO The requested item could not be found.`);
    folders.put({ ...folder, displayName: destination.slice(destination.lastIndexOf('/') + 1), parentFolderId: parent?.id ?? null });
    return this.write(`${tag} OK RENAME completed.`);
  }

  private current(): MailMessage[] {
    const session = this.session as MailSession;
    return this.folder === undefined ? [] : messagesIn(session.tenant, this.folder);
  }

  private select(tag: string, name: string, folderText: string | undefined): void {
    const folder = this.folderNamed(folderText);
    if (folder === undefined) {
      this.unselect();
      return this.write(`${tag} NO The requested item could not be found.`);
    }
    const session = this.session as MailSession;
    this.folder = folder;
    this.readOnly = name === 'EXAMINE';
    this.state = 'selected';
    const messages = this.current();
    this.known = messages.map((message) => ({ uid: message.uid, flags: message.flags.join(' ') }));
    const current = session.tenant.collection('mailFolders').get(folder.id) ?? folder;
    const firstUnseen = messages.findIndex((message) => !message.flags.includes('\\Seen'));
    this.write(`* ${messages.length} EXISTS`);
    this.write('* 0 RECENT');
    this.write(`* FLAGS (${FLAGS})`);
    this.write(`* OK [PERMANENTFLAGS (${this.readOnly ? '' : FLAGS})] Permanent flags`);
    if (firstUnseen >= 0) this.write(`* OK [UNSEEN ${firstUnseen + 1}] Is the first unseen message`);
    this.write(`* OK [UIDVALIDITY ${current.uidValidity}] UIDVALIDITY value`);
    this.write(`* OK [UIDNEXT ${current.uidNext}] The next unique identifier value`);
    this.write(`${tag} OK [${this.readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed.`);
  }

  private unselect(): void {
    this.folder = undefined;
    this.known = [];
    this.state = 'authenticated';
  }

  private maxUid(): number {
    return this.known.reduce((max, entry) => Math.max(max, entry.uid), 0);
  }

  /** Tell the client what changed since it last heard: expunged messages, flags, new messages. */
  private report(): void {
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
  private targets(token: Token | undefined, uid: boolean): { index: number; message: MailMessage }[] {
    const set = text(token);
    if (set === undefined) throw new ImapSyntaxError('Missing sequence set.');
    const byUid = new Map(this.current().map((message) => [message.uid, message]));
    const wanted = sequenceSet(set, uid ? this.maxUid() : this.known.length);
    return this.known.flatMap((entry, index) => {
      const message = byUid.get(entry.uid);
      return message !== undefined && wanted.has(uid ? entry.uid : index + 1) ? [{ index, message }] : [];
    });
  }

  private fetch(targets: { index: number; message: MailMessage }[], itemsToken: Token | undefined, uid: boolean): void {
    const raw = itemsToken === undefined ? [] : itemsToken.kind === 'list' ? itemsToken.items.map((item) => text(item) ?? '') : [text(itemsToken) ?? ''];
    const macros: Record<string, string[]> = { ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'], FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'], FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'] };
    const items = raw.flatMap((item) => macros[item.toUpperCase()] ?? [item]);
    if (uid && !items.some((item) => item.toUpperCase() === 'UID')) items.unshift('UID');
    const session = this.session as MailSession;
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
          const section: Section = { specifier: spec.replace(/\s*\(.*$/, '').toUpperCase(), fields, ...(start === undefined ? {} : { partial: { start: Number(start), length: Number(length) } }) };
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
      if (sets && !this.readOnly && !message.flags.includes('\\Seen')) {
        message = setFlags(session.tenant, message, [...message.flags, '\\Seen']);
        add(`FLAGS (${message.flags.join(' ')})`);
        const entry = this.known[target.index];
        if (entry !== undefined) entry.flags = message.flags.join(' ');
      }
      const joined = parts.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from(' '), part]));
      if (!this.socket.destroyed) this.socket.write(Buffer.concat([Buffer.from(`* ${target.index + 1} FETCH (`), ...joined, Buffer.from(')\r\n')]));
    }
  }

  private store(targets: { index: number; message: MailMessage }[], mode: string, flagsToken: Token | undefined, uid: boolean): void {
    if (this.readOnly) throw new ImapSyntaxError('Read-only.');
    const given = flagsToken === undefined ? [] : flagsToken.kind === 'list' ? flagsToken.items.map((item) => text(item) ?? '') : [text(flagsToken) ?? ''];
    const silent = mode.endsWith('.SILENT');
    const session = this.session as MailSession;
    for (const { index, message } of targets) {
      const next = mode.startsWith('+') ? [...message.flags, ...given] : mode.startsWith('-') ? message.flags.filter((flag) => !given.includes(flag)) : given;
      const stored = setFlags(session.tenant, message, next);
      const entry = this.known[index];
      if (entry !== undefined) entry.flags = stored.flags.join(' ');
      if (!silent) this.write(`* ${index + 1} FETCH (FLAGS (${stored.flags.join(' ')})${uid ? ` UID ${stored.uid}` : ''})`);
    }
  }

  /** Remove \Deleted messages (only those in `uids`, for UID EXPUNGE), telling the client unless closing. */
  private expunge(uids: Set<number> | undefined, tell: boolean): void {
    const session = this.session as MailSession;
    const doomed = this.current().filter((message) => message.flags.includes('\\Deleted') && (uids === undefined || uids.has(message.uid)));
    for (const message of doomed) removeMessage(session.tenant, message);
    if (tell) this.report();
  }

  private async copy(tag: string, name: string, targets: { index: number; message: MailMessage }[], destinationName: string | undefined): Promise<void> {
    const destination = this.folderNamed(destinationName);
    if (destination === undefined) return this.write(`${tag} NO [TRYCREATE] The requested item could not be found.`);
    const session = this.session as MailSession;
    const pairs: [number, number][] = [];
    for (const { message } of targets) {
      const copied = await appendMessage(session.tenant, destination, Buffer.from(message.raw, 'latin1'), { flags: message.flags, receivedAt: new Date(message.receivedDateTime), summary: message.summary });
      pairs.push([message.uid, copied.uid]);
      if (name === 'MOVE') removeMessage(session.tenant, message);
    }
    const current = session.tenant.collection('mailFolders').get(destination.id) ?? destination;
    const copyUid = pairs.length === 0 ? '' : `[COPYUID ${current.uidValidity} ${pairs.map(([from]) => from).join(',')} ${pairs.map(([, to]) => to).join(',')}] `;
    if (name === 'MOVE') {
      this.write(`* OK ${copyUid}MOVE completed.`);
      this.report();
      return this.write(`${tag} OK MOVE completed.`);
    }
    this.write(`${tag} OK ${copyUid}COPY completed.`);
  }

  private async append(tag: string, args: Token[]): Promise<void> {
    const folder = this.folderNamed(text(args[0]));
    if (folder === undefined) return this.write(`${tag} NO [TRYCREATE] The requested item could not be found.`);
    const literal = args.find((token) => token.kind === 'literal');
    if (literal === undefined || literal.kind !== 'literal') throw new ImapSyntaxError('APPEND needs a literal.');
    const flagsToken = args.find((token) => token.kind === 'list');
    const flags = flagsToken?.kind === 'list' ? flagsToken.items.map((item) => text(item) ?? '') : [];
    const dateText = args.slice(1).find((token) => token.kind === 'string');
    const date = dateText === undefined ? this.context.now() : new Date(Date.parse((text(dateText) ?? '').replace(/^(\d+)-(\w+)-(\d+)/, '$1 $2 $3')));
    const session = this.session as MailSession;
    const appended = await appendMessage(session.tenant, folder, literal.value, { flags, receivedAt: Number.isNaN(date.getTime()) ? this.context.now() : date });
    if (this.folder?.id === folder.id) this.report();
    this.write(`${tag} OK [APPENDUID ${folder.uidValidity} ${appended.uid}] APPEND completed.`);
  }

  /** SEARCH keys (RFC 3501 6.4.4), the common ones; the result is the matching 0-based indexes. */
  private search(args: Token[]): number[] {
    const byUid = new Map(this.current().map((message) => [message.uid, message]));
    const keys = (text(args[0]) ?? '').toUpperCase() === 'CHARSET' ? args.slice(2) : args;
    const cursor = new SearchCursor(keys);
    const tests: SearchTest[] = [];
    while (!cursor.done()) tests.push(cursor.next(this));
    return this.known.flatMap((entry, index) => {
      const message = byUid.get(entry.uid);
      return message !== undefined && tests.every((test) => test(message, index)) ? [index] : [];
    });
  }

  /** Used by SearchCursor: the number of messages and the highest UID, for sequence sets in SEARCH. */
  bounds(): { count: number; maxUid: number } {
    return { count: this.known.length, maxUid: this.maxUid() };
  }

  /** A store change while in IDLE: if it may touch the selected folder, report at the end of this turn. */
  private changed(change: Change): void {
    const mine = change.op === 'replace' || (change.op === 'delete' && change.collection === 'messages') || (change.op === 'put' && change.collection === 'messages' && (change.value as MailMessage).folderId === this.folder?.id);
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

type SearchTest = (message: MailMessage, index: number) => boolean;

/** Reads search keys from a token list, one key (with its arguments) at a time. */
class SearchCursor {
  constructor(
    private readonly keys: readonly Token[],
    private position = 0,
  ) {}

  done(): boolean {
    return this.position >= this.keys.length;
  }

  next(owner: { bounds(): { count: number; maxUid: number } }): SearchTest {
    const token = this.keys[this.position++];
    if (token === undefined) throw new ImapSyntaxError('Missing search key.');
    if (token.kind === 'list') {
      const inner = new SearchCursor(token.items);
      const tests: SearchTest[] = [];
      while (!inner.done()) tests.push(inner.next(owner));
      return (message, index) => tests.every((test) => test(message, index));
    }
    const key = (text(token) ?? '').toUpperCase();
    const argument = (): string => {
      const value = text(this.keys[this.position++]);
      if (value === undefined) throw new ImapSyntaxError(`${key} needs an argument.`);
      return value;
    };
    const flag = (name: string, present: boolean): SearchTest => (message) => message.flags.includes(name) === present;
    const header = (name: string, value: string): SearchTest => {
      const wanted = value.toLowerCase();
      return (message) => {
        const raw = Buffer.from(message.raw, 'latin1').toString('utf8');
        const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
        return head.split(/\r?\n(?![ \t])/).some((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`) && line.slice(name.length + 1).toLowerCase().includes(wanted));
      };
    };
    const date = (value: string): number => Date.parse(value.replace(/^(\d+)-(\w+)-(\d+)$/, '$1 $2 $3 UTC'));
    const day = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
    switch (key) {
      case 'ALL':
        return () => true;
      case 'SEEN':
      case 'UNSEEN':
        return flag('\\Seen', key === 'SEEN');
      case 'DELETED':
      case 'UNDELETED':
        return flag('\\Deleted', key === 'DELETED');
      case 'FLAGGED':
      case 'UNFLAGGED':
        return flag('\\Flagged', key === 'FLAGGED');
      case 'ANSWERED':
      case 'UNANSWERED':
        return flag('\\Answered', key === 'ANSWERED');
      case 'DRAFT':
      case 'UNDRAFT':
        return flag('\\Draft', key === 'DRAFT');
      case 'KEYWORD':
      case 'UNKEYWORD': {
        const name = argument();
        return flag(name, key === 'KEYWORD');
      }
      case 'FROM':
      case 'TO':
      case 'CC':
      case 'BCC':
      case 'SUBJECT':
        return header(key, argument());
      case 'HEADER': {
        const name = argument();
        return header(name, argument());
      }
      case 'BODY':
      case 'TEXT': {
        const wanted = argument().toLowerCase();
        return (message) => Buffer.from(message.raw, 'latin1').toString('utf8').toLowerCase().includes(wanted);
      }
      case 'LARGER': {
        const size = Number(argument());
        return (message) => message.size > size;
      }
      case 'SMALLER': {
        const size = Number(argument());
        return (message) => message.size < size;
      }
      case 'SINCE':
      case 'BEFORE':
      case 'ON': {
        const when = date(argument());
        return (message) => (key === 'SINCE' ? day(message.receivedDateTime) >= when : key === 'BEFORE' ? day(message.receivedDateTime) < when : day(message.receivedDateTime) === when);
      }
      case 'UID': {
        const uids = sequenceSet(argument(), owner.bounds().maxUid);
        return (message) => uids.has(message.uid);
      }
      case 'NOT': {
        const inner = this.next(owner);
        return (message, index) => !inner(message, index);
      }
      case 'OR': {
        const left = this.next(owner);
        const right = this.next(owner);
        return (message, index) => left(message, index) || right(message, index);
      }
      default: {
        if (/^[\d*:,]+$/.test(key)) {
          const numbers = sequenceSet(key, owner.bounds().count);
          return (_message, index) => numbers.has(index + 1);
        }
        throw new ImapSyntaxError(`Unknown search key ${key}.`);
      }
    }
  }
}

function sequenceSetOf(token: Token | undefined, max: number): Set<number> {
  const value = text(token);
  if (value === undefined) throw new ImapSyntaxError('Missing sequence set.');
  return sequenceSet(value, max);
}

export function createImapServer(context: EmulatorContext, tls: TlsMaterial): MailServer {
  return mailServer(tls, (socket) => new ImapSession(context, socket));
}
