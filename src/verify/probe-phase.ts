/**
 * The probe phase of `mbx verify` (issue 6): after the collectors, run the live probes the spec
 * calls for (as --only, --skip, --shard and --mailbox select them), and with --settle probe again,
 * with backoff, every mailbox whose results are `pending` until they hold or the time is up. The
 * probes sign in through the spec's app as the tenant shows it; without it they do not start.
 */
import { CHECKS as CATALOGUE } from '../../checks/catalogue.js';
import type { Check } from '../../checks/check.js';
import type { Endpoints } from '../m365/endpoints.js';
import { loadProbeCredentials, ProbeTokens } from '../probes/identity.js';
import { mailEndpointsFrom, type MailEndpoints } from '../probes/mail.js';
import { planProbes, type PlannedProbe } from '../probes/plan.js';
import { runProbes, type MailboxProbes, type ProbeContext } from '../probes/run.js';
import type { ProbeKind } from '../profiles/types.js';
import type { Spec } from '../spec/types.js';
import { evaluate, selects, type RunOptions, type Selection } from './runner.js';
import type { Ledger, TenantSnapshot } from './snapshot.js';

/** The check that reports each kind of probe. */
export const PROBE_CHECKS: Readonly<Record<ProbeKind, string>> = { imap: 'MBX.IMAP.1', pop: 'MBX.POP.1', smtp: 'MBX.SMTP.1', 'round-trip': 'MBX.ROUNDTRIP.1', graph: 'MBX.GRAPH.1' };

export const isProbeCheck = (id: string): boolean => Object.values(PROBE_CHECKS).includes(id);

export interface ProbePhaseOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly endpoints: Endpoints;
  readonly tenantId: string;
  /** The run's options: its selection (--only, --skip, --shard, --mailbox) decides which probes act. */
  readonly run: RunOptions;
  /** Probe again, with backoff, while results are pending, for up to this long. */
  readonly settleMs?: number;
  /** How long a probe message may take to arrive; a minute by default. */
  readonly arrivalTimeoutMs?: number;
  /** Mailboxes probed at once. */
  readonly concurrency?: number;
  /** A device-code prompt for delegates the credentials file lacks; only where a person watches. */
  readonly deviceCode?: (message: string) => void;
  /** A CA to trust besides Node's, for the mail endpoints. */
  readonly ca?: string;
}

/** The probes the selection keeps; the round trip brings its IMAP login along, which it reads with. */
function selectedPlan(spec: Spec, selection: Selection): PlannedProbe[] {
  const kept = (probe: PlannedProbe): boolean => {
    const entry = CATALOGUE.find((candidate) => candidate.id === PROBE_CHECKS[probe.kind]);
    return entry !== undefined && selects(selection, entry, probe.mailbox);
  };
  const plan = planProbes(spec);
  const roundTrips = new Set(plan.filter((probe) => probe.kind === 'round-trip' && kept(probe)).map((probe) => probe.mailbox));
  return plan.filter((probe) => kept(probe) || (probe.kind === 'imap' && roundTrips.has(probe.mailbox)));
}

/** Every planned probe as not started, with why. */
function notStarted(plan: readonly PlannedProbe[], message: string): Map<string, MailboxProbes> {
  const byMailbox = new Map<string, MailboxProbes>();
  for (const probe of plan) {
    const runs = [...(byMailbox.get(probe.mailbox)?.runs ?? []), { probe, ran: false as const, reason: 'depends-on' as const, message }];
    byMailbox.set(probe.mailbox, { runs, tries: 0, cleanUp: { removed: 0, sent: 0 } });
  }
  return byMailbox;
}

export async function probePhase(spec: Spec, snapshot: TenantSnapshot, ledger: Ledger, checks: readonly Check[], options: ProbePhaseOptions): Promise<Map<string, MailboxProbes>> {
  const plan = selectedPlan(spec, options.run);
  if (plan.length === 0) return new Map();
  const credentials = loadProbeCredentials(options.env);
  const app = snapshot.app;
  if (app === undefined) return notStarted(plan, `The probes sign in through the spec's app as the mail software does; MBX.APP.1 reports why it was not found.`);
  const mail: MailEndpoints = { ...mailEndpointsFrom(options.env), ...(options.ca === undefined ? {} : { ca: options.ca }) };
  const tokens = new ProbeTokens(credentials, options.endpoints, options.tenantId, app.appId, options.deviceCode === undefined ? {} : { deviceCode: options.deviceCode });
  const context: ProbeContext = { tokens, endpoints: mail, graphUrl: options.endpoints.graphUrl, arrivalTimeoutMs: options.arrivalTimeoutMs ?? 60_000, concurrency: options.concurrency ?? 8 };
  const probes = await runProbes(plan, context);

  const settleMs = options.settleMs ?? 0;
  const deadline = Date.now() + settleMs;
  // Backoff from a fraction of the settle time (at most 15 s), doubling to at most 5 minutes.
  let backoff = Math.min(15_000, Math.max(500, settleMs / 8));
  const probeChecks = checks.filter((check) => isProbeCheck(check.id));
  const probed: Ledger = new Map([...ledger, ['probes', { ok: true }]]);
  for (let tries = 2; settleMs > 0; tries += 1) {
    const results = evaluate(spec, { ...snapshot, probes }, probed, probeChecks, options.run);
    const pending = new Set(results.filter((result) => result.status === 'pending').map((result) => result.mailbox as string));
    const left = deadline - Date.now();
    if (pending.size === 0 || left <= 0) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(backoff, left)));
    backoff = Math.min(backoff * 2, 300_000);
    tokens.clear();
    const again = await runProbes(plan.filter((probe) => pending.has(probe.mailbox)), context);
    for (const [mailbox, outcome] of again) probes.set(mailbox, { ...outcome, tries });
  }
  return probes;
}
