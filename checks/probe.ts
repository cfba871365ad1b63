/**
 * What the probe checks (MBX.IMAP.1, POP.1, SMTP.1, ROUNDTRIP.1, GRAPH.1) share: each reads the
 * outcome of its probe from the snapshot and turns every action (a login, a send from one
 * address, the arrival) into a finding. A refusal is `fail` with the server's words and their
 * diagnosis, unless the directory already shows the grant the refusal is about: then it is
 * `pending`, for Microsoft documents that new grants take an hour or so to reach the protocols
 * (fidelity 5.6; resolve-issues-with-shared-mailboxes.md), and `--settle` retries until it holds.
 */
import type { ProbeKind } from '../src/profiles/types.js';
import type { ProbeAction, ProbeRun } from '../src/probes/types.js';
import type { SharedMailbox } from '../src/spec/types.js';
import { grantReaching, mailboxOf, type TenantSnapshot } from '../src/verify/snapshot.js';
import type { CheckInput, Finding, MailboxCheck } from '../src/verify/model.js';

/** The probe's identity as a report names it. */
export const who = (run: ProbeRun): string => (run.probe.identity === 'app' ? 'the app' : (run.probe.user ?? 'the delegate'));

/**
 * RBAC for Applications takes 30 minutes to 2 hours to reach the services (m365-late-2026.md, "Permissions
 * are additive"; Learn, "Role Based Access Control for Applications in Exchange Online", Limitations): a role
 * assignment older than that which still does not work will not start working by waiting.
 */
export const RBAC_PROPAGATION_MS = 2 * 3_600_000;

/**
 * The grant the directory shows for what the refusal is about, if it shows one the refusal can be
 * waiting for; else undefined. `pending` only where waiting can help (issue 29): never when the run
 * shows what the probe needs missing (an alias the mailbox no longer has, a role assignment removed),
 * nor when the grant is known to be older than Microsoft's documented propagation time.
 */
export function grantShown(run: ProbeRun, action: ProbeAction, mailbox: SharedMailbox, snapshot: TenantSnapshot, now: Date): string | undefined {
  if (action.outcome.ok || !action.outcome.diagnosis.mayBeReplication) return undefined;
  const facts = mailboxOf(snapshot, mailbox.address);
  const trustee = run.probe.identity === 'app' ? snapshot.app?.exchangeTrustee : run.probe.user;
  if (facts === undefined || trustee === undefined) return undefined;
  const allowed = (snapshot.fullAccess.get(mailbox.address) ?? []).filter((entry) => !entry.deny).map((entry) => entry.trustee);
  const fullAccess = grantReaching(snapshot, allowed, trustee) !== undefined;
  switch (action.outcome.diagnosis.code) {
    case 'send-as-denied': {
      const from = (action.from ?? mailbox.address).toLowerCase();
      // An address the mailbox does not hold (an alias removed) is refused for good: MBX.ALIASES.1 fails it in the same run.
      if (!facts.smtpAddresses.includes(from) && from !== facts.primaryAddress.toLowerCase()) return undefined;
      const aliasAllowed = from === facts.primaryAddress.toLowerCase() || snapshot.organization?.sendFromAliasEnabled === true;
      const right =
        run.probe.onBehalf === true
          ? grantReaching(snapshot, facts.grantSendOnBehalfTo, trustee) !== undefined && 'Send on Behalf'
          : grantReaching(snapshot, snapshot.sendAs.get(facts.name) ?? [], trustee) !== undefined && 'Send As';
      return right !== false && aliasAllowed ? `${right} for ${trustee}` : undefined;
    }
    case 'not-connected': {
      const cas = snapshot.casMailboxes.get(facts.name);
      const enabled = run.probe.kind === 'pop' ? cas?.popEnabled : cas?.imapEnabled;
      // Not connected is the protocol off or no Full Access (IMAP admits either at AUTHENTICATE): pending only when the directory shows both.
      return enabled === true && fullAccess ? `${run.probe.kind.toUpperCase()} on, and Full Access for ${trustee}` : undefined;
    }
    case 'graph-access-denied': {
      if (run.probe.identity !== 'app') return fullAccess ? `Full Access for ${trustee}` : undefined;
      // A scope alone grants nothing: a role assignment of a mail role must use it (or cover the organization).
      const scopes = snapshot.appScope?.scopes;
      const reaching = (snapshot.appScope?.assignments ?? []).filter(
        (assignment) =>
          /^Application Mail\./i.test(assignment.role) &&
          (assignment.scope === null || (scopes?.get(assignment.scope)?.mailboxes.includes(mailbox.address) ?? false)),
      );
      const young = reaching.filter((assignment) => assignment.since === undefined || now.getTime() - Date.parse(assignment.since) < RBAC_PROPAGATION_MS);
      const [first] = young;
      if (first === undefined) return undefined;
      return `the RBAC for Applications role ${first.role} reaching ${mailbox.address}${first.since === undefined ? '' : `, assigned ${first.since}`}`;
    }
    default:
      return fullAccess ? `Full Access for ${trustee}` : undefined;
  }
}

/**
 * The finding of one action: pass; fail (pending where the directory shows the grant) with the
 * diagnosis, only for a definitive answer; else error (issue 15: transient is never fail).
 */
export function actionFinding(
  run: ProbeRun,
  action: ProbeAction,
  mailbox: SharedMailbox,
  input: Pick<CheckInput, 'snapshot' | 'now'>,
  passed: (action: ProbeAction) => string,
): Finding {
  const { snapshot, now } = input;
  const { outcome } = action;
  const subject = action.from ?? who(run);
  const timings = outcome.steps;
  const pointer = run.probe.pointer;
  if (outcome.ok)
    return {
      status: 'pass',
      subject,
      expected: 'accepted',
      actual: 'accepted',
      message: passed(action),
      evidence: { identity: who(run), ...outcome.detail },
      timings,
      pointer,
    };
  const { diagnosis } = outcome;
  const tries = outcome.attempts ?? 1;
  const evidence = { identity: who(run), step: outcome.step, answer: outcome.answer, diagnosis: diagnosis.code, ...(tries > 1 ? { attempts: tries } : {}) };
  const refusal = `${who(run)} could not ${action.label} (${mailbox.address}): at "${outcome.step}" the server answered "${outcome.answer}"${tries > 1 ? ` (after ${tries} tries)` : ''}. ${diagnosis.meaning}`;
  if (!diagnosis.definitive || outcome.transient === true) {
    const why =
      diagnosis.code === 'bad-credentials'
        ? ` The secret is the one the file MBX_PROBE_CREDENTIALS names holds for ${who(run)}: replace it there.`
        : outcome.transient === true
          ? ' This is a passing condition, not a verdict on the tenant: run again later, or give the run more time with --budget.'
          : ' This is not a verdict on the tenant.';
    return {
      status: 'error',
      subject,
      expected: 'accepted',
      actual: 'no verdict',
      message: `${refusal}${why}`,
      evidence: { ...evidence, transient: outcome.transient === true },
      timings,
      pointer,
    };
  }
  const shown = grantShown(run, action, mailbox, snapshot, now);
  if (shown !== undefined) {
    return {
      status: 'pending',
      subject,
      expected: 'accepted',
      actual: 'refused',
      message: `${refusal} The directory already shows ${shown}: Microsoft documents an hour or so before a new grant reaches the protocols. Run again later, or with --settle 2h to wait for it.`,
      evidence: { ...evidence, directoryShows: shown },
      timings,
      pointer,
    };
  }
  return { status: 'fail', subject, expected: 'accepted', actual: 'refused', message: refusal, remediation: diagnosis.fix, evidence, timings, pointer };
}

/** The probe runs of one kind for a mailbox, or the skip that says why there are none. */
export function runsOf(kind: ProbeKind, mailbox: SharedMailbox, snapshot: TenantSnapshot): ProbeRun[] | Finding {
  const runs = snapshot.probes?.get(mailbox.address)?.runs.filter((run) => run.probe.kind === kind) ?? [];
  if (runs.length > 0) return runs;
  const what = {
    imap: 'reads it over IMAP',
    pop: 'downloads it by POP3',
    smtp: 'sends from it over SMTP',
    'round-trip': 'both sends over SMTP and reads it',
    graph: 'reaches it through Microsoft Graph',
  }[kind];
  return { status: 'skip', skipReason: 'not-applicable', message: `No client of ${mailbox.address} ${what}.` };
}

/** A run that did not start: no credentials, or another probe it needs failed. */
export function notRun(run: ProbeRun & { ran: false }): Finding {
  return { status: 'skip', skipReason: run.reason, subject: who(run), message: run.message, pointer: run.probe.pointer };
}

/** A probe check: the findings of each action of each run of `kind`, with `passed` wording a success. */
export function probeCheck(
  id: string,
  kind: ProbeKind,
  passed: (action: ProbeAction, run: ProbeRun, mailbox: SharedMailbox) => string,
  extra?: (mailbox: SharedMailbox, input: CheckInput) => Finding[],
): MailboxCheck {
  return {
    id,
    scope: 'mailbox',
    sources: ['probes'],
    // Under `mbx probe` a mailbox that does not exist has failed runs of its own (nothing to connect to).
    runsWithoutMailbox: true,
    run(mailbox, facts, input) {
      if (facts === undefined && input.snapshot.probes?.get(mailbox.address) === undefined)
        return [{ status: 'skip', skipReason: 'mailbox-missing', message: `${mailbox.address} does not exist, so its probes did not run; see MBX.EXIST.1.` }];
      const runs = runsOf(kind, mailbox, input.snapshot);
      if (!Array.isArray(runs)) return [runs];
      const findings = runs.flatMap((run) =>
        run.ran ? run.actions.map((action) => actionFinding(run, action, mailbox, input, (done) => passed(done, run, mailbox))) : [notRun(run)],
      );
      return [...findings, ...(extra?.(mailbox, input) ?? [])];
    },
  };
}

/** Milliseconds as a report shows them. */
export const ms = (value: number): string => `${Math.round(value)} ms`;

/** The time of all steps of an action. */
export const total = (action: ProbeAction): number => action.outcome.steps.reduce((sum, step) => sum + step.ms, 0);

/** A warning when probe messages could not be deleted: they are the tool's own litter in the mailbox. */
export function cleanUpFinding(mailbox: SharedMailbox, snapshot: TenantSnapshot): Finding[] {
  const cleanUp = snapshot.probes?.get(mailbox.address)?.cleanUp;
  if (cleanUp?.problem === undefined) return [];
  return [
    {
      status: 'warn',
      subject: 'clean-up',
      expected: 'every probe message deleted',
      actual: `${cleanUp.removed} of the copies deleted`,
      message: cleanUp.problem,
      evidence: { sent: cleanUp.sent, removed: cleanUp.removed, ...(cleanUp.left === undefined ? {} : { left: cleanUp.left }) },
    },
  ];
}
