/**
 * Durable state for the memory store: a snapshot (state.json) plus a journal (journal.ndjson) of
 * every change since. Each change is appended before the request that made it is answered, so a
 * killed process loses nothing it acknowledged; the snapshot is written through a temporary file
 * and a rename, so a crash mid-write leaves the previous one whole. Journal lines carry a sequence
 * number and the snapshot the last number it holds: replay skips what the snapshot already has,
 * even if the process died between writing a snapshot and truncating the journal. A torn last
 * line (the process died inside a write) was never acknowledged and is dropped.
 *
 * The journal is written with the OS's buffers, not fsync'd per change: it survives the process
 * dying, not the machine losing power, which is what an emulator needs.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MbxError } from '../../errors.js';
import { MemoryTenantStore, type Change, type StateDump } from './store.js';

const SNAPSHOT = 'state.json';
const JOURNAL = 'journal.ndjson';
/** Fold the journal into a snapshot after this many changes, to bound start-up replay time. */
const COMPACT_AFTER = 50_000;

interface Snapshot {
  readonly seq: number;
  readonly state: StateDump;
}

type JournalLine = Change & { readonly seq: number };

export class PersistentStore {
  readonly store: MemoryTenantStore;
  private seq = 0;
  private sinceSnapshot = 0;
  private fd: number | undefined;

  private constructor(private readonly dir: string) {
    this.store = new MemoryTenantStore((change) => this.record(change));
  }

  /** Open (or create) the state in `dir`: snapshot first, then the journal replayed on top. */
  static open(dir: string): PersistentStore {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const persistent = new PersistentStore(dir);
    const replayed = persistent.recover();
    persistent.fd = openSync(join(dir, JOURNAL), 'a', 0o600);
    // Fold what was replayed into a fresh snapshot; this also drops a torn last line, which
    // appended writes would otherwise bury in the middle of the journal.
    if (replayed) persistent.compact();
    return persistent;
  }

  /** Write a snapshot of the current state and empty the journal. */
  compact(): void {
    const path = join(this.dir, SNAPSHOT);
    const temporary = `${path}.tmp`;
    const snapshot: Snapshot = { seq: this.seq, state: this.store.dump() };
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(snapshot));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
    this.sinceSnapshot = 0;
  }

  close(): void {
    if (this.fd === undefined) return;
    this.compact();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private record(change: Change): void {
    if (change.op === 'replace') {
      this.seq += 1;
      this.compact();
      return;
    }
    if (this.fd === undefined) return;
    this.seq += 1;
    writeSync(this.fd, `${JSON.stringify({ seq: this.seq, ...change })}\n`);
    this.sinceSnapshot += 1;
    if (this.sinceSnapshot >= COMPACT_AFTER) this.compact();
  }

  /** Load the snapshot and replay the journal; true when the journal held anything. */
  private recover(): boolean {
    const snapshotPath = join(this.dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const snapshot = parseState<Snapshot>(readFileSync(snapshotPath, 'utf8'), snapshotPath);
      this.store.restore(snapshot.state);
      this.seq = snapshot.seq;
    }
    const journalPath = join(this.dir, JOURNAL);
    if (!existsSync(journalPath)) return false;
    const lines = readFileSync(journalPath, 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (text === '') return;
      const isLast = lines.slice(index + 1).every((rest) => rest === '');
      let line: JournalLine;
      try {
        line = JSON.parse(text) as JournalLine;
      } catch (error) {
        if (isLast) return; // a torn final write: never acknowledged
        throw corrupt(`${journalPath}:${index + 1}`, error);
      }
      if (line.seq <= this.seq) return;
      this.store.replay(line);
      this.seq = line.seq;
      this.sinceSnapshot += 1;
    });
    return lines.some((text) => text !== '');
  }
}

function parseState<T>(text: string, path: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw corrupt(path, error);
  }
}

function corrupt(place: string, cause: unknown): MbxError {
  return new MbxError(
    'EMULATOR_STATE_CORRUPT',
    `The emulator state at ${place} cannot be read. Move the state folder aside (nothing is deleted) and start again, or restore it from an export.`,
    { place },
    { cause },
  );
}
