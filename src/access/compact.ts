/**
 * The access model as a snapshot file keeps it: a table of strings and one row of numbers per path
 * (each a string's index, -1 for none), so 10,000 mailboxes' half a million paths are a file `mbx
 * access` reads and filters in well under a second (npm run bench:access), decoding only the rows
 * a question selects. Plain JSON objects per path were five times the size and four times the time.
 */
import type { AccessModel, AccessPath, CredentialEntry, PathKind, PrincipalKind, Right } from './model.js';

/**
 * The numbers of one path, ROW of them, one after another in `rows`: mailbox, principal kind, id,
 * name, path kind, rights (joined by +), via, groups (joined by a line break), declared (1, 0, -1
 * for null), pointer, since, by. One flat array parses twice as fast as an array per path.
 */
export const ROW = 12;

export interface CompactModel {
  readonly format: 'mbx-access-1';
  readonly mailboxes: readonly string[];
  readonly unread: readonly string[];
  readonly strings: readonly string[];
  readonly rows: readonly number[];
  readonly credentials?: readonly CredentialEntry[];
}

export function compact(model: AccessModel): CompactModel {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const at = (text: string | undefined): number => {
    if (text === undefined) return -1;
    let found = index.get(text);
    if (found === undefined) {
      found = strings.length;
      strings.push(text);
      index.set(text, found);
    }
    return found;
  };
  const rows = model.paths.flatMap((path): number[] => [
    at(path.mailbox),
    at(path.principal.kind),
    at(path.principal.id),
    at(path.principal.name),
    at(path.kind),
    at(path.rights.join('+')),
    at(path.via),
    at(path.groups.join('\n')),
    path.declared === null ? -1 : path.declared ? 1 : 0,
    at(path.pointer),
    at(path.since),
    at(path.by),
  ]);
  return {
    format: 'mbx-access-1',
    mailboxes: model.mailboxes,
    unread: model.unread,
    strings,
    rows,
    ...(model.credentials === undefined ? {} : { credentials: model.credentials }),
  };
}

/** One row as a path. */
function pathOf(strings: readonly string[], rows: readonly number[], start: number): AccessPath {
  const text = (position: number): string | undefined => {
    const at = rows[start + position] ?? -1;
    return at < 0 ? undefined : strings[at];
  };
  const groups = text(7) ?? '';
  const pointer = text(9);
  const since = text(10);
  const by = text(11);
  return {
    mailbox: text(0) ?? '',
    principal: { kind: text(1) as PrincipalKind, id: text(2) ?? '', name: text(3) ?? '' },
    kind: text(4) as PathKind,
    rights: (text(5) ?? '').split('+').filter(Boolean) as Right[],
    via: text(6) ?? '',
    groups: groups === '' ? [] : groups.split('\n'),
    declared: rows[start + 8] === -1 ? null : rows[start + 8] === 1,
    ...(pointer === undefined ? {} : { pointer }),
    ...(since === undefined ? {} : { since }),
    ...(by === undefined ? {} : { by }),
  };
}

/**
 * The model back, with only the paths `keep` selects decoded; `keep` sees a row's mailbox and
 * principal (kind, id, name) without decoding the rest.
 */
export function expand(model: CompactModel, keep: (mailbox: string, kind: string, id: string, name: string) => boolean = () => true): AccessModel {
  const { strings, rows } = model;
  const paths: AccessPath[] = [];
  const text = (at: number | undefined): string => strings[at ?? -1] ?? '';
  for (let start = 0; start + ROW <= rows.length; start += ROW)
    if (keep(text(rows[start]), text(rows[start + 1]), text(rows[start + 2]), text(rows[start + 3]))) paths.push(pathOf(strings, rows, start));
  return { paths, mailboxes: model.mailboxes, unread: model.unread, ...(model.credentials === undefined ? {} : { credentials: model.credentials }) };
}
