/**
 * mbx snapshot and mbx diff: the tenant's shared mailboxes kept as JSON with the time they were
 * read, and what changed between two snapshots or a snapshot and the live tenant (src/export/diff.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { FileError, UsageError } from '../../errors.js';
import { asSnapshot, diffTenants, renderDiff, SNAPSHOT_SCHEMA, type Change, type Snapshot } from '../../export/diff.js';
import { exportCommand } from './export.js';

export interface SnapshotOutcome {
  readonly snapshot: Snapshot;
  readonly text: string;
  readonly written?: string;
}

/** Read the tenant now, as a snapshot. */
export async function snapshotCommand(options: { readonly out?: string; readonly now?: Date }, env: NodeJS.ProcessEnv): Promise<SnapshotOutcome> {
  const { result } = await exportCommand({}, env);
  const snapshot: Snapshot = {
    $schema: SNAPSHOT_SCHEMA,
    kind: 'mbx-snapshot',
    version: 1,
    takenAt: (options.now ?? new Date()).toISOString(),
    tenant: result.data,
    unreadable: result.unreadable.map((entry) => `${entry.what}: ${entry.error}`),
  };
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (options.out !== undefined) await writeFile(options.out, text, { mode: 0o644 });
  return { snapshot, text, ...(options.out === undefined ? {} : { written: options.out }) };
}

async function load(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileError(file, error);
  }
  try {
    return asSnapshot(JSON.parse(text), file);
  } catch (error) {
    throw new UsageError(error instanceof SyntaxError ? `${file} is not JSON (${error.message}); give a file mbx snapshot wrote` : (error as Error).message);
  }
}

export interface DiffOutcome {
  readonly changes: readonly Change[];
  readonly output: string;
  /** Snapshots the diff rests on that could not read everything. */
  readonly incomplete: readonly string[];
}

/** What changed from the snapshot `before` to `after` (another snapshot file, or the live tenant when undefined). */
export async function diffCommand(
  before: string,
  after: string | undefined,
  options: { readonly format?: 'text' | 'json' | 'markdown' },
  env: NodeJS.ProcessEnv,
): Promise<DiffOutcome> {
  const old = await load(before);
  const now = after === undefined ? (await snapshotCommand({}, env)).snapshot : await load(after);
  const label = (file: string | undefined, snapshot: Snapshot): string => `${file ?? 'the live tenant'} (${snapshot.takenAt})`;
  const changes = diffTenants(old.tenant, now.tenant);
  return {
    changes,
    output: renderDiff(changes, options.format ?? 'text', label(before, old), label(after, now)),
    incomplete: [...old.unreadable, ...now.unreadable],
  };
}
