/**
 * The fault matrix (issue 15): `mbx verify` with probes on a provisioned tenant, first without
 * faults (the baseline verdicts), then once per seed with faults at about `rate` on all six
 * surfaces (Entra, Graph, Exchange: 429 with Retry-After, 503, a dropped connection; IMAP, POP,
 * SMTP: a throttle and a dropped connection). A verdict may turn into `error` (could not check);
 * it must never turn from pass to fail or from fail to pass. Every run must write its report.
 * Shared by test/verify/fault-matrix.test.ts (fixed seeds) and `npm run bench:faults` (JSON figures).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyCommand } from '../src/cli/commands/verify.js';
import type { CheckResult } from '../src/verify/result.js';

export interface MatrixTenant {
  /** The environment `mbx emulator` prints, with MBX_PROBE_CREDENTIALS. */
  readonly env: NodeJS.ProcessEnv;
  /** Call the emulator's control API. */
  control(method: string, path: string, body?: unknown): Promise<Response>;
}

export interface SeedRun {
  readonly seed: number;
  readonly wallMs: number;
  readonly exitCode: number;
  /** Verdicts that changed from pass to fail or from fail to pass: must be none. */
  readonly flips: readonly string[];
  /** Results whose status is what the baseline's was. */
  readonly unchanged: number;
  readonly total: number;
  /** Results that became `error`, by their cause. */
  readonly errors: readonly string[];
  readonly reportWritten: boolean;
  /** Probe messages still in the tenant after the run, and the clean-up warnings that name them. */
  readonly leftovers: readonly string[];
  readonly cleanUpWarnings: readonly string[];
  /** Requests the emulator faulted, and requests sent again before their Retry-After. */
  readonly faulted: number;
  readonly earlyRetries: number;
  readonly retries: number;
}

/** Fault rules at about `rate` of the requests and commands of every surface, seeded. */
export function faultRules(seed: number, rate: number): unknown {
  const http = (['entra', 'graph', 'exchange'] as const).flatMap((surface) => [
    { id: `${surface}-429`, surface, probability: rate / 3, retryAfterSeconds: 1 },
    { id: `${surface}-503`, surface, probability: rate / 3, status: 503 },
    { id: `${surface}-drop`, surface, probability: rate / 3, drop: true },
  ]);
  const mail = (['imap', 'pop', 'smtp'] as const).flatMap((surface) => [
    { id: `${surface}-throttle`, surface, probability: rate / 2, retryAfterSeconds: 1 },
    { id: `${surface}-drop`, surface, probability: rate / 2, drop: true },
  ]);
  return { seed, rules: [...http, ...mail] };
}

const key = (result: CheckResult): string => `${result.checkId} ${result.mailbox ?? 'organization'} ${result.subject ?? ''}`.trim();

/** Probe messages left in the tenant (subject "mbx probe <id>"), each as mailbox/folder: subject. */
async function leftovers(tenant: MatrixTenant): Promise<string[]> {
  interface Item {
    id: string;
    mailboxId?: string;
    folderId?: string;
    displayName?: string;
    primarySmtpAddress?: string;
    summary?: { subject?: string };
  }
  const state = (await (await tenant.control('GET', 'state')).json()) as { tenants: { collections: Record<string, Item[]> }[] };
  return state.tenants.flatMap(({ collections }) => {
    const name = (items: Item[] | undefined, id: string | undefined): string =>
      items?.find((item) => item.id === id)?.primarySmtpAddress ?? items?.find((item) => item.id === id)?.displayName ?? String(id);
    return (collections.messages ?? [])
      .filter((message) => message.summary?.subject?.startsWith('mbx probe') === true)
      .map(
        (message) => `${name(collections.mailboxes, message.mailboxId)}/${name(collections.mailFolders, message.folderId)}: ${message.summary?.subject ?? ''}`,
      );
  });
}

async function verifyOnce(spec: string, tenant: MatrixTenant, outDir: string) {
  mkdirSync(outDir, { recursive: true });
  const started = performance.now();
  const result = await verifyCommand(spec, { format: 'json,junit', outDir, failOn: 'info' }, { env: tenant.env, version: 'matrix', colour: false });
  if (result.kind !== 'report') throw new Error(`${spec} is not valid`);
  return { result, wallMs: Math.round(performance.now() - started) };
}

export interface Baseline {
  readonly statuses: ReadonlyMap<string, string>;
  readonly wallMs: number;
}

export async function baseline(spec: string, tenant: MatrixTenant, outDir: string): Promise<Baseline> {
  await tenant.control('PUT', 'faults', { rules: [] });
  const { result, wallMs } = await verifyOnce(spec, tenant, join(outDir, 'baseline'));
  return { statuses: new Map([...result.report.results].map((found) => [key(found), found.status])), wallMs };
}

export async function seedRun(spec: string, tenant: MatrixTenant, base: Baseline, seed: number, rate: number, outDir: string): Promise<SeedRun> {
  await tenant.control('DELETE', 'counters');
  await tenant.control('PUT', 'faults', faultRules(seed, rate));
  const dir = join(outDir, `seed-${seed}`);
  let run: Awaited<ReturnType<typeof verifyOnce>>;
  try {
    run = await verifyOnce(spec, tenant, dir);
  } finally {
    await tenant.control('PUT', 'faults', { rules: [] });
  }
  const counters = (await (await tenant.control('GET', 'counters')).json()) as { operations: Record<string, { faults: number }>; earlyRetries: number };
  const { report } = run.result;
  const flips: string[] = [];
  const errors: string[] = [];
  let unchanged = 0;
  for (const found of report.results) {
    const before = base.statuses.get(key(found));
    if (before === found.status) unchanged += 1;
    if ((before === 'pass' && found.status === 'fail') || (before === 'fail' && found.status === 'pass'))
      flips.push(`${key(found)}: ${before} -> ${found.status}: ${found.message}`);
    if (found.status === 'error' && before !== 'error') errors.push(`${key(found)}: ${found.message}`);
  }
  const faulted = Object.values(counters.operations).reduce((sum, operation) => sum + operation.faults, 0);
  return {
    seed,
    wallMs: run.wallMs,
    exitCode: run.result.exitCode,
    flips,
    unchanged,
    total: report.results.length,
    errors,
    reportWritten:
      existsSync(join(dir, 'mbx-report.json')) &&
      existsSync(join(dir, 'mbx-report.junit.xml')) &&
      JSON.parse(readFileSync(join(dir, 'mbx-report.json'), 'utf8')).results.length === report.results.length,
    leftovers: await leftovers(tenant),
    cleanUpWarnings: report.results.notable.filter((found) => found.subject === 'clean-up').map((found) => `${found.mailbox ?? ''}: ${found.message}`),
    faulted,
    earlyRetries: counters.earlyRetries,
    retries: report.requests.retries,
  };
}

/** The seeds a run uses: MBX_FAULT_SEEDS (a comma list, or "random:N"), else the fixed ones. */
export function seedsFrom(env: NodeJS.ProcessEnv, fixed: readonly number[]): number[] {
  const given = env.MBX_FAULT_SEEDS;
  if (given === undefined || given === '') return [...fixed];
  const random = /^random:(\d+)$/.exec(given);
  if (random !== null) return Array.from({ length: Number(random[1]) }, () => Math.floor(Math.random() * 2 ** 31));
  return given.split(',').map((seed) => Number(seed.trim()));
}
