/**
 * Idle connections end as Exchange ends them (issue 29): an IMAP or POP connection that has not
 * signed in is closed after PreAuthenticatedConnectionTimeout (one minute by default), a signed-in
 * one after AuthenticatedConnectionTimeout (30 minutes), each with the server's farewell line.
 * Sources: Set-ImapSettings and Set-PopSettings (learn.microsoft.com/powershell/module/exchange:
 * the two parameters and their defaults, for Exchange Server; Exchange Online does not publish
 * its own, so the defaults stand in), and the farewell texts of Exchange's IMAP4 and POP3 services
 * (`* BYE Connection is closed. 13`, `-ERR Connection is closed. 10`, their TimeoutErrorString).
 * The control API's settings shorten both for tests.
 */
import type { TLSSocket } from 'node:tls';
import type { RuntimeSettings } from '../context.js';

export interface IdleWatch {
  /** The connection signed in: the longer limit holds from now on. */
  signedIn(): void;
}

export function watchIdle(socket: TLSSocket, settings: RuntimeSettings, farewell: string): IdleWatch {
  socket.setTimeout(settings.mailPreAuthTimeoutMs);
  socket.on('timeout', () => {
    if (socket.destroyed) return;
    socket.end(`${farewell}\r\n`);
    // A peer that never reads would keep the socket half-open: it goes after a grace period.
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
  return { signedIn: () => socket.setTimeout(settings.mailAuthTimeoutMs) };
}
