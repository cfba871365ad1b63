/**
 * Hostile input (issue 17, robustness): garbage at each stage of each protocol, sent to `mbx
 * emulator` running as its own process. The connection that sent it may end; the emulator keeps
 * serving every surface. Before, bytes that were not TLS after SMTP STARTTLS raised an `error`
 * event nobody heard, and the whole emulator (HTTPS, IMAP, POP, SMTP) went down.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorProcess } from '../helpers/emulator-process.js';

const stateDir = mkdtempSync(join(tmpdir(), 'mbx-hostile-'));
cpSync(process.env.MBX_TEST_TLS_DIR as string, join(stateDir, 'tls'), { recursive: true });
let child: ChildProcess;
let env: Record<string, string>;
let exited = false;

const hostPort = (value: string): { host: string; port: number } => ({
  host: value.slice(0, value.lastIndexOf(':')),
  port: Number(value.slice(value.lastIndexOf(':') + 1)),
});

beforeAll(async () => {
  ({ child, env } = await startEmulatorProcess(stateDir));
  child.once('exit', () => (exited = true));
});
afterAll(() => {
  child.kill('SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

/**
 * Talk on a socket: `script` answers what the server has said with bytes to send back (or nothing)
 * and returns true when it has heard enough; resolves with what was heard once it has, the server
 * closes, or a second passes.
 */
function converse(socket: Socket, script: (text: string, send: (bytes: string | Buffer) => void) => boolean | void): Promise<string> {
  return new Promise((resolve) => {
    let heard = '';
    const done = (): void => {
      socket.destroy();
      resolve(heard);
    };
    socket.on('data', (chunk: Buffer) => {
      heard += chunk.toString('latin1');
      if (script(heard, (bytes) => socket.write(bytes)) === true) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    setTimeout(done, 1000);
  });
}

/** Every surface still answers: the control API over HTTPS, and each mail server's greeting over its TLS. */
async function stillServing(): Promise<void> {
  expect(exited, 'the emulator process is still running').toBe(false);
  const health = await fetch(`${env.MBX_EMULATOR_URL}/_emulator/health`, { headers: { authorization: `Bearer ${env.MBX_EMULATOR_TOKEN}` } });
  expect(health.status).toBe(200);
  for (const [variable, greeting] of [
    ['MBX_IMAP', '* OK'],
    ['MBX_POP', '+OK'],
  ] as const) {
    const { host, port } = hostPort(env[variable] as string);
    const heard = await converse(tlsConnect({ host, port, servername: 'localhost' }), (text) => text.includes('\r\n'));
    expect(heard.startsWith(greeting), `${variable} greets`).toBe(true);
  }
  const smtp = hostPort(env.MBX_SMTP as string);
  expect((await converse(tcpConnect(smtp.port, smtp.host), (text) => text.includes('\r\n'))).startsWith('220 ')).toBe(true);
}

const garbage = Buffer.from([
  0x16,
  0x03,
  0x01,
  0xff,
  0xff,
  0x00,
  0x13,
  0x37,
  ...Buffer.from('\r\nnot a protocol at all\r\n'),
  ...Array.from({ length: 200 }, (_, index) => index % 256),
]);

describe('garbage at each stage of each protocol leaves the emulator serving', () => {
  it('SMTP: bytes that are not TLS after STARTTLS', async () => {
    const { host, port } = hostPort(env.MBX_SMTP as string);
    let step = 0;
    await converse(tcpConnect(port, host), (text, send) => {
      if (step === 0 && text.includes('220 ')) send(((step = 1), 'EHLO hostile\r\n'));
      else if (step === 1 && text.includes('250 ')) send(((step = 2), 'STARTTLS\r\n'));
      else if (step === 2 && /220 [^\r\n]*TLS/i.test(text)) send(((step = 3), garbage));
    });
    await stillServing();
  });

  it('SMTP: garbage before and instead of EHLO', async () => {
    const { host, port } = hostPort(env.MBX_SMTP as string);
    await converse(tcpConnect(port, host), (_text, send) => send(garbage));
    await stillServing();
  });

  it('IMAP and POP: plain text where TLS is expected, then garbage after the TLS handshake', async () => {
    for (const variable of ['MBX_IMAP', 'MBX_POP'] as const) {
      const { host, port } = hostPort(env[variable] as string);
      await converse(
        tcpConnect(port, host).on('connect', function (this: Socket) {
          this.write('A1 LOGIN plain text over a TLS port\r\n');
        }),
        () => undefined,
      );
      await converse(tlsConnect({ host, port, servername: 'localhost' }), (_text, send) => send(garbage));
    }
    await stillServing();
  });

  it('HTTPS: plain HTTP and garbage to the TLS port', async () => {
    const url = new URL(env.MBX_EMULATOR_URL as string);
    await converse(
      tcpConnect(Number(url.port), url.hostname).on('connect', function (this: Socket) {
        this.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      }),
      () => undefined,
    );
    await converse(
      tcpConnect(Number(url.port), url.hostname).on('connect', function (this: Socket) {
        this.write(garbage);
      }),
      () => undefined,
    );
    await stillServing();
  });
});

describe('input before sign-in is bounded', () => {
  it('refuses a large literal from a connection that has not signed in, at once, and the memory stays flat', async () => {
    const memory = async (): Promise<number> =>
      (
        (await (await fetch(`${env.MBX_EMULATOR_URL}/_emulator/memory`, { headers: { authorization: `Bearer ${env.MBX_EMULATOR_TOKEN}` } })).json()) as {
          residentMB: number;
        }
      ).residentMB;
    const before = await memory();
    const { host, port } = hostPort(env.MBX_IMAP as string);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        converse(tlsConnect({ host, port, servername: 'localhost' }), (text, send) => {
          if (text.endsWith('\r\n') && !text.includes('A1')) {
            // Announce 30 MiB, then push as much as the socket takes until the server answers.
            send('A1 APPEND INBOX {31457280}\r\n');
            send(Buffer.alloc(1024 * 1024, 0x61));
          }
          return text.includes('Literal too large');
        }),
      ),
    );
    for (const heard of answers) expect(heard).toContain('* BAD Literal too large.');
    expect((await memory()) - before).toBeLessThan(100);
    await stillServing();
  });
});

describe('after all of the above', () => {
  it("the emulator's resident memory stays under 300 MB (GET /_emulator/memory)", async () => {
    const answer = (await (
      await fetch(`${env.MBX_EMULATOR_URL}/_emulator/memory`, { headers: { authorization: `Bearer ${env.MBX_EMULATOR_TOKEN}` } })
    ).json()) as {
      residentMB: number;
      heapUsedMB: number;
    };
    expect(answer.residentMB, `${answer.residentMB} MB resident, ${answer.heapUsedMB} MB heap used`).toBeLessThan(300);
    await stillServing();
  });
});
