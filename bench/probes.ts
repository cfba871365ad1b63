/**
 * npm run bench:probes: 100 shared mailboxes probed end to end (issue 6) through the probe runner
 * `mbx verify` and `mbx probe` use, with the emulator in its own process adding 25 ms to every
 * request and answer: for each mailbox, as its delegate, the IMAP login with the client's folders,
 * an SMTP probe sent as the shared address, the round trip awaited over IMAP, and the clean-up of
 * every copy. Mailboxes run side by side, 100 at a time; within one mailbox the runner probes one
 * thing after another, so no mailbox opens more than one of Exchange's 3 concurrent SMTP
 * connections. Target: under 15 s in all. Prints JSON. The probe messages go to the shared
 * mailboxes themselves.
 */
import { readFileSync } from 'node:fs';
import type { TokenSource } from '../src/probes/identity.js';
import type { MailEndpoints } from '../src/probes/mail.js';
import type { PlannedProbe } from '../src/probes/plan.js';
import { runProbes } from '../src/probes/run.js';
import { adminCalls, percentile, provisionMailUsers, startBenchEmulator } from './harness.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 100);
const DELEGATES = Math.ceil(MAILBOXES / 2);
const LATENCY_MS = 25;

const emulator = await startBenchEmulator({ concurrency: 4 });
try {
  const { tokens } = await provisionMailUsers(emulator, DELEGATES);
  const { exo } = await adminCalls(emulator);
  const shared = (index: number): string => `shared${index}@contoso.com`;
  const delegate = (index: number): string => `user${index % DELEGATES}@contoso.com`;
  for (let index = 0; index < MAILBOXES; index += 1) {
    await exo('New-Mailbox', { Shared: true, Name: `shared${index}`, PrimarySmtpAddress: shared(index) });
    await exo('Add-MailboxPermission', { Identity: shared(index), User: delegate(index), AccessRights: ['FullAccess'], AutoMapping: false });
    await exo('Add-RecipientPermission', { Identity: shared(index), Trustee: delegate(index), AccessRights: ['SendAs'], Confirm: false });
  }
  await emulator.control('PUT', 'settings', { latencyMs: LATENCY_MS });

  const endpoints: MailEndpoints = {
    ca: readFileSync(emulator.env.NODE_EXTRA_CA_CERTS as string, 'utf8'),
    imap: { host: '127.0.0.1', port: Number((emulator.env.MBX_IMAP as string).split(':')[1]) },
    pop: { host: '127.0.0.1', port: Number((emulator.env.MBX_POP as string).split(':')[1]) },
    smtp: { host: '127.0.0.1', port: Number((emulator.env.MBX_SMTP as string).split(':')[1]) },
  };
  // Tokens issued during provisioning, as a pipeline would redeem them from its refresh tokens.
  const issued: TokenSource = {
    canSignIn: () => true,
    hasApp: false,
    delegate: async (address) => tokens[Number(/^user(\d+)@/.exec(address)?.[1])] as string,
    app: () => Promise.reject(new Error('no app in this benchmark')),
    clear: () => undefined,
  };
  const plan: PlannedProbe[] = Array.from({ length: MAILBOXES }, (_, index): PlannedProbe[] => {
    const base = { mailbox: shared(index), identity: 'delegate' as const, user: delegate(index), scopes: [], pointer: `/sharedMailboxes/${index}/clients/0` };
    return [
      { ...base, kind: 'imap', folders: ['Deleted Items', 'Junk Email', 'Sent Items'] },
      { ...base, kind: 'smtp', from: [shared(index)], onBehalf: false },
      { ...base, kind: 'round-trip', from: [shared(index)], onBehalf: false },
    ];
  }).flat();

  const started = performance.now();
  const results = await runProbes(plan, {
    tokens: issued,
    endpoints,
    graphUrl: emulator.env.MBX_GRAPH_URL as string,
    arrivalTimeoutMs: 10_000,
    concurrency: MAILBOXES,
  });
  const wallMs = Math.round(performance.now() - started);
  const mailboxes = [...results.values()];
  const failed = mailboxes.flatMap((outcome) =>
    outcome.runs.flatMap((run) =>
      run.ran
        ? run.actions.filter((action) => !action.outcome.ok).map((action) => ({ mailbox: run.probe.mailbox, label: action.label, outcome: action.outcome }))
        : [{ mailbox: run.probe.mailbox, label: run.message }],
    ),
  );
  const roundTrips = mailboxes
    .flatMap((outcome) => outcome.runs.flatMap((run) => (run.ran && run.roundTripMs !== undefined ? [run.roundTripMs] : [])))
    .sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        mailboxes: MAILBOXES,
        latencyMs: LATENCY_MS,
        passed: mailboxes.length - new Set(failed.map((failure) => failure.mailbox)).size,
        failed,
        // Every probe message has two copies (INBOX, Sent Items); the clean-up must remove both.
        cleanedUp: {
          sent: mailboxes.reduce((sum, outcome) => sum + outcome.cleanUp.sent, 0),
          removed: mailboxes.reduce((sum, outcome) => sum + outcome.cleanUp.removed, 0),
        },
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
