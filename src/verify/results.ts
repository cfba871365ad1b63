/**
 * A report's results without holding them all (issue 21): 10,000 mailboxes give some 320,000
 * results, about 220 MB as objects, almost all of them passes and skips nobody reads one by one.
 * The runner evaluates every check once, counts every result, and keeps only what needs attention
 * (fail, error, pending, warn, waived); for each check and mailbox whose findings were passes or
 * skips it keeps two bits and the time the check took. A view that lists passes or skips runs
 * those checks again, in report order, from the same snapshot: checks are pure functions of the
 * spec and the snapshot, so the second run says what the first did (its recorded time included).
 * A report read back from JSON (`mbx report merge`) holds its results as they are.
 */
import { CATALOGUE, type CheckCategory } from '../../checks/catalogue.js';
import type { SharedMailbox, Spec } from '../spec/types.js';

/** The report as views render it: its results counted, what needs attention held, the rest produced on demand (results.ts). */
export interface Report extends Omit<ReportDocument, 'results'> {
  readonly results: Results;
}
import { SEVERITIES, STATUSES, type CheckResult, type ReportDocument, type ResultStatus, type Unit } from './result.js';

export interface CategoryFigures {
  readonly summary: Readonly<Record<ResultStatus, number>>;
  readonly durationMs: number;
}

export interface ResultFilter {
  readonly statuses?: ReadonlySet<ResultStatus>;
  readonly category?: CheckCategory;
  readonly checkId?: string;
}

/** The results of a run, worst first when iterated (status, severity, check, mailbox, subject). */
export interface Results extends Iterable<CheckResult> {
  readonly length: number;
  readonly summary: Readonly<Record<ResultStatus, number>>;
  /** Fail, error, pending, warn and waived results, worst first: what a gate and a reader act on. */
  readonly notable: readonly CheckResult[];
  /** Counts and time per category, the categories in the catalogue's order. */
  readonly categories: ReadonlyMap<CheckCategory, CategoryFigures>;
  /** Counts per check id. */
  readonly checks: ReadonlyMap<string, Readonly<Record<ResultStatus, number>>>;
  /** The results a filter keeps, worst first. */
  select(filter: ResultFilter): Iterable<CheckResult>;
  /** For each of these mailboxes ('' for the organization), the categories where its checks passed or were skipped. */
  passedOrSkipped(mailboxes: readonly string[]): ReadonlyMap<string, ReadonlyMap<CheckCategory, ReadonlySet<'pass' | 'skip'>>>;
}

const NOTABLE: ReadonlySet<ResultStatus> = new Set(['fail', 'error', 'pending', 'warn', 'waived']);
export const isNotable = (result: CheckResult): boolean => NOTABLE.has(result.status);

/** The categories in the catalogue's order, as every report lists them, whichever way its results were held. */
const CATEGORY_ORDER: readonly CheckCategory[] = [...new Set(CATALOGUE.map((entry) => entry.category))];

const emptySummary = (): Record<ResultStatus, number> => Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<ResultStatus, number>;

/** Worst first: by status (fail, error, pending, warn, waived, pass, skip), then severity, then check id and mailbox, then subject. */
export function compareResults(a: CheckResult, b: CheckResult): number {
  return (
    STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    (a.mailbox ?? '').localeCompare(b.mailbox ?? '') ||
    (a.subject ?? '').localeCompare(b.subject ?? '')
  );
}

/** Counts by status, category and check, and time per category, as results come. */
export class Tally {
  readonly summary = emptySummary();
  readonly checks = new Map<string, Record<ResultStatus, number>>();
  readonly categories = new Map<CheckCategory, { summary: Record<ResultStatus, number>; durationMs: number }>();
  length = 0;

  add(result: CheckResult): void {
    this.length += 1;
    this.summary[result.status] += 1;
    let figures = this.categories.get(result.category);
    if (figures === undefined) this.categories.set(result.category, (figures = { summary: emptySummary(), durationMs: 0 }));
    figures.summary[result.status] += 1;
    figures.durationMs += result.durationMs;
    let counts = this.checks.get(result.checkId);
    if (counts === undefined) this.checks.set(result.checkId, (counts = emptySummary()));
    counts[result.status] += 1;
  }

  /** The categories in catalogue order, which is stable across runs and shards (any the catalogue lacks last, by name). */
  ordered(): ReadonlyMap<CheckCategory, CategoryFigures> {
    const known = CATEGORY_ORDER.filter((category) => this.categories.has(category));
    const rest = [...this.categories.keys()].filter((category) => !known.includes(category)).sort();
    return new Map([...known, ...rest].map((category) => [category, this.categories.get(category) as CategoryFigures]));
  }
}

/**
 * What every way of holding results shares: the counts, what needs attention (held, worst first),
 * and a selection that gives those first and then the passes and the skips, which each way keeps
 * as it can (rest).
 */
export abstract class CountedResults implements Results {
  readonly summary: Readonly<Record<ResultStatus, number>>;
  readonly categories: ReadonlyMap<CheckCategory, CategoryFigures>;
  readonly checks: ReadonlyMap<string, Readonly<Record<ResultStatus, number>>>;
  readonly notable: readonly CheckResult[];
  readonly length: number;

  protected constructor(tally: Tally, notable: CheckResult[]) {
    this.summary = tally.summary;
    this.categories = tally.ordered();
    this.checks = tally.checks;
    this.notable = notable.sort(compareResults);
    this.length = tally.length;
  }

  [Symbol.iterator](): Iterator<CheckResult> {
    return this.select({})[Symbol.iterator]();
  }

  *select(filter: ResultFilter): Generator<CheckResult> {
    for (const result of this.notable) if (keeps(filter, result)) yield result;
    for (const status of ['pass', 'skip'] as const) {
      if (filter.statuses !== undefined && !filter.statuses.has(status)) continue;
      yield* this.rest(status, filter);
    }
  }

  passedOrSkipped(mailboxes: readonly string[]): ReadonlyMap<string, ReadonlyMap<CheckCategory, ReadonlySet<'pass' | 'skip'>>> {
    return passesAndSkipsOf(this.select({ statuses: PASSES_AND_SKIPS }), mailboxes);
  }

  /** The passes (or the skips) whose category and check the filter keeps, in report order. */
  protected abstract rest(status: 'pass' | 'skip', filter: ResultFilter): Iterable<CheckResult>;
}

const PASSES_AND_SKIPS: ReadonlySet<ResultStatus> = new Set(['pass', 'skip']);

/** Results held as they are: a report read whole from JSON, merged documents, tests. */
export class HeldResults extends CountedResults {
  /** The passes and skips, in report order. */
  readonly #rest: readonly CheckResult[];

  constructor(results: readonly CheckResult[]) {
    const tally = new Tally();
    for (const result of results) tally.add(result);
    const sorted = [...results].sort(compareResults);
    super(tally, sorted.filter(isNotable));
    this.#rest = sorted.filter((result) => !isNotable(result));
  }

  protected *rest(status: 'pass' | 'skip', filter: ResultFilter): Generator<CheckResult> {
    for (const result of this.#rest) if (result.status === status && keeps(filter, result)) yield result;
  }
}

/** For these mailboxes ('' the organization), the categories where results passed or were skipped, from the results given. */
function passesAndSkipsOf(
  results: Iterable<CheckResult>,
  mailboxes: readonly string[],
): ReadonlyMap<string, ReadonlyMap<CheckCategory, ReadonlySet<'pass' | 'skip'>>> {
  const found = new Map<string, Map<CheckCategory, Set<'pass' | 'skip'>>>(mailboxes.map((mailbox) => [mailbox, new Map()]));
  for (const result of results) {
    if (result.status !== 'pass' && result.status !== 'skip') continue;
    const categories = found.get(result.mailbox ?? '');
    if (categories === undefined) continue;
    let kinds = categories.get(result.category);
    if (kinds === undefined) categories.set(result.category, (kinds = new Set()));
    kinds.add(result.status);
  }
  return found;
}

/** Whether a filter keeps a result. */
const keeps = (filter: ResultFilter, result: CheckResult): boolean =>
  (filter.statuses === undefined || filter.statuses.has(result.status)) &&
  (filter.category === undefined || filter.category === result.category) &&
  (filter.checkId === undefined || filter.checkId === result.checkId);

const PASS = 1;
const SKIP = 2;

/** Results evaluated once for the counts and what needs attention, and again, check by check, for the passes and skips a view lists. */
export class EvaluatedResults extends CountedResults {
  readonly #units: readonly Unit[];
  readonly #mailboxes: readonly SharedMailbox[];
  /** Per unit and mailbox (the organization first): which of pass and skip it gave, and the time its check took. */
  readonly #kinds: Uint8Array;
  readonly #durations: Float64Array;
  #order?: { units: number[]; mailboxes: number[] };

  constructor(spec: Spec, units: readonly Unit[]) {
    const mailboxes = spec.sharedMailboxes;
    const width = mailboxes.length + 1;
    const kinds = new Uint8Array(units.length * width);
    const durations = new Float64Array(units.length * width);
    const tally = new Tally();
    const notable: CheckResult[] = [];
    units.forEach((unit, index) => {
      const slots = unit.check.scope === 'organization' ? [-1] : mailboxes.map((_, at) => at);
      for (const at of slots) {
        const slot = index * width + at + 1;
        for (const result of unit.run(mailboxes[at])) {
          tally.add(result);
          if (isNotable(result)) notable.push(result);
          else {
            kinds[slot] = (kinds[slot] as number) | (result.status === 'pass' ? PASS : SKIP);
            durations[slot] = result.durationMs;
          }
        }
      }
    });
    super(tally, notable);
    this.#units = units;
    this.#mailboxes = mailboxes;
    this.#kinds = kinds;
    this.#durations = durations;
  }

  /** From the two bits each check and mailbox kept, without running a check again. */
  override passedOrSkipped(mailboxes: readonly string[]): ReadonlyMap<string, ReadonlyMap<CheckCategory, ReadonlySet<'pass' | 'skip'>>> {
    const indexOf = new Map(this.#mailboxes.map((mailbox, at) => [mailbox.address, at]));
    const width = this.#mailboxes.length + 1;
    const found = new Map<string, Map<CheckCategory, Set<'pass' | 'skip'>>>();
    for (const mailbox of mailboxes) {
      const at = mailbox === '' ? -1 : indexOf.get(mailbox);
      const categories = new Map<CheckCategory, Set<'pass' | 'skip'>>();
      found.set(mailbox, categories);
      if (at === undefined) continue;
      this.#units.forEach((unit, index) => {
        const kinds = this.#kinds[index * width + at + 1] as number;
        if (kinds === 0) return;
        let statuses = categories.get(unit.entry.category);
        if (statuses === undefined) categories.set(unit.entry.category, (statuses = new Set()));
        if ((kinds & PASS) !== 0) statuses.add('pass');
        if ((kinds & SKIP) !== 0) statuses.add('skip');
      });
    }
    return found;
  }

  /** The passes (or skips) again, unit by unit in report order: severity, check id, then mailbox ('' for the organization first). */
  protected *rest(status: 'pass' | 'skip', filter: ResultFilter): Generator<CheckResult> {
    const order = this.#sortOrder();
    const width = this.#mailboxes.length + 1;
    const bit = status === 'pass' ? PASS : SKIP;
    for (const index of order.units) {
      const unit = this.#units[index] as Unit;
      if ((filter.category !== undefined && unit.entry.category !== filter.category) || (filter.checkId !== undefined && unit.entry.id !== filter.checkId))
        continue;
      for (const at of order.mailboxes) {
        const slot = index * width + at + 1;
        if (((this.#kinds[slot] as number) & bit) === 0) continue;
        const again = unit.run(this.#mailboxes[at], this.#durations[slot]).filter((result) => result.status === status);
        yield* again.sort((a, b) => (a.subject ?? '').localeCompare(b.subject ?? ''));
      }
    }
  }

  #sortOrder(): { units: number[]; mailboxes: number[] } {
    if (this.#order !== undefined) return this.#order;
    const units = this.#units.map((_, index) => index);
    units.sort((a, b) => {
      const left = (this.#units[a] as Unit).entry;
      const right = (this.#units[b] as Unit).entry;
      return SEVERITIES.indexOf(left.severity) - SEVERITIES.indexOf(right.severity) || left.id.localeCompare(right.id) || a - b;
    });
    const mailboxes = this.#mailboxes.map((_, index) => index);
    mailboxes.sort((a, b) => (this.#mailboxes[a] as SharedMailbox).address.localeCompare((this.#mailboxes[b] as SharedMailbox).address) || a - b);
    this.#order = { units, mailboxes: [-1, ...mailboxes] };
    return this.#order;
  }
}
