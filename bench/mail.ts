/**
 * npm run bench:mail: the mail servers under load, with the emulator in its own process.
 *   - round trip: SMTP submission to the IDLE notification of a watching IMAP session, median and
 *     p95, one message at a time, on a pooled SMTP connection and on a new connection each time;
 *   - throughput: messages a second through SMTP into IMAP, 1,000 messages across 50 mailboxes
 *     from 50 senders on two pooled connections each, counted when IMAP has them all;
 *   - memory: the emulator's resident memory at the start, and at the peak and after the sessions
 *     close in each of three rounds of load.
 * A new SMTP connection waits 100 ms for its greeting: smtp-server pauses to catch clients that talk first.
 * Prints JSON. MBX_BENCH_ROUND_TRIPS (default 200) and MBX_BENCH_MESSAGES (default 1,000) change the sizes.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { percentile, provisionMailUsers, startBenchEmulator } from './harness.js';

const ROUND_TRIPS = Number(process.env.MBX_BENCH_ROUND_TRIPS ?? 200);
const MESSAGES = Number(process.env.MBX_BENCH_MESSAGES ?? 1000);
const MAILBOXES = 50;
const address = (index: number): string => `user${index}@contoso.com`;

const emulator = await startBenchEmulator({ concurrency: 4 });
try {
  const caPem = readFileSync(emulator.env.NODE_EXTRA_CA_CERTS as string, 'utf8');
  const [imapHost, imapPort] = (emulator.env.MBX_IMAP as string).split(':') as [string, string];
  const [smtpHost, smtpPort] = (emulator.env.MBX_SMTP as string).split(':') as [string, string];
  const tenant = await provisionMailUsers(emulator, MAILBOXES);
  const tokens = tenant.tokens;
  const memoryAtStart = emulator.memoryMB();
  const heapAtStart = (JSON.parse((await emulator.control('GET', 'memory')).body.toString()) as { heapUsedMB: number }).heapUsedMB;
  const imapClient = (index: number): ImapFlow =>
    new ImapFlow({
      host: imapHost,
      port: Number(imapPort),
      secure: true,
      tls: { ca: caPem },
      auth: { user: address(index), accessToken: tokens[index] as string },
      logger: false,
    });
  const smtpClient = (index: number, pool: boolean) =>
    createTransport({
      host: smtpHost,
      port: Number(smtpPort),
      secure: false,
      requireTLS: true,
      pool,
      maxConnections: 2,
      tls: { ca: caPem },
      auth: { type: 'OAuth2', user: address(index), accessToken: tokens[index] as string },
    } as never);

  // Round trips: users 1 to 49 in turn (a mailbox may submit 30 messages a minute) send to user0, whose session IDLEs.
  const watcher = imapClient(0);
  await watcher.connect();
  await watcher.mailboxOpen('INBOX');
  let arrivals: (() => void) | undefined;
  watcher.on('exists', () => arrivals?.());
  const roundTrips: Record<string, { medianMs: number; p95Ms: number }> = {};
  for (const pooled of [true, false]) {
    const pools = Array.from({ length: MAILBOXES - 1 }, (_, index) => smtpClient(index + 1, true));
    if (pooled) {
      // Open every pool first, so the pooled figures are of open connections; then catch the watcher up.
      await Promise.all(pools.map((pool, index) => pool.sendMail({ from: address(index + 1), to: address(0), subject: 'warm up', text: 'x' })));
      await watcher.noop();
    }
    const timings: number[] = [];
    for (let n = 0; n < ROUND_TRIPS; n += 1) {
      const sender = 1 + (n % (MAILBOXES - 1));
      const transport = pooled ? (pools[sender - 1] as ReturnType<typeof smtpClient>) : smtpClient(sender, false);
      const arrived = new Promise<void>((resolve) => (arrivals = resolve));
      void watcher.idle();
      const started = performance.now();
      await transport.sendMail({ from: address(sender), to: address(0), subject: `round trip ${n}`, text: 'x' });
      await arrived;
      timings.push(performance.now() - started);
      if (!pooled) transport.close();
    }
    for (const pool of pools) pool.close();
    timings.sort((a, b) => a - b);
    roundTrips[pooled ? 'pooled' : 'unpooled'] = { medianMs: Number(percentile(timings, 0.5).toFixed(1)), p95Ms: Number(percentile(timings, 0.95).toFixed(1)) };
  }
  await watcher.logout();

  // Throughput: 1,000 messages across 50 mailboxes, 200 IMAP sessions watching. The round trips above
  // used up part of each sender's 30 messages a minute; the limit is lifted here, as this measures how
  // fast the servers carry mail, not Exchange's limit (the SMTP tests check that).
  await emulator.control('PUT', 'settings', { smtpMessagesPerMinute: 1_000_000 });
  /** One round of load: 200 IMAP sessions open, 1,000 messages through SMTP, the sessions closed. */
  const heapUsedMB = async (): Promise<number> => (JSON.parse((await emulator.control('GET', 'memory')).body.toString()) as { heapUsedMB: number }).heapUsedMB;
  async function load(
    round: number,
  ): Promise<{ delivered: number; submitMs: number; messagesPerSecond: number; residentAtPeakMB: number; residentAfterMB: number; heapUsedAfterMB: number }> {
    const sessions = Array.from({ length: MAILBOXES * 4 }, (_, index) => ({ mailbox: index % MAILBOXES, imap: imapClient(index % MAILBOXES) }));
    await Promise.all(
      sessions.map(async ({ imap }) => {
        await imap.connect();
        await imap.mailboxOpen('INBOX');
      }),
    );
    const before = new Map<number, number>();
    for (const { mailbox, imap } of sessions) before.set(mailbox, imap.mailbox ? imap.mailbox.exists : 0);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: MAILBOXES }, async (_, sender) => {
        const transport = smtpClient(sender, true);
        await Promise.all(
          Array.from({ length: MESSAGES / MAILBOXES }, (_, n) =>
            transport.sendMail({ from: address(sender), to: address((sender + n) % MAILBOXES), subject: `load ${round} ${sender}-${n}`, text: 'x' }),
          ),
        );
        transport.close();
      }),
    );
    const submitMs = performance.now() - started;
    await Promise.all(sessions.slice(0, MAILBOXES).map(({ imap }) => imap.noop()));
    const delivered = sessions
      .slice(0, MAILBOXES)
      .reduce((sum, { mailbox, imap }) => sum + (imap.mailbox ? imap.mailbox.exists : 0) - (before.get(mailbox) ?? 0), 0);
    const elapsed = performance.now() - started;
    const residentAtPeakMB = emulator.memoryMB().resident;
    await Promise.all(sessions.map(({ imap }) => imap.logout()));
    await delay(2000);
    return {
      delivered,
      submitMs: Math.round(submitMs),
      messagesPerSecond: Math.round((delivered / elapsed) * 1000),
      residentAtPeakMB,
      residentAfterMB: emulator.memoryMB().resident,
      heapUsedAfterMB: await heapUsedMB(),
    };
  }
  // Three rounds: memory that kept growing round after round would be a leak; a first rise that stays is V8 keeping its heap.
  const rounds = [await load(1), await load(2), await load(3)];
  console.log(
    JSON.stringify(
      {
        roundTrips: { ...roundTrips, count: ROUND_TRIPS },
        throughput: { messagesPerRound: MESSAGES, mailboxes: MAILBOXES, imapSessions: MAILBOXES * 4, rounds },
        emulatorMemoryMB: { atStart: memoryAtStart.resident, heapUsedAtStart: heapAtStart, peakResident: emulator.memoryMB().peakResident },
      },
      null,
      2,
    ),
  );
} finally {
  await emulator.stop();
}
