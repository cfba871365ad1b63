/**
 * The paths of apps: an application permission (Graph's Mail.* and MailboxSettings.*, EWS's
 * full_access_as_app) reaches every mailbox unless an application access policy limits it (to its
 * scope with RestrictAccess, away from it with DenyAccess); an RBAC for Applications role reaches
 * the mailboxes its management scope finds; a delegated mail scope consented for all users lets
 * the app act for every user who holds rights on a mailbox. Entra permissions and RBAC roles add
 * up (m365-late-2026.md, "Permissions are additive"). IMAP.AccessAsApp, POP.AccessAsApp and
 * SMTP.SendAsApp reach only mailboxes whose permissions name the app: those are grant paths.
 */
import type { OtherApp, Spec } from '../spec/types.js';
import { GRANT_BOUND_ROLES, type DirectoryAuditFacts, type MailAppFacts } from '../verify/access-facts.js';
import type { PermissionFacts, TenantSnapshot } from '../verify/snapshot.js';
import type { AccessPath, Principal, Right } from './model.js';

/** The rights each mail permission (application, delegated or an RBAC role's) gives on a mailbox it reaches. */
const PERMISSION_RIGHTS: Readonly<Record<string, readonly Right[]>> = {
  'Mail.Read': ['read'],
  'Mail.ReadBasic': ['read'],
  'Mail.ReadBasic.All': ['read'],
  'Mail.ReadWrite': ['read'],
  'Mail.Send': ['send-as'],
  'MailboxSettings.Read': ['settings'],
  'MailboxSettings.ReadWrite': ['settings'],
  full_access_as_app: ['read', 'send-as'],
  'EWS.AccessAsApp': ['read', 'send-as'],
  'Mail.Read.Shared': ['read'],
  'Mail.ReadWrite.Shared': ['read'],
  'Mail.Send.Shared': ['send-as'],
  'IMAP.AccessAsUser.All': ['read'],
  'POP.AccessAsUser.All': ['read'],
  'EWS.AccessAsUser.All': ['read', 'send-as'],
  full_access_as_user: ['read', 'send-as'],
  'SMTP.Send': ['send-as'],
};

/** The people a delegated consent's path names before it counts the rest. */
const ACTORS = 5;

const rightsOf = (names: readonly string[]): Right[] => [...new Set(names.flatMap((name) => PERMISSION_RIGHTS[name] ?? []))];
const key = (permission: PermissionFacts): string => `${permission.resource}\u0000${permission.name}`;
const listed = (permissions: readonly PermissionFacts[]): string =>
  [...new Set(permissions.map((permission) => `${permission.name} (${permission.resource})`))].sort().join(', ');

/** The last directory audit record of `activity` on the app's service principal at or before `since`, for who granted it. */
function grantedBy(audits: readonly DirectoryAuditFacts[], app: MailAppFacts, activity: string, since: string | undefined): string | undefined {
  const records = audits.filter((record) => record.targetId === app.servicePrincipalId && record.activity === activity);
  const before = since === undefined ? records : records.filter((record) => record.at <= new Date(Date.parse(since) + 60_000).toISOString());
  return before.sort((a, b) => b.at.localeCompare(a.at))[0]?.by;
}

/** Which of the spec's mailboxes its app may reach with a permission, and how the spec limits it. */
function specAppScope(spec: Spec): {
  readonly application: ReadonlySet<string>;
  readonly delegated: ReadonlySet<string>;
  reaches(mailbox: string, permission: PermissionFacts): boolean;
} {
  const byMailbox = new Map(
    spec.sharedMailboxes.map((mailbox) => [
      mailbox.address,
      new Set(
        mailbox.clients.flatMap((client) => client.modes.filter((mode) => mode.identity === 'app').flatMap((mode) => mode.applicationPermissions.map(key))),
      ),
    ]),
  );
  return {
    application: new Set(spec.appPermissions.application.map(key)),
    delegated: new Set(spec.appPermissions.delegated.map((permission) => permission.name)),
    reaches: (mailbox, permission) => spec.app?.mailboxScope === 'organization' || (byMailbox.get(mailbox)?.has(key(permission)) ?? false),
  };
}

/** The spec's otherApps entry for an app: by client id where the entry names one, else by display name. */
function acceptedEntry(spec: Spec | undefined, app: MailAppFacts): OtherApp | undefined {
  return spec?.otherApps.find((entry) =>
    entry.appId === undefined ? entry.displayName.toLowerCase() === app.displayName.toLowerCase() : entry.appId === app.appId,
  );
}

/** A permission as a spec lists it: an RBAC role may be written with or without its `Application ` prefix. */
const sameName = (listed: string, held: string): boolean => listed.replace(/^Application /, '') === held.replace(/^Application /, '');

/** The mailboxes an application permission reaches once access policies have limited it. */
function policyReach(app: MailAppFacts, mailboxes: readonly string[]): { readonly reach: readonly string[]; readonly limit: string } {
  const restrict = app.accessPolicies.filter((policy) => policy.accessRight === 'RestrictAccess');
  const deny = new Set(app.accessPolicies.filter((policy) => policy.accessRight === 'DenyAccess').flatMap((policy) => policy.mailboxes));
  const allowed = restrict.length === 0 ? undefined : new Set(restrict.flatMap((policy) => policy.mailboxes));
  const reach = mailboxes.filter((mailbox) => (allowed === undefined || allowed.has(mailbox)) && !deny.has(mailbox));
  const limit =
    restrict.length > 0
      ? `limited by an application access policy to ${restrict.map((policy) => policy.scopeName).join(', ')}`
      : deny.size > 0
        ? 'on every mailbox but those an access policy denies'
        : 'on every mailbox: no RBAC scope or access policy limits it';
  return { reach, limit };
}

/** Every app path into the covered mailboxes; `people` are the grant and folder paths, for delegated consents. */
export function appPaths(snapshot: TenantSnapshot, spec: Spec | undefined, mailboxes: readonly string[], people: readonly AccessPath[]): AccessPath[] {
  const paths: AccessPath[] = [];
  const scope = spec === undefined ? undefined : specAppScope(spec);
  const covered = new Set(mailboxes);
  const peopleOf = new Map<string, AccessPath[]>();
  for (const path of people) {
    if (path.principal.kind !== 'user') continue;
    const list = peopleOf.get(path.mailbox);
    if (list === undefined) peopleOf.set(path.mailbox, [path]);
    else list.push(path);
  }
  for (const app of snapshot.mailApps) {
    const principal: Principal = { kind: 'app', id: app.appId, name: app.displayName || app.appId };
    const ours = scope !== undefined && snapshot.app !== undefined && snapshot.app.appId === app.appId;
    // Another app the spec accepts (otherApps): declared for the permissions its entry lists.
    const other = ours ? undefined : acceptedEntry(spec, app);
    const accepts = (names: readonly string[]): boolean =>
      other !== undefined && names.every((name) => other.permissions.some((listed) => sameName(listed, name)));
    const decide = (yes: boolean, names: readonly string[]): boolean | null => (scope === undefined ? null : ours ? yes : accepts(names));
    const where = (names: readonly string[]): { pointer?: string } => (other !== undefined && accepts(names) ? { pointer: other.pointer } : {});

    const unscoped = app.application.filter((permission) => PERMISSION_RIGHTS[permission.name] !== undefined && !GRANT_BOUND_ROLES.has(permission.name));
    if (unscoped.length > 0) {
      const { reach, limit } = policyReach(app, mailboxes);
      const since = unscoped
        .map((permission) => permission.since)
        .filter((value) => value !== undefined)
        .sort()[0];
      const by = grantedBy(snapshot.directoryAudits, app, 'Add app role assignment to service principal', since);
      for (const mailbox of reach) {
        const declared = unscoped.filter((permission) =>
          ours ? scope?.application.has(key(permission)) === true && scope.reaches(mailbox, permission) : accepts([permission.name]),
        );
        const undeclared = unscoped.filter((permission) => !declared.includes(permission));
        for (const [permissions, yes] of [
          [declared, true],
          [undeclared, false],
        ] as const)
          if (permissions.length > 0)
            paths.push({
              mailbox,
              principal,
              rights: rightsOf(permissions.map((permission) => permission.name)),
              kind: 'app-permission',
              via: `application permission ${listed(permissions)}, ${limit}`,
              groups: [],
              declared: scope === undefined ? null : yes,
              ...(yes ? where(permissions.map((permission) => permission.name)) : {}),
              ...(since === undefined ? {} : { since }),
              ...(by === undefined ? {} : { by }),
            });
      }
    }

    for (const assignment of app.rbac) {
      const permission = assignment.role.replace(/^Application /, '');
      const rights = rightsOf([permission]);
      if (rights.length === 0) continue;
      const reach = assignment.mailboxes === 'all' ? mailboxes : assignment.mailboxes.filter((mailbox) => covered.has(mailbox));
      for (const mailbox of reach)
        paths.push({
          mailbox,
          principal,
          rights,
          kind: 'app-rbac',
          via: `RBAC for Applications role "${assignment.role}" ${assignment.scope === null ? 'for the whole organization' : `in scope "${assignment.scope}"`}`,
          groups: [],
          declared: decide(spec?.appRbac.some((role) => role.role === assignment.role && role.mailboxes.includes(mailbox)) === true, [assignment.role]),
          ...where([assignment.role]),
          ...(assignment.since === undefined ? {} : { since: assignment.since }),
        });
    }

    if (app.delegated.length > 0) {
      for (const mailbox of mailboxes) {
        const holders = peopleOf.get(mailbox) ?? [];
        const rights = rightsOf(app.delegated.map((permission) => permission.name)).filter((right) => holders.some((path) => path.rights.includes(right)));
        if (rights.length === 0) continue;
        const users = [...new Set(holders.filter((path) => path.rights.some((right) => rights.includes(right))).map((path) => path.principal.id))].sort();
        paths.push({
          mailbox,
          principal,
          rights,
          kind: 'delegated-consent',
          via: `delegated ${listed(app.delegated)} consented for every user: acts for ${users.slice(0, ACTORS).join(', ')}${users.length > ACTORS ? ` and ${users.length - ACTORS} more` : ''}`,
          groups: [],
          declared: decide(
            app.delegated.every((permission) => scope?.delegated.has(permission.name) === true),
            app.delegated.map((permission) => permission.name),
          ),
          ...where(app.delegated.map((permission) => permission.name)),
        });
      }
    }
  }
  return paths;
}
