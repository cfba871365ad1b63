/**
 * The results of JSON reports on disk, for `mbx report merge` (issue 21): ten shards of 10,000
 * mailboxes are 320,000 results, 750 MB as objects. mbx writes a report's JSON a result a line,
 * worst first (render/common.ts jsonChunks), so a report file can be read a line at a time: the
 * first read counts every result and keeps those that need attention, and for each line its
 * place, status and category; a view that lists passes or skips reads just those lines again and
 * merges the files' lines in report order. A file not in that shape (written by another tool, or
 * by an mbx that wrote results in evaluation order) is read whole instead.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { CheckCategory } from '../../checks/catalogue.js';
import { checkedHead, checkedResult, notAReport } from './report-schema.js';
import { STATUSES, type CheckResult, type ReportDocument } from './result.js';
import { compareResults, CountedResults, HeldResults, isNotable, Tally, type ResultFilter, type Results } from './results.js';

const MARKER = '"results": [';

/** Each line of a file with where it starts, read in 1 MB pieces (bytes, so offsets are exact). */
function* linesOf(path: string): Generator<{ line: Buffer; offset: number }> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    let offset = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      let chunk = Buffer.concat([carry, buffer.subarray(0, read)]);
      let start = 0;
      for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
        yield { line: chunk.subarray(start, end), offset: offset + start };
        start = end + 1;
      }
      offset += start;
      carry = Buffer.from(chunk.subarray(start));
      chunk = carry;
    }
    if (carry.length > 0) yield { line: carry, offset };
  } finally {
    closeSync(fd);
  }
}

const parseLine = (text: string): unknown => JSON.parse(text.endsWith(',') ? text.slice(0, -1) : text);

/** One report file read line by line: its head, and for each result line where it is and what it holds. */
interface Indexed {
  readonly path: string;
  readonly head: Omit<ReportDocument, 'results'>;
  readonly offsets: number[];
  readonly lengths: number[];
  readonly statuses: Uint8Array;
  readonly categories: Uint8Array;
  readonly checks: Uint16Array;
}

/** Not a file this reader can take line by line: read it whole. */
class NotLineShaped extends Error {}

/** The results of several report files, merged in report order, holding only what needs attention. */
export class FileResults extends CountedResults {
  readonly #files: readonly Indexed[];
  readonly #categoryNames: readonly CheckCategory[];
  readonly #checkNames: readonly string[];

  private constructor(files: Indexed[], tally: Tally, notable: CheckResult[], categoryNames: CheckCategory[], checkNames: string[]) {
    super(tally, notable);
    this.#files = files;
    this.#categoryNames = categoryNames;
    this.#checkNames = checkNames;
  }

  /** The reports' heads and their results; undefined when a file is not line-shaped as mbx writes it (read it whole). */
  static open(paths: readonly string[]): { heads: Omit<ReportDocument, 'results'>[]; results: FileResults } | undefined {
    const tally = new Tally();
    const notable: CheckResult[] = [];
    const categoryNames: CheckCategory[] = [];
    const checkNames: string[] = [];
    const indexOf = <T>(names: T[], name: T): number => {
      const at = names.indexOf(name);
      return at >= 0 ? at : names.push(name) - 1;
    };
    try {
      const files = paths.map((path): Indexed => {
        const headLines: string[] = [];
        const offsets: number[] = [];
        const lengths: number[] = [];
        const statuses: number[] = [];
        const categories: number[] = [];
        const checks: number[] = [];
        let inResults = false;
        let closed = false;
        let previous: CheckResult | undefined;
        for (const { line, offset } of linesOf(path)) {
          const text = line.toString('utf8').trim();
          if (!inResults) {
            if (text === MARKER) inResults = true;
            else if (text.startsWith(MARKER)) throw new NotLineShaped();
            else headLines.push(text);
            continue;
          }
          if (text === ']') {
            closed = true;
            break;
          }
          if (!text.startsWith('{')) throw new NotLineShaped();
          const result = checkedResult(path, offsets.length, parseLine(text));
          // Report order within the file, or this reader's merge would not be.
          if (previous !== undefined && compareResults(previous, result) > 0) throw new NotLineShaped();
          previous = result;
          tally.add(result);
          if (isNotable(result)) notable.push(result);
          offsets.push(offset);
          lengths.push(line.length);
          statuses.push(STATUSES.indexOf(result.status));
          categories.push(indexOf(categoryNames, result.category));
          checks.push(indexOf(checkNames, result.checkId));
        }
        if (!closed) throw new NotLineShaped();
        const head = checkedHead(path, JSON.parse(`${headLines.join('\n')}"results": []}`));
        return {
          path,
          head,
          offsets,
          lengths,
          statuses: Uint8Array.from(statuses),
          categories: Uint8Array.from(categories),
          checks: Uint16Array.from(checks),
        };
      });
      return { heads: files.map((file) => file.head), results: new FileResults(files, tally, notable, categoryNames, checkNames) };
    } catch (error) {
      if (error instanceof NotLineShaped || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  /** One status's lines of every file, merged in report order; lines another filter rules out are not read. */
  protected *rest(which: 'pass' | 'skip', filter: ResultFilter): Generator<CheckResult> {
    const status = STATUSES.indexOf(which);
    const category = filter.category === undefined ? -1 : this.#categoryNames.indexOf(filter.category);
    const check = filter.checkId === undefined ? -1 : this.#checkNames.indexOf(filter.checkId);
    if ((filter.category !== undefined && category < 0) || (filter.checkId !== undefined && check < 0)) return;
    const streams = this.#files.map((file) => this.#lines(file, status, category, check));
    const heads = streams.map((stream) => stream.next());
    for (;;) {
      let best = -1;
      heads.forEach((head, at) => {
        if (head.done === true) return;
        const current = heads[best];
        if (best < 0 || (current !== undefined && current.done !== true && compareResults(head.value, current.value) < 0)) best = at;
      });
      if (best < 0) return;
      const chosen = heads[best] as IteratorYieldResult<CheckResult>;
      yield chosen.value;
      heads[best] = (streams[best] as Generator<CheckResult>).next();
    }
  }

  *#lines(file: Indexed, status: number, category: number, check: number): Generator<CheckResult> {
    const fd = openSync(file.path, 'r');
    try {
      for (let at = 0; at < file.offsets.length; at += 1) {
        if (file.statuses[at] !== status || (category >= 0 && file.categories[at] !== category) || (check >= 0 && file.checks[at] !== check)) continue;
        const length = file.lengths[at] as number;
        const buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, file.offsets[at] as number);
        yield parseLine(buffer.toString('utf8').trim()) as CheckResult;
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Report files as merge takes them: line by line when mbx wrote them, else each read whole. */
export function readReports(paths: readonly string[]): { heads: Omit<ReportDocument, 'results'>[]; results: Results } {
  const lined = FileResults.open(paths);
  if (lined !== undefined) return lined;
  const documents = paths.map((path) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (cause) {
      // JSON.parse's message quotes the text, which need not be a report's (a credentials file given by mistake).
      throw notAReport(path, cause instanceof SyntaxError ? 'not JSON' : `unreadable: ${(cause as { code?: string }).code ?? 'too large'}`);
    }
    const head = checkedHead(path, parsed);
    const results = (parsed as { results?: unknown }).results;
    if (!Array.isArray(results)) throw notAReport(path, '/results is not an array');
    return { head, results: results.map((result, at) => checkedResult(path, at, result)) };
  });
  return { heads: documents.map((document) => document.head), results: new HeldResults(documents.flatMap((document) => document.results)) };
}
