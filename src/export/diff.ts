/**
 * mbx snapshot and mbx diff (issue 19): a snapshot is the tenant as mbx export reads it, kept as
 * JSON with the time it was taken (schemas/snapshot.schema.json); a diff of two snapshots (or of a
 * snapshot and the live tenant) says who got or lost which right on which mailbox, which group
 * members came and went, and which settings changed. Who made a grant or membership change, and
 * when, comes from the unified audit log (audit.ts) where it could be read: live, or kept in the
 * later snapshot (mbx snapshot --since); otherwise a diff says between which two snapshots it happened.
 */
import { UsageError } from '../errors.js';
import { firstSchemaError, schemaValidator } from '../schemas.js';
import type { CompactModel } from '../access/compact.js';
import type { Attribution, AuditWindow, Change, Right } from './changes.js';
import { GROUP_TYPE_WORDS, replacedObjects, type SnapshotObjects } from './objects.js';
import { MAILBOX_KEYS, SECTION_WORDS, USER_KEYS, type Section } from './unread.js';
import type { ExportedSpec } from './index.js';

export const SNAPSHOT_SCHEMA = 'https://mbx.dev/schemas/snapshot/v1.json';

export interface Snapshot {
  readonly $schema: string;
  readonly kind: 'mbx-snapshot';
  readonly version: 1;
  /** ISO 8601. */
  readonly takenAt: string;
  /** The tenant as mbx export reads it: a spec in the project's format. */
  readonly tenant: ExportedSpec;
  /** What could not be read when it was taken: a diff against it is only as complete as it. */
  readonly unreadable: readonly string[];
  /** The Exchange admin audit records since an earlier snapshot (mbx snapshot --since). */
  readonly audit?: AuditWindow;
  /** The object behind each address (objects.ts); absent in snapshots of earlier mbx versions. */
  readonly objects?: SnapshotObjects;
  /** Every way into the shared mailboxes (src/access); absent in snapshots of earlier mbx versions. */
  readonly access?: CompactModel;
}

type Entry = Record<string, unknown>;

/** A snapshot from a parsed file, or an error saying what the file is not (held to schemas/snapshot.schema.json). */
export function asSnapshot(value: unknown, file: string): Snapshot {
  const candidate = value as Partial<Snapshot> | null;
  if (candidate === null || typeof candidate !== 'object' || candidate.kind !== 'mbx-snapshot' || candidate.version !== 1)
    throw new UsageError(`${file} is not an mbx snapshot (kind "mbx-snapshot", version 1); take one with mbx snapshot --out <a new file>`, { file });
  const validate = schemaValidator('snapshot.schema.json');
  if (!validate(candidate))
    throw new UsageError(
      `${file} is not a whole mbx snapshot (${firstSchemaError(validate.errors)}); take the snapshot again with mbx snapshot --out <a new file>`,
      {
        file,
      },
    );
  return candidate as Snapshot;
}

const RIGHTS: readonly [Right, (mailbox: Entry) => string[]][] = [
  ['Full Access', (mailbox) => ((mailbox.fullAccess as { trustee: string }[] | undefined) ?? []).map((grant) => grant.trustee)],
  ['Send As', (mailbox) => (mailbox.sendAs as string[] | undefined) ?? []],
  ['Send on Behalf', (mailbox) => (mailbox.sendOnBehalf as string[] | undefined) ?? []],
];
const GRANT_KEYS = new Set(['address', 'fullAccess', 'sendAs', 'sendOnBehalf']);

const byKey = <T extends Entry>(items: readonly T[] | undefined, key: string): Map<string, T> =>
  new Map((items ?? []).map((item) => [String(item[key]), item]));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Settings of one object that differ, key by key (missing counts as absent). */
function settings(subject: string, before: Entry, after: Entry, skip: ReadonlySet<string>): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !skip.has(key)).sort();
  return keys
    .filter((key) => !same(before[key], after[key]))
    .map((key): Change => ({ kind: 'setting-changed', subject, key, before: before[key] ?? null, after: after[key] ?? null }));
}

/**
 * What changed from `before` to `after`, in a stable order: mailboxes, then groups, users,
 * organization. A section either side could not read (`unknown`, unread.ts) is not compared: its
 * stand-ins are not the tenant's values, and a change read off them never happened.
 */
export function diffTenants(
  before: ExportedSpec,
  after: ExportedSpec,
  unknown: ReadonlySet<Section> = new Set(),
  objects: { readonly before?: SnapshotObjects; readonly after?: SnapshotObjects } = {},
): Change[] {
  const changes: Change[] = [];
  // An address whose object was deleted and made again is one line, not its members leaving and settings changing.
  const replaced = replacedObjects(objects.before, objects.after);
  const skipped = (keys: Readonly<Partial<Record<Section, readonly string[]>>>): Set<string> => new Set([...unknown].flatMap((section) => keys[section] ?? []));
  if (!unknown.has('mailboxes')) {
    const was = byKey(before.sharedMailboxes, 'address');
    const is = byKey(after.sharedMailboxes, 'address');
    const rights = RIGHTS.filter(([right]) => !(right === 'Full Access' && unknown.has('full-access')) && !(right === 'Send As' && unknown.has('send-as')));
    const skip = new Set([...GRANT_KEYS, ...skipped(MAILBOX_KEYS)]);
    for (const address of [...new Set([...was.keys(), ...is.keys()])].sort()) {
      const old = was.get(address);
      const now = is.get(address);
      const renewed = replaced.mailboxes.has(address);
      if (old === undefined) changes.push({ kind: 'mailbox-added', mailbox: address });
      if (now === undefined) changes.push({ kind: 'mailbox-removed', mailbox: address });
      if (renewed) changes.push({ kind: 'mailbox-replaced', mailbox: address });
      for (const [right, trustees] of rights) {
        const had = new Set(old === undefined || renewed ? [] : trustees(old));
        const has = new Set(now === undefined ? [] : trustees(now));
        // The new object's grants are access someone has now; the old object's went with it.
        for (const trustee of [...has].filter((item) => !had.has(item)).sort()) changes.push({ kind: 'grant-added', mailbox: address, right, trustee });
        for (const trustee of [...had].filter((item) => !has.has(item)).sort()) changes.push({ kind: 'grant-removed', mailbox: address, right, trustee });
      }
      if (old !== undefined && now !== undefined && !renewed) changes.push(...settings(address, old, now, skip));
    }
  }
  if (!unknown.has('groups')) {
    const groupsWere = byKey(before.groups as Entry[] | undefined, 'address');
    const groupsAre = byKey(after.groups as Entry[] | undefined, 'address');
    for (const address of [...new Set([...groupsWere.keys(), ...groupsAre.keys()])].sort()) {
      const old = groupsWere.get(address);
      const now = groupsAre.get(address);
      const renewed = replaced.groups.get(address);
      if (renewed !== undefined) {
        changes.push({ kind: 'group-replaced', subject: address, ...renewed });
        continue;
      }
      if (old === undefined) changes.push({ kind: 'group-added', subject: address });
      if (now === undefined) changes.push({ kind: 'group-removed', subject: address });
      // Members of a group that came or went did not join or leave it: the group line says it all.
      if (old !== undefined && now !== undefined && !unknown.has('group-members')) {
        const had = new Set((old?.members as string[] | undefined) ?? []);
        const has = new Set((now?.members as string[] | undefined) ?? []);
        for (const member of [...has].filter((item) => !had.has(item)).sort()) changes.push({ kind: 'member-added', group: address, member });
        for (const member of [...had].filter((item) => !has.has(item)).sort()) changes.push({ kind: 'member-removed', group: address, member });
      }
      if (old !== undefined && now !== undefined) changes.push(...settings(address, old, now, new Set(['address', 'members'])));
    }
  }
  if (!unknown.has('users')) {
    const usersWere = byKey(before.users as Entry[] | undefined, 'address');
    const usersAre = byKey(after.users as Entry[] | undefined, 'address');
    const skip = new Set(['address', ...skipped(USER_KEYS)]);
    for (const address of [...new Set([...usersWere.keys(), ...usersAre.keys()])].sort()) {
      const old = usersWere.get(address);
      const now = usersAre.get(address);
      if (old === undefined) changes.push({ kind: 'user-added', subject: address });
      else if (now === undefined) changes.push({ kind: 'user-removed', subject: address });
      else changes.push(...settings(address, old, now, skip));
    }
  }
  if (!unknown.has('organization')) changes.push(...settings('organization', before.organization as Entry, after.organization as Entry, new Set()));
  return changes;
}

/** The sentence that says what a diff did not compare, and why. */
export function notComparedNote(unknown: ReadonlySet<Section>): string | undefined {
  if (unknown.size === 0) return undefined;
  return `Not compared, because a snapshot could not read them (no change is claimed there): ${[...unknown].map((section) => SECTION_WORDS[section]).join('; ')}.`;
}

const show = (value: unknown): string => (value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value));

/** One change as a sentence. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'mailbox-added':
      return `shared mailbox ${change.mailbox} appeared`;
    case 'mailbox-removed':
      return `shared mailbox ${change.mailbox} is gone`;
    case 'grant-added':
      return `${change.trustee} got ${change.right} on ${change.mailbox}`;
    case 'grant-removed':
      return `${change.trustee} lost ${change.right} on ${change.mailbox}`;
    case 'member-added':
      return `${change.member} joined the group ${change.group}`;
    case 'member-removed':
      return `${change.member} left the group ${change.group}`;
    case 'user-added':
      return `${change.subject} now holds rights`;
    case 'user-removed':
      return `${change.subject} no longer holds rights`;
    case 'group-added':
      return `the group ${change.subject} now holds rights`;
    case 'group-removed':
      return `the group ${change.subject} no longer holds rights`;
    case 'setting-changed':
      return `${change.subject}: ${change.key} changed from ${show(change.before)} to ${show(change.after)}`;
    case 'mailbox-replaced':
      return `shared mailbox ${change.mailbox} was deleted and created again (another object with the same address): its grants are the new mailbox's`;
    case 'access-added':
      return `${change.mailbox}: ${change.principal} can now ${change.rights}, through ${change.via}`;
    case 'access-removed':
      return `${change.mailbox}: ${change.principal} can no longer ${change.rights}, through ${change.via}`;
    case 'credential-added':
      return `the app ${change.app} can now be signed in as with its ${change.credential}`;
    case 'credential-removed':
      return `the app ${change.app} no longer has its ${change.credential}`;
    case 'group-replaced':
      return `the group ${change.subject} was replaced by ${GROUP_TYPE_WORDS[change.after] ?? 'another object'} of the same address (it was ${GROUP_TYPE_WORDS[change.before] ?? 'another object'}): its members did not leave, the group did`;
  }
}

const sign = (change: Change): string => (/-(added)$/.test(change.kind) ? '+' : /-(removed)$/.test(change.kind) ? '-' : '~');

const when = (at: string): string => `${at.slice(0, 16).replace('T', ' ')} UTC`;
const byLine = (who: Attribution | undefined): string => (who === undefined ? '' : ` (by ${who.by}, ${when(who.at)}, ${who.operation})`);
const cell = (text: string): string => text.replace(/\|/g, '\\|');

export interface DiffContext {
  /** Who made each change, by index, where the audit log says. */
  readonly attributions?: readonly (Attribution | undefined)[];
  /** A sentence on the audit log: not read and why, or how much it covered. */
  readonly auditNote?: string;
  /** The sections not compared because a snapshot could not read them. */
  readonly notCompared?: ReadonlySet<Section>;
}

/** The diff as text, JSON or Markdown, between the two labels given (files, or "the live tenant"). */
export function renderDiff(changes: readonly Change[], format: 'text' | 'json' | 'markdown', before: string, after: string, context: DiffContext = {}): string {
  const who = (index: number): Attribution | undefined => context.attributions?.[index];
  const note = context.auditNote;
  const unknown = context.notCompared ?? new Set<Section>();
  const gap = notComparedNote(unknown);
  if (format === 'json')
    return `${JSON.stringify(
      {
        before,
        after,
        ...(note === undefined ? {} : { audit: note }),
        ...(unknown.size === 0 ? {} : { notCompared: [...unknown] }),
        changes: changes.map((change, index) => ({ ...change, ...(who(index) ?? {}), text: describeChange(change) })),
      },
      null,
      2,
    )}\n`;
  if (format === 'markdown') {
    const attributed = context.attributions !== undefined;
    const rows = changes.map((change, index) => {
      const row = [sign(change), cell(describeChange(change))];
      if (attributed) row.push(cell(who(index)?.by ?? ''), who(index) === undefined ? '' : when((who(index) as Attribution).at));
      return `| ${row.join(' | ')} |`;
    });
    const head = attributed ? ['| | change | by | when |', '|---|---|---|---|'] : ['| | change |', '|---|---|'];
    return [
      `## Changes from ${before} to ${after}`,
      '',
      ...(gap === undefined ? [] : [`> ⚠️ ${gap}`, '']),
      changes.length === 0 ? 'No changes.' : [...head, ...rows].join('\n'),
      ...(note === undefined ? [] : ['', `_${note}_`]),
      '',
    ].join('\n');
  }
  const first =
    changes.length === 0
      ? `No changes from ${before} to ${after}${gap === undefined ? '' : ' in what both could read'}.`
      : `Changes from ${before} to ${after}:`;
  return [
    first,
    ...changes.map((change, index) => `${sign(change)} ${describeChange(change)}${byLine(who(index))}`),
    ...(gap === undefined ? [] : [gap]),
    ...(note === undefined || changes.length === 0 ? [] : [note]),
    '',
  ].join('\n');
}
