/**
 * Questions asked of the access model (`mbx access`): who reaches these mailboxes, which
 * mailboxes a user reaches (through any group, with or without auto-mapping: auto-mapping only
 * decides whether Outlook shows the mailbox), what an app reaches; and each path as a row.
 */
import type { AccessModel, AccessPath, PathKind, PrincipalKind, Right } from './model.js';

export interface AccessFilter {
  /** Primary addresses, lower-cased. */
  readonly mailboxes?: readonly string[];
  /** A user's principal name: the paths where the user is the principal, through groups included. */
  readonly user?: string;
  /** An app's client id or display name. */
  readonly app?: string;
}

/** A path as `mbx access --format json` writes it. */
export interface AccessRow {
  readonly mailbox: string;
  readonly principal: string;
  readonly principalKind: PrincipalKind;
  readonly principalName: string;
  readonly rights: readonly Right[];
  readonly kind: PathKind;
  readonly via: string;
  readonly groups: readonly string[];
  readonly declared: boolean | null;
  readonly since?: string;
  readonly by?: string;
}

/** Whether a path (by its mailbox and principal) answers the question. */
export function matcher(filter: AccessFilter): (mailbox: string, kind: string, id: string, name: string) => boolean {
  const mailboxes =
    filter.mailboxes === undefined || filter.mailboxes.length === 0 ? undefined : new Set(filter.mailboxes.map((address) => address.toLowerCase()));
  const user = filter.user?.toLowerCase();
  const app = filter.app?.toLowerCase();
  return (mailbox, kind, id, name) =>
    (mailboxes === undefined || mailboxes.has(mailbox)) &&
    (user === undefined || (kind === 'user' && id === user)) &&
    (app === undefined || (kind === 'app' && (id === app || name.toLowerCase() === app)));
}

export function selectPaths(model: AccessModel, filter: AccessFilter): AccessPath[] {
  const keep = matcher(filter);
  return model.paths.filter((path) => keep(path.mailbox, path.principal.kind, path.principal.id, path.principal.name));
}

export function rowOf(path: AccessPath): AccessRow {
  return {
    mailbox: path.mailbox,
    principal: path.principal.id,
    principalKind: path.principal.kind,
    principalName: path.principal.name,
    rights: path.rights,
    kind: path.kind,
    via: path.via,
    groups: path.groups,
    declared: path.declared,
    ...(path.since === undefined ? {} : { since: path.since }),
    ...(path.by === undefined ? {} : { by: path.by }),
  };
}
