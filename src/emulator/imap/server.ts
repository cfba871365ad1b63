/**
 * IMAP4rev1 as outlook.office365.com:993 answers it (implicit TLS; fidelity 5.1-5.4): Exchange's
 * greeting and capabilities, AUTHENTICATE XOAUTH2 (SASL-IR or a continuation) with an emulator
 * token, LOGIN and AUTHENTICATE PLAIN refused as basic authentication, and a mailbox whose IMAP
 * is off, or an app without Full Access, authenticated but not connected. Folders are the
 * mailbox's in the message store Graph, SMTP and POP share; a session sees other sessions'
 * changes at its next command, or at once while it IDLEs. No maintained Node library serves IMAP,
 * so the protocol is written here (RFC 3501, UIDPLUS 4315, MOVE 6851, IDLE 2177, LITERAL+ 7888):
 * session.ts frames and gates, commands/ holds one module per verb, search.ts the search keys,
 * texts.ts Exchange's words.
 */
import type { EmulatorContext } from '../context.js';
import { mailServer, type MailServer } from '../mail/tls-server.js';
import type { TlsMaterial } from '../tls.js';
import { ImapSession } from './session.js';

export function createImapServer(context: EmulatorContext, tls: TlsMaterial): MailServer {
  return mailServer(tls, (socket) => new ImapSession(context, socket));
}
