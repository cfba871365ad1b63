/**
 * What bench:verify and bench:curve share: the bench tenant's shape, the spec that declares exactly
 * it, and one measured `mbx verify` run (bench/verify-worker.ts, a process of its own) against an
 * emulator holding that tenant, with the latency and the Exchange cap given.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { PACKAGE_ROOT } from '../src/paths.js';
import { delegateOf, loadTenant, startBenchEmulator, type TenantShape } from './harness.js';

export const LATENCY_MS = 25;
export const EXCHANGE_CAP = 8;
export const shape = (mailboxes: number, drifted = false): TenantShape => ({ mailboxes, delegates: 50, fullAccessPerMailbox: 3, sendAsPerMailbox: 2, drifted });

export const benchDir = mkdtempSync(join(tmpdir(), 'mbx-bench-verify-'));
const run = promisify(execFile);

/** A spec declaring exactly the tenant loadTenant makes. */
export function writeSpec(tenant: TenantShape): string {
  const spec = {
    version: 1,
    tenant: { primaryDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'] },
    users: Array.from({ length: tenant.delegates }, (_, index) => ({
      address: `delegate${index}@contoso.com`,
      licence: 'EXCHANGESTANDARD',
      usageLocation: 'DE',
    })),
    sharedMailboxes: Array.from({ length: tenant.mailboxes }, (_, index) => ({
      address: `shared${index}@contoso.com`,
      displayName: `Shared ${index}`,
      fullAccess: Array.from({ length: tenant.fullAccessPerMailbox }, (_, grant) => ({ trustee: delegateOf(tenant, index, grant), autoMapping: false })),
      sendAs: Array.from({ length: tenant.sendAsPerMailbox }, (_, grant) => delegateOf(tenant, index, grant)),
    })),
  };
  const file = join(benchDir, `spec-${tenant.mailboxes}${tenant.drifted === true ? '-drifted' : ''}.yaml`);
  writeFileSync(file, stringify(spec));
  return file;
}

export async function worker(env: Record<string, string>, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'verify-worker.js'), ...args], {
    // MBX_BENCH_WORKER_NODE_OPTIONS: node flags for the measured process only (a heap limit, say).
    env: {
      ...process.env,
      ...env,
      ...(process.env.MBX_BENCH_WORKER_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.MBX_BENCH_WORKER_NODE_OPTIONS }),
    },
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

export async function measure(mailboxes: number, latencyMs: number, naive: number, drifted = false) {
  const emulator = await startBenchEmulator({ concurrency: 4 });
  try {
    const tenant = shape(mailboxes, drifted);
    const loadMs = await loadTenant(emulator, tenant);
    await emulator.control('PUT', 'settings', { latencyMs });
    await emulator.control('PUT', 'faults', { rules: [{ id: 'exchange-cap', surface: 'exchange', concurrency: EXCHANGE_CAP, retryAfterSeconds: 1 }] });
    const spec = writeSpec(tenant);
    const mbx = await worker(emulator.env, ['mbx', spec]);
    const sequential = naive > 0 ? await worker(emulator.env, ['naive', spec, String(naive)]) : undefined;
    return { loadMs, mbx, sequential, emulatorMemoryMB: emulator.memoryMB() };
  } finally {
    await emulator.stop();
  }
}
