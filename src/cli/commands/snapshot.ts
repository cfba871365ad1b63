/**
 * mbx snapshot and mbx diff: the tenant's shared mailboxes kept as JSON with the time they were
 * read, and what changed between two snapshots or a snapshot and the live tenant (src/export/diff.ts).
 */
import { writeFile } from 'node:fs/promises';
import { FileError, UsageError } from '../../errors.js';
import { attribute } from '../../export/audit.js';
import type { AuditWindow, Change } from '../../export/changes.js';
import { unreadSections } from '../../export/unread.js';
import { diffTenants, renderDiff, SNAPSHOT_SCHEMA, type Snapshot } from '../../export/diff.js';
import { compact } from '../../access/compact.js';
import { accessChanges } from '../../export/access-diff.js';
import { readAccess } from './access-live.js';
import { loadSnapshot } from './snapshot-file.js';
import { exportCommand } from './export.js';

export interface SnapshotOutcome {
  readonly snapshot: Snapshot;
  readonly text: string;
  readonly written?: string;
}

/** A time from --since: an ISO 8601 date, or a snapshot file (its takenAt). */
async function sinceOf(since: string): Promise<Date> {
  if (/^\d{4}-\d{2}-\d{2}/.test(since)) {
    const time = new Date(since);
    if (Number.isNaN(time.getTime())) throw new UsageError(`--since '${since}' is not a date; give an ISO 8601 date (2026-11-01) or a snapshot file`);
    return time;
  }
  return new Date((await loadSnapshot(since)).takenAt);
}

/** Read the tenant now, as a snapshot; with `since`, the admin audit log from then too. */
export async function snapshotCommand(
  options: { readonly out?: string; readonly now?: Date; readonly since?: string },
  env: NodeJS.ProcessEnv,
): Promise<SnapshotOutcome> {
  const auditSince = options.since === undefined ? undefined : await sinceOf(options.since);
  const { result, audit } = await exportCommand(auditSince === undefined ? {} : { auditSince }, env);
  // Every way into the exported mailboxes, declared against no spec: what mbx access and mbx diff read.
  const access = compact(await readAccess(env, { mailboxes: result.data.sharedMailboxes.map((mailbox) => String(mailbox.address)) }));
  const snapshot: Snapshot = {
    $schema: SNAPSHOT_SCHEMA,
    kind: 'mbx-snapshot',
    version: 1,
    takenAt: (options.now ?? new Date()).toISOString(),
    tenant: result.data,
    unreadable: result.unreadable.map((entry) => `${entry.what}: ${entry.error}`),
    objects: result.objects,
    access,
    ...(audit === undefined ? {} : { audit }),
  };
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (options.out !== undefined)
    await writeFile(options.out, text, { mode: 0o644 }).catch((error: unknown) => {
      throw new FileError(options.out as string, error, 'write');
    });
  return { snapshot, text, ...(options.out === undefined ? {} : { written: options.out }) };
}

export interface DiffOutcome {
  readonly changes: readonly Change[];
  readonly output: string;
  /** Snapshots the diff rests on that could not read everything. */
  readonly incomplete: readonly string[];
}

/** Which audit records cover the window from `old` to `now`, or a sentence saying why none do. */
function auditFor(old: Snapshot, now: Snapshot): { readonly window?: AuditWindow; readonly note: string } {
  const window = now.audit;
  if (window === undefined)
    return { note: 'Who and when: not read (diff against the live tenant, or take the later snapshot with mbx snapshot --since <earlier snapshot>).' };
  if (window.unreadable !== undefined) return { note: `Who and when: the audit log could not be read: ${window.unreadable}.` };
  if (window.since > old.takenAt)
    return { note: `Who and when: not read (the later snapshot holds the audit log from ${window.since} only, after the earlier one was taken).` };
  return {
    window,
    note: 'Who and when: from the Exchange admin audit log; a change without a name was not found there (made another way, or not yet searchable).',
  };
}

/** What changed from the snapshot `before` to `after` (another snapshot file, or the live tenant when undefined). */
export async function diffCommand(
  before: string,
  after: string | undefined,
  options: { readonly format?: 'text' | 'json' | 'markdown' },
  env: NodeJS.ProcessEnv,
): Promise<DiffOutcome> {
  const old = await loadSnapshot(before);
  const now = after === undefined ? (await snapshotCommand({ since: old.takenAt }, env)).snapshot : await loadSnapshot(after);
  const label = (file: string | undefined, snapshot: Snapshot): string => `${file ?? 'the live tenant'} (${snapshot.takenAt})`;
  const unknown = unreadSections([...old.unreadable, ...now.unreadable]);
  const changes = [
    ...diffTenants(old.tenant, now.tenant, unknown, {
      ...(old.objects === undefined ? {} : { before: old.objects }),
      ...(now.objects === undefined ? {} : { after: now.objects }),
    }),
    ...accessChanges(old.access, now.access),
  ];
  const audit = auditFor(old, now);
  const attributions = audit.window?.entries === undefined ? undefined : attribute(changes, audit.window.entries, old.tenant, now.tenant);
  return {
    changes,
    output: renderDiff(changes, options.format ?? 'text', label(before, old), label(after, now), {
      ...(attributions === undefined ? {} : { attributions }),
      ...(changes.length === 0 ? {} : { auditNote: audit.note }),
      notCompared: unknown,
    }),
    incomplete: [...old.unreadable, ...now.unreadable],
  };
}
