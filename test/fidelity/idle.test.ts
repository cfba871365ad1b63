/**
 * Idle connections end as Exchange ends them (issue 29; src/emulator/mail/idle.ts): an IMAP or POP
 * connection that does not sign in is closed after the pre-authentication limit with the server's
 * farewell, and one that signed in is held to the longer limit instead. The limits are shortened
 * through the control API (Exchange's are 60 s and 30 min).
 */
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAP_TEXTS } from '../../src/emulator/imap/texts.js';
import { POP_TEXTS } from '../../src/emulator/pop/server.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { mailScenario } from '../helpers/mail-scenario.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let anna: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ anna } = await mailScenario(new TenantAdmin(emulator), 'IMAP'));
  await emulator.control('PUT', 'settings', { mailPreAuthTimeoutSeconds: 0.5, mailAuthTimeoutSeconds: 30 });
});
afterAll(() => emulator.stop());

/** A TLS connection to host:port that gathers what the server says, and tells when it closes. */
function open(address: string): Promise<{ socket: TLSSocket; heard: () => string; closed: Promise<number> }> {
  const host = address.slice(0, address.lastIndexOf(':'));
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return new Promise((resolve, reject) => {
    let text = '';
    const started = performance.now();
    const socket = tlsConnect({ host, port, ca: emulator.ca, servername: host === '127.0.0.1' ? undefined : host }, () =>
      resolve({ socket, heard: () => text, closed }),
    );
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now() - started)));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('error', reject);
  });
}

/** Resolves when the server has said something matching `pattern`. */
async function until(connection: { heard: () => string }, pattern: RegExp): Promise<void> {
  while (!pattern.test(connection.heard())) await new Promise((resolve) => setTimeout(resolve, 20));
}

const xoauth2 = (user: string, token: string): string => Buffer.from(`user=${user}\u0001auth=Bearer ${token}\u0001\u0001`).toString('base64');

describe('idle connections', () => {
  it('IMAP: closes a connection that never signs in, with Exchange farewell', async () => {
    const connection = await open(emulator.imap);
    await connection.closed;
    expect(connection.heard()).toBe(`${IMAP_TEXTS.greeting}\r\n${IMAP_TEXTS.timeout}\r\n`);
  });

  it('POP: closes a connection that never signs in, with Exchange farewell', async () => {
    const connection = await open(emulator.pop);
    await connection.closed;
    expect(connection.heard()).toBe(`${POP_TEXTS.greeting}\r\n${POP_TEXTS.timeout}\r\n`);
  });

  it('IMAP: a signed-in connection outlives the pre-authentication limit', async () => {
    const connection = await open(emulator.imap);
    connection.socket.write(`a1 AUTHENTICATE XOAUTH2 ${xoauth2('info@contoso.com', anna)}\r\n`);
    await until(connection, /a1 OK AUTHENTICATE completed/);
    // Three times the pre-authentication limit, idle.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    connection.socket.write('a2 NOOP\r\n');
    await until(connection, /a2 OK NOOP completed/);
    expect(connection.heard()).not.toContain('BYE');
    connection.socket.write('a3 LOGOUT\r\n');
    await connection.closed;
  });
});
