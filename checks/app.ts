/** What the app checks share: whether there is an app to check, and how to name a permission. */
import type { App, Spec } from '../src/spec/types.js';
import type { AppFacts, PermissionFacts, TenantSnapshot } from '../src/verify/snapshot.js';
import type { Finding } from '../src/verify/model.js';

/**
 * The spec's app and the tenant's, or the skip that stands in for this check's findings: no app
 * in the spec (not-declared), or none in the tenant (MBX.APP.1 reports that).
 */
export function appUnderCheck(spec: Spec, snapshot: TenantSnapshot): { declared: App; app: AppFacts } | Finding[] {
  const declared = spec.app;
  if (declared === undefined) return [{ status: 'skip', skipReason: 'not-declared', message: 'The spec declares no app.' }];
  const app = snapshot.app;
  if (app === undefined)
    return [
      {
        status: 'skip',
        skipReason: 'depends-on',
        subject: declared.displayName,
        message: `There is no app registration named "${declared.displayName}"; MBX.APP.1 reports it.`,
        pointer: declared.pointer,
      },
    ];
  return { declared, app };
}

export const permissionKey = (permission: PermissionFacts): string => `${permission.resource} ${permission.name}`;

/**
 * Who added something to the app, and when, where Entra's directory audit log says: the latest
 * record of a change to the app (or its service principal) whose new value names `token` (a key
 * id, a federated credential's name) and whose old value did not.
 */
export function addedBy(snapshot: TenantSnapshot, targets: readonly string[], token: string): { readonly by: string; readonly at: string } | undefined {
  const wanted = token.toLowerCase();
  const record = snapshot.directoryAudits
    .filter((candidate) => targets.includes(candidate.targetId))
    .filter((candidate) =>
      candidate.modified.some(
        (property) => (property.newValue ?? '').toLowerCase().includes(wanted) && !(property.oldValue ?? '').toLowerCase().includes(wanted),
      ),
    )
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  return record === undefined ? undefined : { by: record.by, at: record.at };
}

/** ", added 2026-12-01T10:00:00Z by mallory@contoso.com", or nothing where no audit record says. */
export const addedWords = (added: { readonly by: string; readonly at: string } | undefined): string =>
  added === undefined ? '' : `, added ${added.at} by ${added.by}`;
