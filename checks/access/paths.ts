/** What the access checks share: a path of the access model as a finding's words and evidence. */
import { rightsText, type AccessPath } from '../../src/access/model.js';

/** "read, send as" */
export const rightsWords = (path: AccessPath): string => rightsText(path.rights);

/** ", since 2026-11-20T08:00:00Z (granted by mallory@contoso.com)", where the tenant says. */
export function sinceWords(path: AccessPath): string {
  if (path.since === undefined && path.by === undefined) return '';
  return `${path.since === undefined ? '' : `, since ${path.since}`}${path.by === undefined ? '' : ` (granted by ${path.by})`}`;
}

/** The path as a finding's evidence: what an auditor needs to find it in the tenant. */
export function pathEvidence(path: AccessPath): Record<string, unknown> {
  return {
    principal: path.principal.id,
    principalKind: path.principal.kind,
    rights: path.rights,
    kind: path.kind,
    via: path.via,
    ...(path.groups.length === 0 ? {} : { groups: path.groups }),
    ...(path.since === undefined ? {} : { since: path.since }),
    ...(path.by === undefined ? {} : { by: path.by }),
  };
}
