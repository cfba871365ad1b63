/**
 * The runner: evaluates the checks on one snapshot and turns findings into results. It owns what
 * no single check should: `error` for checks whose sources failed (never a pass or fail on data
 * that was not read), skips for mailboxes that do not exist, waivers from the spec (an expired one
 * stops waiving and says so), `--only`/`--skip` by check id, category or mailbox, `--shard i/n`
 * stable by mailbox, and the spec location of every result.
 */
import { createHash } from 'node:crypto';
import { CATALOGUE, type CheckEntry } from '../../checks/catalogue.js';
import { SKIP_REASONS, type Check, type Finding } from './model.js';
import type { SharedMailbox, Spec, Waiver } from '../spec/types.js';
import type { CheckResult, SpecLocation, Unit } from './result.js';
import { mailboxOf, sourceFailureText, type Ledger, type SourceId, type TenantSnapshot } from './snapshot.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface RunOptions {
  readonly now: Date;
  /** Check ids, categories or mailbox addresses to keep; empty keeps everything. */
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly shard?: Shard;
  /** Only these shared mailboxes (lower-cased), and no organization checks: `mbx probe --mailbox`. */
  readonly mailboxes?: readonly string[];
  /** Where a spec pointer was written. */
  readonly locate: (pointer: string) => { line: number; column: number };
}

/** Which shard a mailbox belongs to: a hash of its address, so shards stay stable as specs grow. */
export function shardOf(address: string, count: number): number {
  return (createHash('sha256').update(address).digest().readUInt32BE(0) % count) + 1;
}

function matches(selectors: readonly string[], entry: CheckEntry, mailbox: string | undefined): boolean {
  return selectors.some((selector) => {
    const lower = selector.toLowerCase();
    return lower === entry.id.toLowerCase() || lower === entry.category || (mailbox !== undefined && lower === mailbox);
  });
}

/** Whether a waiver names this finding: its check and mailbox, and each narrowing it gives (status, subject, text). */
function waiverNames(waiver: Waiver, checkId: string, mailbox: string | undefined, finding: Pick<CheckResult, 'status' | 'subject' | 'message'>): boolean {
  return (
    waiver.check === checkId &&
    (waiver.mailbox === undefined || waiver.mailbox === mailbox) &&
    (waiver.status === undefined || waiver.status === finding.status) &&
    (waiver.subject === undefined || waiver.subject.toLowerCase() === finding.subject?.toLowerCase()) &&
    (waiver.contains === undefined || finding.message.toLowerCase().includes(waiver.contains.toLowerCase()))
  );
}

/** What a waiver accepts, in words: the report says it beside each finding it waived. */
export function waiverCovers(waiver: Waiver): string {
  const what = waiver.status === undefined ? 'warnings and failures' : waiver.status === 'warn' ? 'warnings' : 'failures';
  return [
    `${what} of ${waiver.check}`,
    waiver.mailbox === undefined ? '' : ` on ${waiver.mailbox}`,
    waiver.subject === undefined ? '' : ` about ${waiver.subject}`,
    waiver.contains === undefined ? '' : ` saying "${waiver.contains}"`,
  ].join('');
}

function activeWaiver(
  spec: Spec,
  checkId: string,
  mailbox: string | undefined,
  finding: Pick<CheckResult, 'status' | 'subject' | 'message'>,
  today: string,
): { waiver?: Waiver; expired?: Waiver } {
  const candidates = spec.waivers.filter((waiver) => waiverNames(waiver, checkId, mailbox, finding));
  const waiver = candidates.find((candidate) => candidate.expires >= today);
  return waiver !== undefined ? { waiver } : { expired: candidates[0] };
}

export type Selection = Pick<RunOptions, 'only' | 'skip' | 'shard' | 'mailboxes'>;

/** Whether --only, --skip, --shard and the mailbox list keep this check for this mailbox (undefined: the organization). */
export function selects(options: Selection, entry: CheckEntry, mailbox: string | undefined): boolean {
  if ((options.only ?? []).length > 0 && !matches(options.only ?? [], entry, mailbox)) return false;
  if (matches(options.skip ?? [], entry, mailbox)) return false;
  if (options.mailboxes !== undefined && (mailbox === undefined || !options.mailboxes.includes(mailbox))) return false;
  if (options.shard === undefined) return true;
  return inShard(options.shard, mailbox);
}

/** Whether a mailbox (undefined: the organization, whose checks run in the first shard only) is the shard's. */
export function inShard(shard: Shard, mailbox: string | undefined): boolean {
  return mailbox === undefined ? shard.index === 1 : shardOf(mailbox, shard.count) === shard.index;
}

/** One check's run for one mailbox (undefined: the organization): what the runner evaluates, and re-evaluates. */
/** The checks as units the runner (and a lazily held report, results.ts) can run for any mailbox, as often as needed. */
export function units(spec: Spec, snapshot: TenantSnapshot, ledger: Ledger, checks: readonly Check[], options: RunOptions): Unit[] {
  const today = options.now.toISOString().slice(0, 10);
  const input = { spec, snapshot, now: options.now };
  // Placed afresh for each result: a result is held only while it needs attention (results.ts), and a
  // cache of every spec item's place would hold 110,000 of them for 10,000 mailboxes.
  const location = (pointer: string): SpecLocation => ({ file: spec.file, pointer, ...options.locate(pointer) });

  const keep = (entry: CheckEntry, mailbox: string | undefined): boolean => selects(options, entry, mailbox);

  const finish = (entry: CheckEntry, check: Check, finding: Finding, mailbox: SharedMailbox | undefined, durationMs: number): CheckResult => {
    const { pointer, ...found } = finding;
    const base: CheckResult = {
      checkId: entry.id,
      title: entry.title,
      ...(entry.controls.length === 0 ? {} : { controls: entry.controls }),
      category: entry.category,
      severity: entry.severity,
      ...(mailbox === undefined ? {} : { mailbox: mailbox.address }),
      ...found,
      sources: check.sources,
      ...(finding.skipReason === undefined ? {} : { skipText: SKIP_REASONS[finding.skipReason] }),
      // A probe's duration is its steps' own, not the time it took to read them.
      durationMs: finding.timings === undefined ? durationMs : Math.round(finding.timings.reduce((sum, step) => sum + step.ms, 0) * 10) / 10,
      location: location(pointer ?? mailbox?.pointer ?? ''),
    };
    if (base.status !== 'fail' && base.status !== 'warn') return base;
    const { waiver, expired } = activeWaiver(spec, entry.id, mailbox?.address, base, today);
    if (waiver !== undefined)
      return { ...base, status: 'waived', waiver: { rationale: waiver.rationale, expires: waiver.expires, covers: waiverCovers(waiver) } };
    if (expired !== undefined) return { ...base, message: `${base.message} (the waiver for this expired on ${expired.expires} and no longer applies)` };
    return base;
  };

  const failedSources = (check: Check): SourceId[] => check.sources.filter((source) => ledger.get(source)?.ok !== true);
  const errorFinding = (failed: readonly SourceId[]): Finding => ({
    status: 'skip',
    message: failed
      .map((source) => {
        const outcome = ledger.get(source);
        if (outcome === undefined || outcome.ok) return `${source} was not collected`;
        return `could not read ${source}: ${sourceFailureText(outcome)}`;
      })
      .join('; '),
  });

  return checks.map((check) => {
    const entry = CATALOGUE.find((candidate) => candidate.id === check.id);
    if (entry === undefined) throw new Error(`check ${check.id} is not in checks/catalogue.ts`);
    const failed = failedSources(check);
    const produce = (mailbox: SharedMailbox | undefined): Finding[] => {
      if (check.scope === 'organization') return check.run(input);
      if (mailbox === undefined) return [];
      const facts = mailboxOf(snapshot, mailbox.address);
      if (facts === undefined && check.runsWithoutMailbox !== true) {
        // A mailbox that could not be read is not a mailbox that does not exist (issue 15: texts stay true under faults).
        const outcome = ledger.get('exchange.mailboxes');
        if (outcome?.ok !== true)
          return [
            {
              status: 'error',
              message: `Whether ${mailbox.address} exists could not be read: ${outcome === undefined || outcome.ok ? 'exchange.mailboxes was not collected' : outcome.error}.`,
            },
          ];
        return [{ status: 'skip', skipReason: 'mailbox-missing', message: `${mailbox.address} does not exist.` }];
      }
      return check.run(mailbox, facts, input);
    };
    return {
      check,
      entry,
      run: (mailbox, replayedMs) => {
        if (!keep(entry, mailbox?.address)) return [];
        if (failed.length > 0) return [{ ...finish(entry, check, errorFinding(failed), mailbox, 0), status: 'error' }];
        const started = performance.now();
        const findings = produce(mailbox);
        const durationMs = replayedMs ?? Math.round((performance.now() - started) * 1000) / 1000;
        return findings.map((finding) => finish(entry, check, finding, mailbox, durationMs));
      },
    };
  });
}

/** Every result of the checks, in evaluation order (check by check, mailbox by mailbox), held in memory: for tests and small runs; verify holds them lazily (results.ts). */
export function evaluate(spec: Spec, snapshot: TenantSnapshot, ledger: Ledger, checks: readonly Check[], options: RunOptions): CheckResult[] {
  return units(spec, snapshot, ledger, checks, options).flatMap((unit) =>
    unit.check.scope === 'organization' ? unit.run(undefined) : spec.sharedMailboxes.flatMap((mailbox) => unit.run(mailbox)),
  );
}
