/**
 * What a verb is, and what it sees of the session it runs in: the state, the signed-in mailbox, the
 * selected folder as the client knows it, and the session's shared operations. The session
 * (../session.ts) implements it; the verbs depend on this alone, so nothing imports in a circle.
 */
import type { EmulatorContext } from '../../context.js';
import type { MailSession } from '../../mail/sasl.js';
import type { MailFolder, MailMessage } from '../../store/model.js';
import type { Token } from '../parser.js';

export type ImapState = 'unauthenticated' | 'authenticated' | 'selected' | 'disconnected' | 'logout';

export interface ImapRequest {
  readonly tag: string;
  /** The verb, upper-cased, without UID. */
  readonly name: string;
  readonly args: readonly Token[];
  /** The UID form (UID FETCH, UID SEARCH, ...). */
  readonly uid: boolean;
}

/** A message of the selected folder with its 0-based sequence index. */
export interface Target {
  readonly index: number;
  readonly message: MailMessage;
}

export interface ImapConnection {
  readonly context: EmulatorContext;
  state: ImapState;
  /** Who signed in, and to which mailbox; set by AUTHENTICATE. */
  session: MailSession | undefined;
  /** The signed-in session (the gate runs no verb that needs one before AUTHENTICATE). */
  readonly signedIn: MailSession;
  folder: MailFolder | undefined;
  readOnly: boolean;
  /** The selected folder's messages as the client last heard of them: UIDs in sequence order, with their flags. */
  known: { uid: number; flags: string }[];
  /** A continuation the next line answers instead of being a command. */
  continuation: ((line: string) => Promise<void>) | undefined;
  write(line: string): void;
  writeBytes(bytes: Buffer): void;
  ok(tag: string, what: string): void;
  end(): void;
  folders(): MailFolder[];
  folderNamed(name: string | undefined): MailFolder | undefined;
  current(): MailMessage[];
  unselect(): void;
  maxUid(): number;
  report(): void;
  targets(token: Token | undefined, uid: boolean): Target[];
  expunge(uids: Set<number> | undefined, tell: boolean): void;
  startIdle(tag: string): void;
}

/** A verb: the states it runs in (the gate refuses it elsewhere) and what it does. */
export interface ImapCommand {
  readonly states: 'any' | readonly ImapState[];
  run(session: ImapConnection, request: ImapRequest): void | Promise<void>;
}
