/**
 * npm run bench:shards: a big tenant verified in ten shards (`mbx verify --shard i/10`, one after
 * another, as ten pipeline jobs sharing the app's Exchange throttle would) and the shards' JSON
 * reports combined by `mbx report merge` (issue 21). bench:verify's setup (25 ms latency, Exchange
 * capped at 8); MBX_BENCH_MAILBOXES (default 10,000) and MBX_BENCH_SHARDS (default 10) change it.
 * Prints JSON: each shard's time, requests and peak memory, and the merge's.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadTenant, startBenchEmulator } from './harness.js';
import { benchDir, EXCHANGE_CAP, LATENCY_MS, shape, worker, writeSpec } from './verify-run.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const SHARDS = Number(process.env.MBX_BENCH_SHARDS ?? 10);

const emulator = await startBenchEmulator({ concurrency: 4 });
try {
  const tenant = shape(MAILBOXES);
  await loadTenant(emulator, tenant);
  await emulator.control('PUT', 'settings', { latencyMs: LATENCY_MS });
  await emulator.control('PUT', 'faults', { rules: [{ id: 'exchange-cap', surface: 'exchange', concurrency: EXCHANGE_CAP, retryAfterSeconds: 1 }] });
  const spec = writeSpec(tenant);
  const shards: Record<string, unknown>[] = [];
  const files: string[] = [];
  for (let index = 1; index <= SHARDS; index += 1) {
    const file = join(benchDir, `shard-${index}.json`);
    files.push(file);
    shards.push({ shard: `${index}/${SHARDS}`, ...(await worker(emulator.env, ['shard', spec, String(index), String(SHARDS), file])) });
  }
  const merge = await worker({}, ['merge', join(benchDir, 'merged'), ...files]);
  const sum = (key: string): number => shards.reduce((total, shard) => total + (shard[key] as number), 0);
  console.log(
    JSON.stringify(
      {
        benchmark: 'verify-shards',
        sharedMailboxes: MAILBOXES,
        shards: SHARDS,
        latencyMs: LATENCY_MS,
        exchangeConcurrencyCap: EXCHANGE_CAP,
        perShard: shards,
        total: {
          verifyMs: sum('verifyMs'),
          requests: sum('requests'),
          results: sum('results'),
          maxResidentMB: Math.max(...shards.map((shard) => shard.maxResidentMB as number)),
        },
        merge,
        targets: { maxResidentMBPerProcess: 300 },
      },
      null,
      2,
    ),
  );
} finally {
  await emulator.stop();
  rmSync(benchDir, { recursive: true, force: true });
}
