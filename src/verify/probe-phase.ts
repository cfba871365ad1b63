/**
 * The probe phase of `mbx verify` (issue 6): after the collectors, run the live probes the spec
 * calls for (as --only, --skip, --shard and --mailbox select them), and with --settle probe again,
 * with backoff, every mailbox whose results are `pending` until they hold or the time is up. The
 * probes sign in through the spec's app as the tenant shows it; without it they do not start.
 */
import { CATALOGUE } from '../../checks/catalogue.js';
import type { Check } from './model.js';
import { MbxError } from '../errors.js';
import type { Endpoints } from '../m365/endpoints.js';
import type { RetryPolicy } from '../m365/retry.js';
import { diagnose } from '../probes/diagnose.js';
import { loadProbeCredentials, ProbeTokens, type ProbeCredentials } from '../probes/identity.js';
import { mailEndpointsFrom, type MailEndpoints } from '../probes/mail.js';
import { planProbes, type PlannedProbe } from '../probes/plan.js';
import { runProbes, type ProbeContext } from '../probes/run.js';
import type { MailboxProbes } from '../probes/types.js';
import type { ProbeKind } from '../profiles/types.js';
import type { Spec } from '../spec/types.js';
import { evaluate, selects, type RunOptions, type Selection } from './runner.js';
import type { Ledger, TenantSnapshot } from './snapshot.js';

/** The check that reports each kind of probe. */
export const PROBE_CHECKS: Readonly<Record<ProbeKind, string>> = {
  imap: 'MBX.IMAP.1',
  pop: 'MBX.POP.1',
  smtp: 'MBX.SMTP.1',
  'round-trip': 'MBX.ROUNDTRIP.1',
  graph: 'MBX.GRAPH.1',
};

export const isProbeCheck = (id: string): boolean => Object.values(PROBE_CHECKS).includes(id);

export interface ProbePhaseOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly endpoints: Endpoints;
  readonly tenantId: string;
  /** The run's options: its selection (--only, --skip, --shard, --mailbox) decides which probes act. */
  readonly run: RunOptions;
  /** Probe again, with backoff, while results are pending, for up to this long. */
  readonly settleMs?: number;
  /** Hears, before each --settle wait, which mailboxes' probes are pending, how long until the next try, and how long --settle may still wait (ms). */
  readonly onSettle?: (pending: readonly string[], waitMs: number, leftMs: number) => void;
  /** How long a probe message may take to arrive; a minute by default. */
  readonly arrivalTimeoutMs?: number;
  /** Mailboxes probed at once. */
  readonly concurrency?: number;
  /** A device-code prompt for delegates the credentials file lacks; only where a person watches. */
  readonly deviceCode?: (message: string) => void;
  /** A CA to trust besides Node's, for the mail endpoints. */
  readonly ca?: string;
  /** The run's retry policy. */
  readonly retry?: RetryPolicy;
  /**
   * `mbx probe`: the connectivity gate. A declared mailbox or app that does not exist fails its
   * probes (the software has nothing to connect to) instead of leaving them to MBX.EXIST.1 and MBX.APP.1.
   */
  readonly gate?: boolean;
  /** The selected probes and their credentials, settled before the run's first request (prepareProbes). */
  readonly prepared: PreparedProbes;
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

/**
 * The identities the selected probes sign in as that the credentials cannot serve (none when a
 * person may sign delegates in with a device code): checked before any request, so a run that
 * cannot probe stops at once (PROBE_CREDENTIALS_MISSING, exit 2) instead of reporting skips.
 */
function missingProbeCredentials(plan: readonly PlannedProbe[], credentials: ProbeCredentials, deviceCode: boolean): string[] {
  const missing = new Set<string>();
  for (const probe of plan) {
    if (probe.identity === 'app' && credentials.app === undefined) missing.add('the app (/app: "certificatePath" or "clientSecret")');
    if (probe.identity === 'delegate' && probe.user !== undefined && !deviceCode && !credentials.delegates.has(probe.user.toLowerCase()))
      missing.add(`${probe.user} (/delegates/${probe.user}: "refreshToken")`);
  }
  return [...missing].sort();
}

/** The credentials the probes sign in with, refused with PROBE_CREDENTIALS_MISSING when a selected probe has none. */
function probeCredentialsFor(plan: readonly PlannedProbe[], env: NodeJS.ProcessEnv, deviceCode: boolean): ProbeCredentials {
  const credentials = loadProbeCredentials(env);
  const missing = missingProbeCredentials(plan, credentials, deviceCode);
  if (missing.length === 0) return credentials;
  const file = env.MBX_PROBE_CREDENTIALS;
  const where =
    file === undefined || file === ''
      ? 'MBX_PROBE_CREDENTIALS is not set'
      : `the file MBX_PROBE_CREDENTIALS names (${file}) has nothing for ${missing.join('; ')}`;
  throw new MbxError(
    'PROBE_CREDENTIALS_MISSING',
    `the probes sign in as each client does, and ${where}. Put the secrets in that file (docs/probes.md), leave the probes out with --no-probes (verify) or --skip, or sign delegates in with --device-code on a terminal`,
    { variable: 'MBX_PROBE_CREDENTIALS', missing },
  );
}

export interface PreparedProbes {
  readonly plan: readonly PlannedProbe[];
  readonly credentials: ProbeCredentials;
}

/** The probes the selection keeps, and the credentials they sign in with (PROBE_CREDENTIALS_MISSING when a selected probe has none). */
export function prepareProbes(spec: Spec, selection: Selection, env: NodeJS.ProcessEnv, deviceCode: boolean): PreparedProbes {
  const plan = selectedPlan(spec, selection);
  // The mail endpoints are read now, so a wrong MBX_IMAP, MBX_POP or MBX_SMTP is named before any request.
  if (plan.length > 0) mailEndpointsFrom(env);
  return { plan, credentials: plan.length === 0 ? { delegates: new Map() } : probeCredentialsFor(plan, env, deviceCode) };
}

/** Under `mbx probe`, a probe whose target does not exist: a definitive failure to connect, as the software would meet it. */
function nothingToConnectTo(plan: readonly PlannedProbe[], answer: string): Map<string, MailboxProbes> {
  const byMailbox = new Map<string, MailboxProbes>();
  const diagnosis = diagnose(answer);
  for (const probe of plan) {
    // Not a server's answer: the directory's. The step says so, and the answer is mbx's own sentence.
    const run = {
      probe,
      ran: true as const,
      actions: [{ label: 'connect', outcome: { ok: false as const, steps: [], step: 'look it up in the directory', answer, diagnosis } }],
    };
    byMailbox.set(probe.mailbox, { runs: [...(byMailbox.get(probe.mailbox)?.runs ?? []), run], tries: 0, cleanUp: { removed: 0, sent: 0 } });
  }
  return byMailbox;
}

export async function probePhase(
  spec: Spec,
  snapshot: TenantSnapshot,
  ledger: Ledger,
  checks: readonly Check[],
  options: ProbePhaseOptions,
): Promise<Map<string, MailboxProbes>> {
  const { plan: selected, credentials } = options.prepared;
  if (selected.length === 0) return new Map();
  const app = snapshot.app;
  const appsRead = ledger.get('graph.applications')?.ok === true;
  if (app === undefined) {
    if (options.gate === true && appsRead)
      return nothingToConnectTo(
        selected,
        `the tenant has no app registration named '${spec.app?.displayName ?? ''}', which the clients sign in through, so they cannot sign in (Entra would answer AADSTS700016; MBX.APP.1)`,
      );
    return notStarted(
      selected,
      appsRead
        ? `The probes sign in through the spec's app as the mail software does; MBX.APP.1 reports why it was not found.`
        : `The app registrations could not be read, so the probes do not know the app's client id to sign in with; see the run's source errors.`,
    );
  }
  // A declared mailbox that does not exist: under the gate its probes fail; otherwise MBX.EXIST.1 says so and they are skipped.
  const mailboxesRead = ledger.get('exchange.mailboxes')?.ok === true;
  const absent = mailboxesRead ? selected.filter((probe) => !snapshot.mailboxes.has(probe.mailbox)) : [];
  const plan = selected.filter((probe) => !absent.includes(probe));
  const mail: MailEndpoints = { ...mailEndpointsFrom(options.env), ...(options.ca === undefined ? {} : { ca: options.ca }) };
  const retry = options.retry === undefined ? {} : { retry: options.retry };
  const tokens = new ProbeTokens(credentials, options.endpoints, options.tenantId, app.appId, {
    ...(options.deviceCode === undefined ? {} : { deviceCode: options.deviceCode }),
    ...retry,
  });
  const context: ProbeContext = {
    tokens,
    endpoints: mail,
    graphUrl: options.endpoints.graphUrl,
    arrivalTimeoutMs: options.arrivalTimeoutMs ?? 60_000,
    concurrency: options.concurrency ?? 8,
    ...retry,
  };
  const probes = await runProbes(plan, context);
  if (options.gate === true) {
    for (const [mailbox, outcome] of nothingToConnectTo(
      absent,
      'the shared mailbox does not exist in the tenant (Get-Mailbox finds none), so there is nothing to connect to (MBX.EXIST.1)',
    ))
      probes.set(mailbox, outcome);
  }

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
    const wait = Math.min(backoff, left);
    options.onSettle?.([...pending].sort(), wait, left);
    await new Promise((resolve) => setTimeout(resolve, wait));
    backoff = Math.min(backoff * 2, 300_000);
    tokens.clear();
    // What an earlier try could not delete (a message sent while the reader was still pending) goes with the next try's clean-up.
    const leftBehind = new Map([...pending].map((mailbox) => [mailbox, probes.get(mailbox)?.cleanUp.left ?? []]));
    const again = await runProbes(
      plan.filter((probe) => pending.has(probe.mailbox)),
      context,
      leftBehind,
    );
    for (const [mailbox, outcome] of again) probes.set(mailbox, { ...outcome, tries });
  }
  return probes;
}
