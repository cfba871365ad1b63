/**
 * `mbx verify` as a function: load the spec (an invalid one stops here, before any request),
 * connect with the credential factory, collect the snapshot, evaluate the checks, and return the
 * report. Rendering and the exit code belong to the CLI.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CHECKS } from '../../checks/index.js';
import { FileError } from '../errors.js';
import { createCredential, type CredentialOptions } from '../m365/credential.js';
import { endpointsFrom } from '../m365/endpoints.js';
import { ExchangeClient } from '../m365/exchange/client.js';
import { GraphClient } from '../m365/graph/client.js';
import { RequestStats } from '../m365/stats.js';
import { loadSpecText } from '../spec/load.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { collect } from './collect/index.js';
import { summarize, type Report } from './result.js';
import { probePhase, isProbeCheck } from './probe-phase.js';
import { evaluate, type RunOptions, type Shard } from './runner.js';

export interface VerifyOptions {
  readonly file: string;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly shard?: Shard;
  readonly now?: () => Date;
  readonly credential?: CredentialOptions;
  /** Requests the Exchange client keeps in flight (Exchange throttles per app). */
  readonly exchangeConcurrency?: number;
  /** Only these shared mailboxes (`mbx probe --mailbox`). */
  readonly mailboxes?: readonly string[];
  /** Only the live probes (`mbx probe`). */
  readonly probesOnly?: boolean;
  /** Run the live probes (default true; --no-probes turns them off). */
  readonly probes?: boolean;
  /** Probe again while results are pending, for up to this long (--settle). */
  readonly settleMs?: number;
  /** How long a probe message may take to arrive. */
  readonly arrivalTimeoutMs?: number;
  /** A device-code prompt for probe delegates the credentials file lacks (a person at a terminal). */
  readonly probeDeviceCode?: (message: string) => void;
  /** Hears how many mailboxes have been read, for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type VerifyOutcome = { readonly ok: false; readonly errors: readonly Diagnostic[] } | { readonly ok: true; readonly report: Report; readonly warnings: readonly Diagnostic[] };

export async function verify(options: VerifyOptions): Promise<VerifyOutcome> {
  const now = options.now ?? (() => new Date());
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (cause) {
    throw new FileError(options.file, cause);
  }
  const loaded = loadSpecText(text, options.file, { today: now() });
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const { spec } = loaded;

  const started = now();
  const endpoints = endpointsFrom(options.env);
  const credential = createCredential(options.env, endpoints, options.credential);
  const stats = new RequestStats();
  const clients = {
    graph: new GraphClient(credential.token, endpoints, stats),
    exchange: new ExchangeClient(credential.token, endpoints, credential.tenantId, stats, { concurrency: options.exchangeConcurrency ?? 8 }),
  };
  const collected = await collect(spec, clients, options.onProgress);
  const checks = CHECKS.filter((check) => (isProbeCheck(check.id) ? options.probes !== false : options.probesOnly !== true));
  const mailboxes = options.mailboxes?.map((address) => address.toLowerCase());
  const run: RunOptions = { now: started, only: options.only, skip: options.skip, shard: options.shard, ...(mailboxes === undefined ? {} : { mailboxes }), locate: loaded.locate };
  let { snapshot, ledger } = collected;
  if (options.probes !== false) {
    const probes = await probePhase(spec, snapshot, ledger, checks, {
      env: options.env,
      endpoints,
      tenantId: credential.tenantId,
      run,
      ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
      ...(options.arrivalTimeoutMs === undefined ? {} : { arrivalTimeoutMs: options.arrivalTimeoutMs }),
      ...(options.probeDeviceCode === undefined ? {} : { deviceCode: options.probeDeviceCode }),
    });
    snapshot = { ...snapshot, probes };
    ledger = new Map([...ledger, ['probes', { ok: true }]]);
  }
  const results = evaluate(spec, snapshot, ledger, checks, run);
  const report: Report = {
    reportVersion: 1,
    tool: { name: 'mbx', version: options.version },
    tenant: { id: credential.tenantId, primaryDomain: spec.tenant.primaryDomain },
    spec: { file: options.file, sha256: createHash('sha256').update(text).digest('hex') },
    startedAt: started.toISOString(),
    durationMs: now().getTime() - started.getTime(),
    requests: stats.snapshot(),
    sourceErrors: [...ledger].flatMap(([source, outcome]) => (outcome.ok ? [] : [{ source, error: outcome.error, ...(outcome.status === undefined ? {} : { status: outcome.status }), permission: outcome.permission }])),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    summary: summarize(results),
    results,
  };
  return { ok: true, report, warnings: loaded.warnings };
}
