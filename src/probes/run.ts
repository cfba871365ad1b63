/**
 * Running the probe plan (issue 6): per shared mailbox, its probes in order (IMAP, POP, SMTP, the
 * round trip, Graph), each signed in as its identity, then one clean-up that deletes every probe
 * message from the mailbox, also when a probe failed halfway. Mailboxes run side by side, a few
 * at a time; within one mailbox the probes run one after another, so no mailbox ever holds more
 * than one of Exchange's three SMTP connections. The outcome is plain data the MBX.IMAP.1,
 * POP.1, SMTP.1, ROUNDTRIP.1 and GRAPH.1 checks read from the snapshot.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { RetryPolicy, TransientFailure } from '../m365/retry.js';
import { diagnose } from './diagnose.js';
import { probeGraph } from './graph.js';
import { scopeUrl, type TokenSource } from './identity.js';
import { awaitProbe, cleanUp, isTransientProbeError, probeImap, probeSmtp, serverAnswer, type MailEndpoints } from './mail.js';
import type { PlannedProbe } from './plan.js';
import type { Permission } from '../profiles/types.js';
import type { MailboxProbes, ProbeAction, ProbeOutcome, ProbeRun } from './types.js';
import { probePop } from './pop.js';
import { sweep } from './sweep.js';

export interface ProbeContext {
  readonly tokens: TokenSource;
  readonly endpoints: MailEndpoints;
  readonly graphUrl: string;
  /** How long a sent probe message may take to arrive (Exchange usually delivers within seconds). */
  readonly arrivalTimeoutMs: number;
  /** Mailboxes probed at once. */
  readonly concurrency: number;
  /** The run's retry policy: transient refusals are tried again within its attempts and budget. */
  readonly retry?: RetryPolicy;
}

const EXCHANGE_RESOURCE = 'https://outlook.office365.com';
const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** A failed sign-in as the first action of a probe: Entra's words (or the network's), diagnosed. */
function refused(error: unknown): ProbeAction {
  const cause = error instanceof TransientFailure ? error.cause : error;
  const answer = cause instanceof Error ? cause.message : String(cause);
  const diagnosis = diagnose(answer);
  const attempts = error instanceof TransientFailure ? { attempts: error.attempts } : {};
  return {
    label: 'sign in',
    outcome: {
      ok: false,
      steps: [],
      step: 'sign in',
      answer,
      diagnosis,
      ...(diagnosis.transient || error instanceof TransientFailure ? { transient: true } : {}),
      ...attempts,
    },
  };
}

/**
 * Do one probe action under the run's retry policy: an outcome that is transient (a throttle, a
 * 4xx reply, a dropped connection) is tried again after the server's backoff or the policy's, as
 * long as the attempts and the run's budget allow; the last outcome says how many tries it took.
 */
async function tried(context: Probing, action: () => Promise<ProbeOutcome>): Promise<ProbeOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await action();
    if (outcome.ok || outcome.transient !== true || !(await context.retry.backoff(attempt, outcome.retryAfterMs)))
      return outcome.ok || attempt === 1 ? outcome : { ...outcome, attempts: attempt };
  }
}

function tokenFor(probe: PlannedProbe, context: ProbeContext): Promise<string> {
  if (probe.identity === 'app') return context.tokens.app(probe.kind === 'graph' ? GRAPH_RESOURCE : EXCHANGE_RESOURCE);
  return context.tokens.delegate(probe.user ?? '', probe.scopes.map(scopeUrl));
}

/** The context a mailbox's probes run in, with its retry policy settled. */
type Probing = ProbeContext & { readonly retry: RetryPolicy };

/** Why a probe cannot sign in without trying: no secret for its identity and no one to ask. */
function missingCredentials(probe: PlannedProbe, context: ProbeContext): string | undefined {
  if (probe.identity === 'app')
    return context.tokens.hasApp
      ? undefined
      : `MBX_PROBE_CREDENTIALS holds no client secret or certificate for the app, so the ${probe.kind} probe of ${probe.mailbox} cannot sign in as it.`;
  if (probe.user === undefined) return `The client of ${probe.mailbox} names no user to sign in as.`;
  return context.tokens.canSignIn(probe.user)
    ? undefined
    : `MBX_PROBE_CREDENTIALS holds no refresh token for ${probe.user}, so the ${probe.kind} probe of ${probe.mailbox} cannot sign in as the client does.`;
}

/**
 * Probe one mailbox: its planned probes in order, then the clean-up. `carried` are probe ids an
 * earlier try (--settle) could not delete: this try's clean-up deletes them too where it can.
 */
export async function probeMailbox(
  mailbox: string,
  probes: readonly PlannedProbe[],
  given: ProbeContext,
  tries = 1,
  carried: readonly string[] = [],
): Promise<MailboxProbes> {
  // One policy for every action and the clean-up, the caller's or, when it brings none (the benchmark), one of the mailbox's own.
  const context: Probing = { ...given, retry: given.retry ?? new RetryPolicy() };
  const { endpoints } = context;
  const runs: ProbeRun[] = [];
  /** Probe ids the server accepted over SMTP or Graph: the clean-up awaits and deletes each. */
  const sent: string[] = [];
  /** Probe ids of sends that failed where the server may have accepted them (or an earlier try left): the clean-up deletes any copy it finds. */
  const unsure: string[] = [...carried];
  let smtpToMailbox: { probeId: string; submitMs: number } | undefined;
  let smtpFailed = false;
  /** Probe ids sent over SMTP as a delegate, by delegate: Exchange keeps a copy in the delegate's own Sent Items. */
  const ownCopies = new Map<string, { readonly ids: string[]; readonly scopes: readonly Permission[] }>();
  const keepOwnCopy = (probe: PlannedProbe, probeId: string): void => {
    if (probe.login === undefined || probe.login === mailbox) return;
    const entry = ownCopies.get(probe.login) ?? { ids: [], scopes: probe.cleanUpScopes ?? [] };
    entry.ids.push(probeId);
    ownCopies.set(probe.login, entry);
  };
  /** Who can delete the probe messages: the IMAP client's token, else a Graph client's. */
  let imapReader: string | undefined;
  let graphReader: string | undefined;
  /** A reader's token whose probe could not get a verdict (a throttle, a drop): the clean-up still tries it. */
  let imapFallback: string | undefined;
  let graphFallback: string | undefined;
  /** The clients that read the mailbox and were refused for good: why no token may delete what was sent. */
  const refusedReaders: string[] = [];
  const reader = (probe: PlannedProbe): string =>
    `${probe.identity === 'app' ? 'the app' : (probe.user ?? 'the delegate')} over ${probe.kind === 'imap' ? 'IMAP' : 'Graph'}`;

  for (const probe of probes) {
    if (probe.kind === 'round-trip') {
      // The round trip needs the IMAP login to read with and a sendable message first.
      if (imapReader === undefined) {
        runs.push({
          probe,
          ran: false,
          reason: 'depends-on',
          message: `The round trip awaits the probe message over IMAP; MBX.IMAP.1 reports why ${mailbox} could not be opened (a POP-only client's round trip is not awaited yet).`,
        });
        continue;
      }
      if (smtpFailed) {
        runs.push({ probe, ran: false, reason: 'depends-on', message: `MBX.SMTP.1 reports why the probe message could not be sent to ${mailbox}.` });
        continue;
      }
    }
    const missing = missingCredentials(probe, context);
    if (missing !== undefined) {
      runs.push({ probe, ran: false, reason: 'no-probe-credentials', message: missing });
      continue;
    }
    let token: string;
    try {
      token = await tokenFor(probe, context);
    } catch (error) {
      // Entra's refusal (TokenRefused) or no answer at all: either way the client could not sign in.
      runs.push({ probe, ran: true, actions: [refused(error)] });
      if (probe.kind === 'imap' || (probe.kind === 'graph' && probe.reads === true)) refusedReaders.push(reader(probe));
      if (probe.kind === 'smtp') smtpFailed = true;
      continue;
    }
    if (probe.kind === 'imap') {
      const outcome = await tried(context, () => probeImap(endpoints, mailbox, token, probe.folders ?? [], context.retry));
      if (outcome.ok) imapReader = token;
      else if (outcome.transient === true || !outcome.diagnosis.definitive) imapFallback = token;
      else refusedReaders.push(reader(probe));
      runs.push({ probe, ran: true, actions: [{ label: 'log in, find the folders, open INBOX', outcome }] });
    } else if (probe.kind === 'pop') {
      runs.push({ probe, ran: true, actions: [{ label: 'log in, STAT, UIDL', outcome: await tried(context, () => probePop(endpoints, mailbox, token)) }] });
    } else if (probe.kind === 'smtp') {
      const actions: ProbeAction[] = [];
      for (const from of probe.from ?? []) {
        const message = probe.onBehalf === true ? { from, sender: probe.user, to: mailbox } : { from, to: mailbox };
        const { outcome, probeId } = await sendOverSmtp(context, probe.login ?? mailbox, token, message, unsure);
        // Every id tried: a try the server took before the line fell leaves a copy whatever the outcome says.
        keepOwnCopy(probe, probeId);
        if (outcome.ok) {
          sent.push(probeId);
          if (from === mailbox) smtpToMailbox = { probeId, submitMs: outcome.steps[0]?.ms ?? 0 };
        }
        actions.push({ label: `${probe.onBehalf === true ? 'send on behalf of' : 'send as'} ${from}`, from, outcome });
      }
      // The round trip follows the message from the shared address; a refused alias does not stop it.
      smtpFailed = smtpToMailbox === undefined;
      runs.push({ probe, ran: true, actions });
    } else if (probe.kind === 'round-trip') {
      runs.push(await roundTrip(probe, token, imapReader ?? token, smtpToMailbox, context, sent, unsure, (probeId) => keepOwnCopy(probe, probeId)));
    } else {
      const actions: ProbeAction[] = [];
      if (probe.reads === true) {
        const outcome = await probeGraph(context.graphUrl, mailbox, token, { reads: true, from: [], retry: context.retry });
        if (outcome.ok) graphReader = token;
        else if (outcome.transient === true || !outcome.diagnosis.definitive) graphFallback = token;
        else refusedReaders.push(reader(probe));
        actions.push({ label: 'list its messages through Graph', outcome });
      }
      // One send per From address, as SMTP does, so each refusal names its address.
      for (const from of probe.from ?? []) {
        const outcome = await probeGraph(context.graphUrl, mailbox, token, { reads: false, from: [from], retry: context.retry });
        const ids = (outcome.detail?.probeIds as string[] | undefined) ?? [];
        // A send Graph refused for good was not accepted; one that failed transiently may have been.
        if (outcome.ok) sent.push(...ids);
        else if (outcome.transient === true) unsure.push(...ids);
        actions.push({ label: `send from ${from} through Graph`, from, outcome });
      }
      runs.push({ probe, ran: true, actions });
    }
  }
  const swept = await sweep(
    mailbox,
    sent,
    unsure,
    imapReader ?? (graphReader === undefined ? imapFallback : undefined),
    graphReader ?? graphFallback,
    context,
    refusedReaders,
  );
  return { runs, tries, cleanUp: await sweepOwnCopies(ownCopies, swept, context) };
}

/**
 * Delete the copies Exchange keeps in each delegate's own Sent Items of what it sent over SMTP as
 * itself (an SMTP AUTH submission is saved to the signed-in mailbox's Sent Items), over IMAP to the
 * delegate's own mailbox with a token for the scope that allows it; where the app's consent holds
 * none, or the delegate's mailbox refuses, the problem names what is left and where.
 */
async function sweepOwnCopies(
  ownCopies: ReadonlyMap<string, { readonly ids: readonly string[]; readonly scopes: readonly Permission[] }>,
  swept: MailboxProbes['cleanUp'],
  context: Probing,
): Promise<MailboxProbes['cleanUp']> {
  let removed = swept.removed;
  const problems = swept.problem === undefined ? [] : [swept.problem];
  const left = [...(swept.left ?? [])];
  for (const [delegate, { ids, scopes }] of ownCopies) {
    const by = `delete the messages with the subject "mbx probe <id>" from ${delegate}'s Sent Items by hand, for the ids ${ids.join(', ')}`;
    if (scopes.length === 0) {
      problems.push(
        `Exchange keeps a copy of each SMTP submission in the signing-in mailbox's Sent Items, and the app's consent holds no scope that lets mbx delete from ${delegate}'s own mailbox (IMAP.AccessAsUser.All); ${by}.`,
      );
      left.push(...ids);
      continue;
    }
    try {
      const token = await context.tokens.delegate(delegate, scopes.map(scopeUrl));
      const sweepWith = (policy: RetryPolicy): Promise<number> =>
        // As many tries as the mailbox's clean-up: litter left is worse than a probe that gives up.
        policy.run(
          () => cleanUp(context.endpoints, delegate, token, ids, { folders: ['Sent Items'], retry: policy }),
          (error) => ({ transient: isTransientProbeError(error) }),
          undefined,
          policy.maxAttempts * 2,
        );
      // A second round on a policy of its own, after the run's has given up (its pauses and budget are the
      // run's): a copy left in a person's own mailbox is litter nobody looks for.
      removed += await sweepWith(context.retry).catch((error: unknown) => {
        if (!isTransientProbeError(error instanceof TransientFailure ? error.cause : error)) throw error;
        return sweepWith(new RetryPolicy());
      });
    } catch (error) {
      problems.push(`The clean-up of ${delegate}'s Sent Items failed (${serverAnswer(error instanceof TransientFailure ? error.cause : error)}); ${by}.`);
      left.push(...ids);
    }
  }
  return {
    removed,
    sent: swept.sent,
    ...(problems.length === 0 ? {} : { problem: problems.join(' ') }),
    ...(left.length === 0 ? {} : { left: [...new Set(left)] }),
  };
}

/**
 * One probe message over SMTP under the retry policy. Every try carries the same probe id: a 4xx
 * reply means the server did not take the message (RFC 5321), but a connection lost after the
 * data was sent may hide an acceptance, so such an id is kept for the clean-up, and the round trip
 * counts the id once however many copies arrive.
 */
async function sendOverSmtp(
  context: Probing,
  login: string,
  token: string,
  message: Parameters<typeof probeSmtp>[3],
  unsure: string[],
): Promise<{ outcome: ProbeOutcome; probeId: string }> {
  const probeId = randomUUID();
  let maybeAccepted = false;
  const outcome = await tried(context, async () => {
    const attempt = await probeSmtp(context.endpoints, login, token, message, probeId);
    if (!attempt.ok && attempt.transient === true && attempt.detail?.afterData === true) maybeAccepted = true;
    return attempt;
  });
  if (!outcome.ok && maybeAccepted) unsure.push(probeId);
  return { outcome, probeId };
}

async function roundTrip(
  probe: PlannedProbe,
  token: string,
  imapReader: string,
  smtpToMailbox: { probeId: string; submitMs: number } | undefined,
  context: Probing,
  sent: string[],
  unsure: string[],
  keepOwnCopy: (probeId: string) => void,
): Promise<ProbeRun> {
  const { endpoints, arrivalTimeoutMs } = context;
  const mailbox = probe.mailbox;
  let message = smtpToMailbox;
  const actions: ProbeAction[] = [];
  if (message === undefined) {
    const { outcome, probeId } = await sendOverSmtp(
      context,
      probe.login ?? mailbox,
      token,
      probe.onBehalf === true ? { from: mailbox, sender: probe.user, to: mailbox } : { from: mailbox, to: mailbox },
      unsure,
    );
    actions.push({ label: `send as ${mailbox}`, from: mailbox, outcome });
    keepOwnCopy(probeId);
    if (!outcome.ok) return { probe, ran: true, actions };
    message = { probeId, submitMs: outcome.steps[0]?.ms ?? 0 };
    sent.push(message.probeId);
  }
  const started = performance.now();
  const probeId = message.probeId;
  const outcome = await tried(context, () =>
    awaitProbe(endpoints, mailbox, imapReader, probeId, { timeoutMs: arrivalTimeoutMs, sentItemsCopy: probe.sentItemsCopy === true, retry: context.retry }),
  );
  if (!outcome.ok) {
    actions.push({ label: 'receive the probe message', outcome });
    return { probe, ran: true, actions };
  }
  const awaited = outcome.steps.find((step) => step.name === 'await the probe message')?.ms ?? performance.now() - started;
  const roundTripMs = Math.round(message.submitMs + awaited);
  actions.push({ label: 'receive the probe message', outcome: { ...outcome, detail: { ...outcome.detail, roundTripMs } } });
  return { probe, ran: true, actions, roundTripMs };
}

/** Run the plan: every mailbox's probes, `concurrency` mailboxes at a time; `carried`: ids earlier tries left, by mailbox. */
export async function runProbes(
  plan: readonly PlannedProbe[],
  context: ProbeContext,
  carried: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<Map<string, MailboxProbes>> {
  const byMailbox = new Map<string, PlannedProbe[]>();
  for (const probe of plan) byMailbox.set(probe.mailbox, [...(byMailbox.get(probe.mailbox) ?? []), probe]);
  const limit = pLimit(context.concurrency);
  const done = await Promise.all(
    [...byMailbox].map(([mailbox, probes]) => limit(async () => [mailbox, await probeMailbox(mailbox, probes, context, 1, carried.get(mailbox))] as const)),
  );
  return new Map(done);
}
