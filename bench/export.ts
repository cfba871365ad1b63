/**
 * npm run bench:export: how fast and how lean `mbx export` reads a big tenant (issue 19), on the
 * bench:verify setup: shared mailboxes with three Full Access delegates and two Send As each, the
 * emulator adding 25 ms to every request and capping Exchange at 8 concurrent requests. Targets:
 *   - requests: at most 1.1 per mailbox plus a constant;
 *   - wall time within 1.25 x the bound latency and the cap impose (requests x 25 ms / 8);
 *   - under 300 MB resident at 10,000 mailboxes (a second emulator, no latency).
 * MBX_BENCH_MAILBOXES (2,000) and MBX_BENCH_MEMORY_MAILBOXES (10,000) change the sizes. Prints JSON.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../src/paths.js';
import { loadTenant, startBenchEmulator, type TenantShape } from './harness.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 2_000);
const MEMORY_MAILBOXES = Number(process.env.MBX_BENCH_MEMORY_MAILBOXES ?? 10_000);
const LATENCY_MS = 25;
const EXCHANGE_CAP = 8;
const run = promisify(execFile);
const shape = (mailboxes: number): TenantShape => ({ mailboxes, delegates: 50, fullAccessPerMailbox: 3, sendAsPerMailbox: 2 });

async function measure(mailboxes: number, latencyMs: number): Promise<Record<string, unknown>> {
  const emulator = await startBenchEmulator({ concurrency: 4 });
  try {
    const loadMs = await loadTenant(emulator, shape(mailboxes));
    await emulator.control('PUT', 'settings', { latencyMs });
    await emulator.control('PUT', 'faults', { rules: [{ id: 'exchange-cap', surface: 'exchange', concurrency: EXCHANGE_CAP, retryAfterSeconds: 1 }] });
    const { stdout } = await run(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'export-worker.js')], {
      env: { ...process.env, ...emulator.env },
      maxBuffer: 1 << 24,
    });
    return { loadMs, ...(JSON.parse(stdout) as Record<string, unknown>), emulatorMemoryMB: emulator.memoryMB() };
  } finally {
    await emulator.stop();
  }
}

const timed = await measure(MAILBOXES, LATENCY_MS);
const requests = (timed.requests as { total: number }).total;
const boundMs = (requests * LATENCY_MS) / EXCHANGE_CAP;
const memory = await measure(MEMORY_MAILBOXES, 0);
console.log(
  JSON.stringify(
    {
      tenant: { sharedMailboxes: MAILBOXES, fullAccessPerMailbox: 3, sendAsPerMailbox: 2, latencyMs: LATENCY_MS, exchangeConcurrencyCap: EXCHANGE_CAP },
      mbxExport: timed,
      requestsPerMailbox: Number((requests / MAILBOXES).toFixed(3)),
      boundMs: Math.round(boundMs),
      wallOverBound: Number(((timed.exportMs as number) / boundMs).toFixed(3)),
      memoryAt: { sharedMailboxes: MEMORY_MAILBOXES, mbxExport: memory },
      targets: { requestsPerMailbox: '<= 1.1 + constant', wallOverBound: 1.25, maxResidentMB: 300 },
      met: {
        requests: requests <= MAILBOXES * 1.1 + 20,
        wall: (timed.exportMs as number) <= boundMs * 1.25,
        memory: (memory.maxResidentMB as number) < 300,
      },
    },
    null,
    2,
  ),
);
