/**
 * `mbx verify` as a function: load the spec (an invalid one stops here, before any request),
 * connect with the credential factory, collect the snapshot, evaluate the checks, and return the
 * report. Rendering and the exit code belong to the CLI.
 */
import { createHash } from 'node:crypto';
import { CHECKS } from '../../checks/index.js';
import type { CredentialOptions } from '../m365/credential.js';
import { connect } from '../m365/connect.js';
import { enterTenant, runCredential } from '../m365/reach.js';
import { DEFAULT_BUDGET_MS, RetryPolicy } from '../m365/retry.js';
import { loadSpecText, readSpecText, specName } from '../spec/load.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { collect } from './collect/index.js';
import { RequestStats } from '../m365/stats.js';
import { runErrorOf, type AccessSection, type RunError } from './result.js';
import { accessModelOf } from '../access/index.js';
import { accessSection } from './access-section.js';
import type { Report } from './results.js';
import { EvaluatedResults, HeldResults, type Results } from './results.js';
import type { Ledger } from './snapshot.js';
import { isProbeCheck, prepareProbes, probePhase } from './probe-phase.js';
import { inShard, units, type RunOptions, type Shard } from './runner.js';
import { checkSelectors } from './selectors.js';
import { checkTenantIdentity } from './tenant.js';

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
  /** Hears, before each --settle wait, what it waits for (probe-phase.ts). */
  readonly onSettle?: (pending: readonly string[], waitMs: number, leftMs: number) => void;
  /** Hears how many mailboxes have been read, for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The run's time budget: no retry waits past it (--budget). */
  readonly budgetMs?: number;
  /** The retry policy, for tests that set its pace; by default one from budgetMs. */
  readonly retry?: RetryPolicy;
}

export type VerifyOutcome =
  | { readonly ok: false; readonly errors: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly report: Report;
      readonly warnings: readonly Diagnostic[];
      /** What stopped the run before it finished (named in the report's runErrors): the CLI's exit code comes from it. */
      readonly failure?: unknown;
    };

export async function verify(options: VerifyOptions): Promise<VerifyOutcome> {
  const now = options.now ?? (() => new Date());
  const text = await readSpecText(options.file);
  const loaded = loadSpecText(text, specName(options.file), { today: now() });
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const { spec } = loaded;

  const started = now();
  const mailboxes = options.mailboxes?.map((address) => address.toLowerCase());
  const run: RunOptions = {
    now: started,
    only: options.only,
    skip: options.skip,
    shard: options.shard,
    ...(mailboxes === undefined ? {} : { mailboxes }),
    locate: loaded.locate,
  };
  // Everything the user can get wrong locally is refused before the first request (exit 2).
  checkSelectors(spec, run);
  const probing = options.probes !== false;
  // The budget bounds the waits of the collection and the first probes; --settle's time comes on top.
  const policy = options.retry ?? new RetryPolicy({ budgetMs: (options.budgetMs ?? DEFAULT_BUDGET_MS) + (options.settleMs ?? 0) });
  const stats = new RequestStats();
  const reportOf = (tenantId: string, ledger: Ledger, results: Results, runErrors: readonly RunError[], access?: AccessSection): Report => ({
    reportVersion: 1,
    tool: { name: 'mbx', version: options.version },
    tenant: { id: tenantId, primaryDomain: spec.tenant.primaryDomain },
    spec: { file: specName(options.file), sha256: createHash('sha256').update(text).digest('hex') },
    startedAt: started.toISOString(),
    durationMs: now().getTime() - started.getTime(),
    requests: { ...stats.snapshot(), retries: policy.retries },
    sourceErrors: [...ledger].flatMap(([source, outcome]) =>
      outcome.ok ? [] : [{ source, error: outcome.error, ...(outcome.status === undefined ? {} : { status: outcome.status }), permission: outcome.permission }],
    ),
    ...(runErrors.length === 0 ? {} : { runErrors }),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(access === undefined ? {} : { access }),
    summary: results.summary,
    results,
  });

  // A run that cannot start or finish still reports (issue 29): every format is written with the
  // run-level error and whatever results exist, and the CLI exits with the error's code.
  let entered: ReturnType<typeof runCredential>;
  let collected: Awaited<ReturnType<typeof collect>>;
  let prepared: ReturnType<typeof prepareProbes> | undefined;
  try {
    // Whatever is wrong locally (the credential, the probes' secrets) is named before the first request.
    entered = runCredential(options.env, policy, options.credential);
    prepared = probing ? prepareProbes(spec, run, options.env, options.probeDeviceCode !== undefined) : undefined;
    // One look at the tenant, and one sign-in: a tenant out of reach is one run-level error, not one per check.
    const token = await enterTenant(entered.endpoints, entered.credential, policy);
    const clients = connect(token, entered.endpoints, entered.credential.tenantId, {
      exchangeConcurrency: options.exchangeConcurrency ?? 8,
      retry: policy,
      stats,
    });
    await checkTenantIdentity(clients.exchange, spec.tenant.primaryDomain, entered.credential.tenantId);
    // A shard reads Full Access of its own mailboxes, and the first shard (which runs the organization's
    // checks) also of those an app signs in to by itself, which MBX.APPSCOPE.3 holds to the app's grants.
    const shard = run.shard;
    collected = await collect(
      spec,
      clients,
      options.onProgress,
      shard === undefined
        ? undefined
        : (mailbox) =>
            inShard(shard, mailbox.address) ||
            (inShard(shard, undefined) && mailbox.clients.some((client) => client.modes.some((mode) => mode.identity === 'app'))),
    );
  } catch (error) {
    const report = reportOf(options.env.AZURE_TENANT_ID ?? '', new Map(), new HeldResults([]), [runErrorOf(error)]);
    return { ok: true, report, warnings: loaded.warnings, failure: error };
  }
  const { endpoints, credential } = entered;
  const checks = CHECKS.filter((check) => (isProbeCheck(check.id) ? probing : options.probesOnly !== true));
  let { snapshot, ledger } = collected;
  let failure: unknown;
  if (prepared !== undefined) {
    try {
      const probes = await probePhase(spec, snapshot, ledger, checks, {
        prepared,
        env: options.env,
        endpoints,
        tenantId: credential.tenantId,
        run,
        retry: policy,
        ...(options.probesOnly === true ? { gate: true } : {}),
        ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
        ...(options.onSettle === undefined ? {} : { onSettle: options.onSettle }),
        ...(options.arrivalTimeoutMs === undefined ? {} : { arrivalTimeoutMs: options.arrivalTimeoutMs }),
        ...(options.probeDeviceCode === undefined ? {} : { deviceCode: options.probeDeviceCode }),
      });
      snapshot = { ...snapshot, probes };
      ledger = new Map([...ledger, ['probes', { ok: true }]]);
    } catch (error) {
      // The configuration checks stand; the probes could not run, and say why.
      failure = error;
      ledger = new Map([...ledger, ['probes', { ok: false, error: runErrorOf(error).message, permission: '' }]]);
    }
  }
  // Counted and judged now; the passes and skips are produced again as each view is written (results.ts).
  const results = new EvaluatedResults(spec, units(spec, snapshot, ledger, checks, run));
  // Every way into the run's mailboxes (a shard: its own), as the auditor's section of the report.
  const shard = run.shard;
  const access = accessSection(accessModelOf(spec, snapshot), (mailbox) => shard === undefined || inShard(shard, mailbox));
  const report = reportOf(credential.tenantId, ledger, results, failure === undefined ? [] : [runErrorOf(failure)], access);
  return { ok: true, report, warnings: loaded.warnings, ...(failure === undefined ? {} : { failure }) };
}
