/**
 * npm run bench:curve: how `mbx verify` scales (issue 21). For each size (MBX_BENCH_CURVE, default
 * 1,000, 2,000, 5,000, 10,000 and 20,000 shared mailboxes, each green against its spec), one run with
 * bench:verify's setup (25 ms added to every request, Exchange capped at 8 concurrent requests):
 * wall time, requests, the bound latency and the cap impose, resident memory, and each per mailbox.
 * Memory per mailbox is the resident peak above a 200-mailbox run's, divided by the mailboxes added.
 * Prints JSON.
 */
import { rmSync } from 'node:fs';
import { benchDir, EXCHANGE_CAP, LATENCY_MS, measure } from './verify-run.js';

const SIZES = (process.env.MBX_BENCH_CURVE ?? '1000,2000,5000,10000,20000').split(',').map(Number);
const BASELINE = 200;

interface Point {
  readonly mailboxes: number;
  readonly verifyMs: number;
  readonly requests: number;
  readonly requestsPerMailbox: number;
  readonly boundMs: number;
  readonly wallOverBound: number;
  readonly msPerMailbox: number;
  readonly maxResidentMB: number;
  readonly residentKBPerMailbox: number | null;
  readonly green: boolean;
}

try {
  const baseline = await measure(BASELINE, LATENCY_MS, 0);
  const baselineMB = baseline.mbx.maxResidentMB as number;
  const points: Point[] = [];
  for (const mailboxes of SIZES) {
    const { mbx } = await measure(mailboxes, LATENCY_MS, 0);
    const requests = (mbx.requests as { total: number }).total;
    const verifyMs = mbx.verifyMs as number;
    const boundMs = (requests * LATENCY_MS) / EXCHANGE_CAP;
    const summary = mbx.summary as { fail: number; error: number; warn: number };
    const residentMB = mbx.maxResidentMB as number;
    points.push({
      mailboxes,
      verifyMs,
      requests,
      requestsPerMailbox: Number((requests / mailboxes).toFixed(3)),
      boundMs: Math.round(boundMs),
      wallOverBound: Number((verifyMs / boundMs).toFixed(3)),
      msPerMailbox: Number((verifyMs / mailboxes).toFixed(2)),
      maxResidentMB: residentMB,
      residentKBPerMailbox: mailboxes > BASELINE ? Math.round(((residentMB - baselineMB) * 1024) / (mailboxes - BASELINE)) : null,
      green: summary.fail === 0 && summary.error === 0 && summary.warn === 0,
    });
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'verify-scaling',
        latencyMs: LATENCY_MS,
        exchangeConcurrencyCap: EXCHANGE_CAP,
        baseline: { mailboxes: BASELINE, maxResidentMB: baselineMB },
        points,
        targets: { wallOverBound: 1.25, requestsPerMailbox: '<= 1.1 + constant', maxResidentMBAt10000: 300, residentKBPerMailbox: 'flat from 1,000 to 20,000' },
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(benchDir, { recursive: true, force: true });
}
