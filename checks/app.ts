/** What the app checks share: whether there is an app to check, and how to name a permission. */
import type { App, Spec } from '../src/spec/types.js';
import type { AppFacts, PermissionFacts, TenantSnapshot } from '../src/verify/snapshot.js';
import type { Finding } from '../src/verify/model.js';

export { addedBy } from '../src/access/credentials.js';

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

/** ", added 2026-12-01T10:00:00Z by mallory@contoso.com", or nothing where no audit record says. */
export const addedWords = (added: { readonly by: string; readonly at: string } | undefined): string =>
  added === undefined ? '' : `, added ${added.at} by ${added.by}`;
