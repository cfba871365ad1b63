/**
 * The apps an export cannot write as the spec's `app` (issue 32, "export carries every way in"):
 * every other app that reaches the exported mailboxes through a mail permission (an unscoped or
 * policy-limited application permission, an RBAC for Applications role whose scope finds one of
 * them, a delegated mail scope consented for all users, or a grant to its Exchange service
 * principal), written under `otherApps` with the permissions it holds, for review: never dropped,
 * so verify of the export is never green over access it left out.
 */
import type { ExchangeClient } from '../m365/exchange/client.js';
import { lower } from '../m365/exchange/rows.js';
import type { GraphClient } from '../m365/graph/client.js';
import { GRANT_BOUND_ROLES, type MailAppFacts } from '../verify/access-facts.js';
import { resolveScope } from '../verify/collect/app.js';
import { collectMailApps } from '../verify/collect/mail-apps.js';

export const REVIEW_REASON = 'Found by mbx export: it reaches these mailboxes. Review whether it should, then say why here.';

/** Whether an app reaches any of the exported mailboxes. */
function reaches(app: MailAppFacts, mailboxes: readonly { readonly address: string; readonly name: string }[], trustees: ReadonlySet<string>): boolean {
  const addresses = new Set(mailboxes.map((mailbox) => mailbox.address));
  if (app.application.some((permission) => !GRANT_BOUND_ROLES.has(permission.name))) {
    const restrict = app.accessPolicies.filter((policy) => policy.accessRight === 'RestrictAccess');
    if (restrict.length === 0 || restrict.some((policy) => policy.mailboxes.some((address) => addresses.has(address)))) return true;
  }
  if (app.rbac.some((assignment) => assignment.mailboxes === 'all' || assignment.mailboxes.some((address) => addresses.has(address)))) return true;
  if (app.delegated.length > 0 && trustees.size > 0) return true;
  return app.exchangeIdentity !== undefined && trustees.has(app.exchangeIdentity);
}

/**
 * The otherApps entries: each app but `except` (the exported app's client id) that reaches the
 * mailboxes. `trustees`: every trustee the mailboxes' grant lists show, lower-cased.
 */
export async function otherAppsOf(
  clients: { readonly graph: GraphClient; readonly exchange: ExchangeClient },
  mailboxes: readonly { readonly address: string; readonly name: string }[],
  trustees: ReadonlySet<string>,
  except: string | undefined,
): Promise<Record<string, unknown>[]> {
  const { graph, exchange } = clients;
  const [servicePrincipals, roleAssignments, accessPolicies] = await Promise.all([
    exchange.invoke('Get-ServicePrincipal'),
    exchange.invoke('Get-ManagementRoleAssignment'),
    exchange.invoke('Get-ApplicationAccessPolicy'),
  ]);
  const scopes = new Map<string, Promise<{ filter: string; mailboxes: string[] }>>();
  const byName = new Map(mailboxes.map((mailbox) => [mailbox.name, mailbox.address]));
  const apps = await collectMailApps(
    graph,
    { servicePrincipals, roleAssignments, accessPolicies },
    {
      scopeMailboxes: async (scope) => (await resolveScope(exchange, scope, scopes)).mailboxes,
      // A policy scoped to a mailbox names it; one scoped to a group is taken to cover the mailboxes (reviewed by hand).
      policyMailboxes: (scopeName) => [byName.get(lower(scopeName)) ?? lower(scopeName)],
    },
  );
  return apps
    .filter((app) => app.appId !== except && reaches(app, mailboxes, trustees) && app.application.length + app.delegated.length + app.rbac.length > 0)
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.appId.localeCompare(b.appId))
    .map((app) => ({
      displayName: app.displayName || app.appId,
      ...(app.appId === '' ? {} : { appId: app.appId }),
      permissions: [
        ...new Set([
          ...app.application.map((permission) => permission.name),
          ...app.delegated.map((permission) => permission.name),
          ...app.rbac.map((role) => role.role),
        ]),
      ].sort(),
      reason: REVIEW_REASON,
    }));
}
