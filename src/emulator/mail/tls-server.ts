/** An implicit-TLS server for a mail protocol (IMAP on 993, POP on 995), one session per connection. */
import type { Server } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import type { TlsMaterial } from '../tls.js';

/** A mail protocol's listener, as the emulator starts and stops it (SMTP's too). */
export interface MailServer {
  readonly server: Server;
  /** Stop listening and end open sessions, as stopping the emulator must. */
  close(done: () => void): void;
}

export function mailServer(tls: TlsMaterial, session: (socket: TLSSocket) => void): MailServer {
  const sockets = new Set<TLSSocket>();
  const server = createServer({ key: tls.key, cert: tls.cert }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    session(socket);
  });
  // A client that speaks no TLS (or bad TLS) fails its handshake: that connection ends, the server serves on.
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return {
    server,
    close: (done) => {
      server.close(() => done());
      for (const socket of sockets) socket.destroy();
    },
  };
}
