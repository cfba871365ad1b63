/**
 * What changed in the ways into the mailboxes between two snapshots that kept the access model
 * (src/access/compact.ts): the ways the spec-shaped diff (diff.ts) does not see, an inbox rule,
 * a folder permission, an app's permission, RBAC role or delegated consent, and the credentials of
 * the apps that reach mail. Grants, group members and forwarding are diff.ts's, from the exported
 * spec, so nothing is told twice.
 */
import { expand, type CompactModel } from '../access/compact.js';
import { rightsText, type AccessPath } from '../access/model.js';
import type { Change } from './changes.js';

const COMPARED = new Set(['inbox-rule', 'folder-permission', 'app-permission', 'app-rbac', 'delegated-consent']);

/**
 * What makes a way in the same one in two snapshots. A delegated consent acts for whoever holds
 * rights on the mailbox: who that is changes with the grants (which diff.ts reports), not the way in.
 */
const keyOf = (path: AccessPath): string =>
  `${path.mailbox}\u0000${path.principal.id}\u0000${path.kind}\u0000${path.kind === 'delegated-consent' ? path.via.replace(/: acts for .*$/, '') : path.via}`;

function pathChange(kind: 'access-added' | 'access-removed', path: AccessPath): Change {
  return {
    kind,
    mailbox: path.mailbox,
    principal:
      path.principal.name === path.principal.id || path.principal.kind === 'default' || path.principal.kind === 'anonymous'
        ? path.principal.name
        : `${path.principal.name} (${path.principal.id})`,
    way: path.kind,
    via: path.via,
    rights: rightsText(path.rights),
    ...(kind === 'access-added' && path.by !== undefined ? { by: path.by } : {}),
    ...(kind === 'access-added' && path.since !== undefined ? { at: path.since } : {}),
  };
}

/** The access changes from `before` to `after`; none where either snapshot kept no access model. */
export function accessChanges(before: CompactModel | undefined, after: CompactModel | undefined): Change[] {
  if (before === undefined || after === undefined) return [];
  const compared = (model: CompactModel): Map<string, AccessPath> =>
    new Map(
      expand(model)
        .paths.filter((path) => COMPARED.has(path.kind))
        .map((path) => [keyOf(path), path]),
    );
  const old = compared(before);
  const now = compared(after);
  const changes: Change[] = [
    ...[...now].filter(([key]) => !old.has(key)).map(([, path]) => pathChange('access-added', path)),
    ...[...old].filter(([key]) => !now.has(key)).map(([, path]) => pathChange('access-removed', path)),
  ];
  const credentialKey = (entry: { appId: string; id: string }): string => `${entry.appId}\u0000${entry.id}`;
  const oldCredentials = new Map((before.credentials ?? []).map((entry) => [credentialKey(entry), entry]));
  const newCredentials = new Map((after.credentials ?? []).map((entry) => [credentialKey(entry), entry]));
  if (before.credentials !== undefined && after.credentials !== undefined) {
    for (const [key, entry] of newCredentials)
      if (!oldCredentials.has(key))
        changes.push({
          kind: 'credential-added',
          app: `${entry.app} (${entry.appId})`,
          credential: entry.label,
          ...(entry.by === undefined ? {} : { by: entry.by }),
          ...(entry.since === undefined ? {} : { at: entry.since }),
        });
    for (const [key, entry] of oldCredentials)
      if (!newCredentials.has(key)) changes.push({ kind: 'credential-removed', app: `${entry.app} (${entry.appId})`, credential: entry.label });
  }
  return changes;
}
