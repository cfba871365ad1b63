/**
 * npm run bench:verify: how fast and how lean `mbx verify` collects a big tenant (issue 4).
 * 2,000 shared mailboxes with three Full Access delegates (and two Send As) each, the emulator
 * adding 25 ms to every request and capping Exchange at 8 concurrent requests per app, as
 * Exchange Online throttles. Targets:
 *   - requests: at most 1.1 per mailbox plus a constant;
 *   - wall time within 1.25 x the bound latency and the cap impose (requests x 25 ms / 8);
 *   - at least 25 x faster than a naive sequential per-mailbox collector in the same run (measured
 *     on the first 100 mailboxes and scaled: being sequential, it is linear in the mailboxes);
 *   - under 300 MB resident for mbx verify at 10,000 mailboxes (a second emulator, no latency).
 * Each run is a child process (bench/verify-worker.ts). Prints JSON.
 * MBX_BENCH_MAILBOXES, MBX_BENCH_NAIVE and MBX_BENCH_MEMORY_MAILBOXES change the sizes.
 */
import { rmSync } from 'node:fs';
import { benchDir, EXCHANGE_CAP, LATENCY_MS, measure } from './verify-run.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 2_000);
const NAIVE = Number(process.env.MBX_BENCH_NAIVE ?? 100);
const MEMORY_MAILBOXES = Number(process.env.MBX_BENCH_MEMORY_MAILBOXES ?? 10_000);
try {
  const timed = await measure(MAILBOXES, LATENCY_MS, NAIVE);
  const requests = (timed.mbx.requests as { total: number }).total;
  const boundMs = (requests * LATENCY_MS) / EXCHANGE_CAP;
  const verifyMs = timed.mbx.verifyMs as number;
  const naive = timed.sequential as { mailboxes: number; ms: number };
  const naiveMs = (naive.ms / naive.mailboxes) * MAILBOXES;
  const memory = await measure(MEMORY_MAILBOXES, 0, 0);
  // The same tenant drifted (IMAP and POP left on): two findings per mailbox, timed as the green one.
  const drifted = await measure(MAILBOXES, LATENCY_MS, 0, true);
  const summary = (run: Record<string, unknown>) => run.summary as { fail: number; error: number; warn: number };
  const green = (run: Record<string, unknown>) => summary(run).fail === 0 && summary(run).error === 0 && summary(run).warn === 0;
  const figures = {
    tenant: {
      sharedMailboxes: MAILBOXES,
      fullAccessPerMailbox: 3,
      sendAsPerMailbox: 2,
      latencyMs: LATENCY_MS,
      exchangeConcurrencyCap: EXCHANGE_CAP,
      loadMs: timed.loadMs,
    },
    mbxVerify: timed.mbx,
    requestsPerMailbox: Number((requests / MAILBOXES).toFixed(3)),
    boundMs: Math.round(boundMs),
    wallOverBound: Number((verifyMs / boundMs).toFixed(3)),
    naiveSequential: { measuredMailboxes: naive.mailboxes, measuredMs: naive.ms, scaledMs: Math.round(naiveMs), requests: naive.mailboxes * 5 },
    speedupOverNaive: Number((naiveMs / verifyMs).toFixed(1)),
    memoryAt: { sharedMailboxes: MEMORY_MAILBOXES, mbxVerify: memory.mbx, emulatorMemoryMB: memory.emulatorMemoryMB },
    drifted: {
      sharedMailboxes: MAILBOXES,
      fails: summary(drifted.mbx).fail,
      failsPerMailbox: Number((summary(drifted.mbx).fail / MAILBOXES).toFixed(2)),
      verifyMs: drifted.mbx.verifyMs,
      wallOverBound: Number(((drifted.mbx.verifyMs as number) / (((drifted.mbx.requests as { total: number }).total * LATENCY_MS) / EXCHANGE_CAP)).toFixed(3)),
      maxResidentMB: drifted.mbx.maxResidentMB,
    },
    targets: { green: 'the tenant matches its spec', requestsPerMailbox: '<= 1.1 + constant', wallOverBound: 1.25, speedupOverNaive: 25, maxResidentMB: 300 },
    met: {
      green: green(timed.mbx) && green(memory.mbx),
      requests: requests <= MAILBOXES * 1.1 + 20,
      wall: verifyMs <= boundMs * 1.25,
      speedup: naiveMs / verifyMs >= 25,
      memory: (memory.mbx.maxResidentMB as number) < 300,
    },
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  rmSync(benchDir, { recursive: true, force: true });
}
