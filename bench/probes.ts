/**
 * npm run bench:probes: 100 shared mailboxes probed end to end (issue 6), with the emulator in its
 * own process adding 25 ms to every request and answer: for each mailbox, as its delegate, the
 * IMAP probe, an SMTP probe sent as the shared address, the round trip awaited over IMAP, and the
 * clean-up of every copy. All mailboxes at once; each delegate serves two mailboxes, so no
 * mailbox opens more than Exchange's 3 concurrent SMTP connections. Target: under 15 s in all.
 * Prints JSON. The probe messages go to the shared mailboxes themselves.
 */
import { readFileSync } from 'node:fs';
import { awaitProbe, cleanUp, probeImap, probeSmtp, type MailEndpoints } from '../src/probes/mail.js';
import { adminCalls, percentile, provisionMailUsers, startBenchEmulator } from './harness.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 100);
const DELEGATES = Math.ceil(MAILBOXES / 2);
const LATENCY_MS = 25;

const emulator = await startBenchEmulator({ concurrency: 4 });
try {
  const { tokens } = await provisionMailUsers(emulator, DELEGATES);
  const { exo } = await adminCalls(emulator);
  const shared = (index: number): string => `shared${index}@contoso.com`;
  const delegate = (index: number): number => index % DELEGATES;
  for (let index = 0; index < MAILBOXES; index += 1) {
    await exo('New-Mailbox', { Shared: true, Name: `shared${index}`, PrimarySmtpAddress: shared(index) });
    await exo('Add-MailboxPermission', { Identity: shared(index), User: `user${delegate(index)}@contoso.com`, AccessRights: ['FullAccess'], AutoMapping: false });
    await exo('Add-RecipientPermission', { Identity: shared(index), Trustee: `user${delegate(index)}@contoso.com`, AccessRights: ['SendAs'], Confirm: false });
  }
  await emulator.control('PUT', 'settings', { latencyMs: LATENCY_MS });

  // The emulator made its CA after this process started, so it is trusted explicitly rather than through NODE_EXTRA_CA_CERTS.
  const endpoints: MailEndpoints = {
    ca: readFileSync(emulator.env.NODE_EXTRA_CA_CERTS as string, 'utf8'),
    imap: { host: '127.0.0.1', port: Number((emulator.env.MBX_IMAP as string).split(':')[1]) },
    pop: { host: '127.0.0.1', port: Number((emulator.env.MBX_POP as string).split(':')[1]) },
    smtp: { host: '127.0.0.1', port: Number((emulator.env.MBX_SMTP as string).split(':')[1]) },
  };
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: MAILBOXES }, async (_, index) => {
      const token = tokens[delegate(index)] as string;
      const user = `user${delegate(index)}@contoso.com`;
      const imap = await probeImap(endpoints, shared(index), token, ['Deleted Items', 'Junk Email', 'Sent Items']);
      const smtp = await probeSmtp(endpoints, user, token, { from: shared(index), to: shared(index) });
      if (!imap.ok || !smtp.ok) return { ok: false, roundTripMs: 0, failure: imap.ok ? smtp : imap };
      const probeId = smtp.detail.probeId as string;
      const sentAt = performance.now();
      const arrived = await awaitProbe(endpoints, shared(index), token, probeId, 10_000);
      const roundTripMs = performance.now() - sentAt + (smtp.steps[0]?.ms ?? 0);
      const removed = (await cleanUp(endpoints, shared(index), token, probeId)) + (await cleanUp(endpoints, user, token, probeId, ['Sent Items']));
      return { ok: arrived.ok && removed === 2, roundTripMs, failure: arrived.ok ? undefined : arrived };
    }),
  );
  const wallMs = Math.round(performance.now() - started);
  const roundTrips = results.filter((result) => result.ok).map((result) => result.roundTripMs).sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        mailboxes: MAILBOXES,
        latencyMs: LATENCY_MS,
        passed: results.filter((result) => result.ok).length,
        failed: results.filter((result) => !result.ok).map((result) => result.failure),
        wallMs,
        roundTripMs: { median: Math.round(percentile(roundTrips, 0.5)), p95: Math.round(percentile(roundTrips, 0.95)) },
        target: { wallMs: 15_000, met: wallMs < 15_000 },
      },
      null,
      2,
    ),
  );
} finally {
  await emulator.stop();
}
