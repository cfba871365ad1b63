/**
 * The POP probe (issue 6): what a client that downloads by POP3 does: implicit TLS, AUTH XOAUTH2
 * with `user=` the shared address, STAT and UIDL, QUIT. Written here rather than on node-pop3,
 * which signs in with USER/PASS only: Exchange Online refuses that. TLS is verified against
 * Node's CAs.
 */
import { connect, type TLSSocket } from 'node:tls';
import { ProbeSteps, type MailEndpoints } from './mail.js';
import type { ProbeOutcome } from './types.js';

/** One POP3 conversation: send a line, read the answer (one line, or a multi-line one up to "."). */
class PopConversation {
  private buffer = '';
  private waiting: (() => void) | undefined;
  private closed: Error | undefined;

  private constructor(private readonly socket: TLSSocket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiting?.();
    });
    const end = (error?: Error): void => {
      this.closed = error ?? new Error('The POP server closed the connection.');
      this.waiting?.();
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  static open(host: string, port: number, ca: string | undefined): Promise<PopConversation> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, servername: host, ...(ca === undefined ? {} : { ca }) }, () => resolve(new PopConversation(socket)));
      // Before the handshake an error rejects the open; after it the conversation's own listener hears it.
      socket.on('error', reject);
    });
  }

  /** The next answer; multi-line answers end with a line holding only ".". */
  async read(multiline = false): Promise<string> {
    for (;;) {
      const end = multiline ? this.buffer.indexOf('\r\n.\r\n') : this.buffer.indexOf('\r\n');
      const firstLine = this.buffer.slice(0, this.buffer.indexOf('\r\n'));
      if (end >= 0 && (!multiline || firstLine.startsWith('+OK'))) {
        const answer = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + (multiline ? 5 : 2));
        return answer;
      }
      if (multiline && firstLine.startsWith('-ERR')) return this.read(false);
      if (this.closed !== undefined) throw this.closed;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  async command(line: string, multiline = false): Promise<string> {
    this.socket.write(`${line}\r\n`);
    const answer = await this.read(multiline);
    if (!answer.startsWith('+')) throw Object.assign(new Error(answer), { response: answer });
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Sign in to `mailbox` over POP3 with the token, then STAT and UIDL, each step timed. */
export async function probePop(endpoints: MailEndpoints, mailbox: string, token: string): Promise<ProbeOutcome> {
  const steps = new ProbeSteps();
  let pop: PopConversation | undefined;
  try {
    pop = await steps.run('connect', () => PopConversation.open(endpoints.pop.host, endpoints.pop.port, endpoints.ca));
    const conversation = pop;
    await conversation.read();
    const xoauth2 = Buffer.from(`user=${mailbox}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
    await steps.run('authenticate', () => conversation.command(`AUTH XOAUTH2 ${xoauth2}`));
    const stat = await steps.run('STAT', () => conversation.command('STAT'));
    await steps.run('UIDL', () => conversation.command('UIDL', true));
    await conversation.command('QUIT');
    return { ok: true, steps: steps.done, detail: { messages: Number(stat.split(' ')[1] ?? 0) } };
  } catch (error) {
    return steps.failed(error);
  } finally {
    pop?.close();
  }
}
