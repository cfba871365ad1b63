/**
 * The CrossGuard policies: the rules `mbx verify` checks, enforced before `pulumi up` changes the
 * tenant (`pulumi preview --policy-pack policy`, the folder npm run build bundles them into).
 * Exported on their own so tests run them without the CLI; index.ts makes them a PolicyPack.
 *
 * Exchange objects are recognised by their type, one per kind (`exchangeType`);
 * app permissions are resolved from ids to names through the resource APIs' service principals in
 * the stack (their appRoleIds and oauth2PermissionScopeIds). Policies that need the spec read its
 * path from the policy config `spec`; without it they compare against every client profile mbx
 * knows, or do not apply.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { PROFILES } from '../../profiles/index.js';
import type { Permission } from '../../profiles/types.js';
import { loadSpecFile } from '../../spec/load.js';
import type { Spec } from '../../spec/types.js';
import { RESOURCE_APP_IDS, TENANT_WIDE_MAIL_ROLES } from '../../m365/wellknown.js';
import { exchangeType } from '../providers/provider.js';

const APPLICATION = 'azuread:index/application:Application';
const SERVICE_PRINCIPAL = 'azuread:index/servicePrincipal:ServicePrincipal';
const DELEGATED_GRANT = 'azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant';
const PASSWORD = 'azuread:index/applicationPassword:ApplicationPassword';
const DAY_MS = 86_400_000;
/** Microsoft's guidance for client secrets: rotate within 12 months (MS.AAD / CIS 5.x). */
const MAX_SECRET_DAYS = 365;
/** Graph application permissions that reach every mailbox in the tenant unless RBAC for Applications scopes them. */
const TENANT_WIDE_MAIL = new Set(TENANT_WIDE_MAIL_ROLES);

const SPEC_CONFIG = {
  properties: { spec: { type: 'string' as const, description: 'The mbx spec the stack provisions, to compare with what its client profiles need.' } },
};

const specs = new Map<string, Promise<Spec | undefined>>();
/** The spec the policy config names, loaded once; undefined without one. */
async function specFrom(config: { spec?: string }): Promise<Spec | undefined> {
  if (config.spec === undefined) return undefined;
  // The pack runs in its own folder: a relative path is the directory Pulumi was run in (PWD).
  const file = isAbsolute(config.spec) || existsSync(config.spec) ? config.spec : resolve(process.env.PWD ?? process.cwd(), config.spec);
  let loading = specs.get(file);
  if (loading === undefined) {
    loading = loadSpecFile(file).then((loaded) => {
      if (!loaded.ok) throw new Error(`The policy config's spec ${file} has errors; run mbx validate ${file}.`);
      return loaded.spec;
    });
    specs.set(file, loading);
  }
  return loading;
}

const key = (permission: Permission, type: 'Role' | 'Scope'): string =>
  `${type} ${permission.resource === 'Microsoft Graph' ? RESOURCE_APP_IDS.graph : RESOURCE_APP_IDS.exchange} ${permission.name}`;

/** Every permission some client profile may need: the bound when no spec is configured. */
const ANY_PROFILE = new Set(
  Object.values(PROFILES).flatMap((profile) =>
    profile.modes.flatMap((mode) => [
      ...mode.applicationPermissions.map((permission) => key(permission, 'Role')),
      ...mode.delegatedScopes.map((permission) => key(permission, 'Scope')),
    ]),
  ),
);

interface Requested {
  readonly type: 'Role' | 'Scope';
  readonly resourceAppId: string;
  readonly name: string;
  readonly urn: string;
}

/** The app's permissions by name: requiredResourceAccess resolved through the resource APIs' service principals, and the delegated grants. */
function requestedPermissions(resources: readonly PolicyResource[]): Requested[] {
  const apis = new Map(
    resources.filter((resource) => resource.type === SERVICE_PRINCIPAL).map((resource) => [String(resource.props.clientId), resource.props]),
  );
  const requested: Requested[] = [];
  for (const app of resources.filter((resource) => resource.type === APPLICATION)) {
    for (const access of (app.props.requiredResourceAccesses ?? []) as {
      resourceAppId: string;
      resourceAccesses?: { id: string; type: 'Role' | 'Scope' }[];
    }[]) {
      const api = apis.get(access.resourceAppId);
      for (const { id, type } of access.resourceAccesses ?? []) {
        const ids = (type === 'Role' ? api?.appRoleIds : api?.oauth2PermissionScopeIds) as Record<string, string> | undefined;
        const name = Object.entries(ids ?? {}).find(([, candidate]) => candidate === id)?.[0] ?? id;
        requested.push({ type, resourceAppId: access.resourceAppId, name, urn: app.urn });
      }
    }
  }
  const principals = new Map(
    resources.filter((resource) => resource.type === SERVICE_PRINCIPAL).map((resource) => [String(resource.props.objectId), String(resource.props.clientId)]),
  );
  for (const grant of resources.filter((resource) => resource.type === DELEGATED_GRANT)) {
    const resourceAppId = principals.get(String(grant.props.resourceServicePrincipalObjectId)) ?? String(grant.props.resourceServicePrincipalObjectId);
    for (const name of (grant.props.claimValues ?? []) as string[]) requested.push({ type: 'Scope', resourceAppId, name, urn: grant.urn });
  }
  return requested;
}

const apiName = (resourceAppId: string): string =>
  resourceAppId === RESOURCE_APP_IDS.graph ? 'Microsoft Graph' : resourceAppId === RESOURCE_APP_IDS.exchange ? 'Office 365 Exchange Online' : resourceAppId;
const describe = (permission: Requested): string =>
  `${apiName(permission.resourceAppId)} ${permission.type === 'Role' ? 'application permission' : 'delegated scope'} ${permission.name}`;

export const sharedMailboxSignInBlocked: ResourceValidationPolicy = {
  name: 'mbx-shared-mailbox-sign-in-blocked',
  description: "A shared mailbox's own account cannot sign in (MBX.SIGNIN.1): people reach it through delegation.",
  enforcementLevel: 'mandatory',
  validateResource(args, reportViolation) {
    if (args.type !== exchangeType('shared-mailbox')) return;
    if (args.props.signInBlocked !== true)
      reportViolation(`${String(args.props.address)}: its sign-in must be blocked; remove signInBlocked: false from the spec (MBX.SIGNIN.1).`);
  },
};

export const sharedMailboxRetained: ResourceValidationPolicy = {
  name: 'mbx-shared-mailbox-retained',
  description:
    "A shared mailbox and its mail stay when it leaves the stack (onDelete: retain); removing one takes onDelete: remove in the spec and the address in this policy's removableMailboxes.",
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      removableMailboxes: {
        type: 'array' as const,
        items: { type: 'string' as const },
        description: 'Shared mailboxes this stack may remove with their mail (the spec must also say onDelete: remove).',
      },
    },
  },
  validateResource(args, reportViolation) {
    if (args.type !== exchangeType('shared-mailbox')) return;
    const address = String(args.props.address).toLowerCase();
    const onDelete = args.props.onDelete;
    if (onDelete === 'retain') return;
    const removable = (args.getConfig<{ removableMailboxes?: string[] }>().removableMailboxes ?? []).map((entry) => entry.toLowerCase());
    if (onDelete === 'remove' && removable.includes(address)) return;
    reportViolation(
      onDelete === 'remove'
        ? `${address}: onDelete: remove would delete the mailbox and its mail when it leaves the stack. If that is meant, add ${address} to removableMailboxes in the policy config; otherwise remove onDelete from the spec.`
        : `${address}: declares no onDelete, so nothing says its mail is kept; declare it with the mbx program (onDelete: retain is the default).`,
    );
  },
};

export const noFullAccessAsApp: StackValidationPolicy = {
  name: 'mbx-no-full-access-as-app',
  description: 'The app does not ask for Exchange full_access_as_app, which reaches every mailbox through EWS and cannot be scoped.',
  enforcementLevel: 'mandatory',
  validateStack(args, reportViolation) {
    for (const permission of requestedPermissions(args.resources)) {
      if (permission.name === 'full_access_as_app')
        reportViolation(
          `The app asks for ${describe(permission)}: it reaches every mailbox in the tenant. Use the profile's IMAP, POP, SMTP or Graph mode instead (MBX.APPPERM.1).`,
          permission.urn,
        );
    }
  },
};

export const appPermissionsLeastPrivilege: StackValidationPolicy = {
  name: 'mbx-app-permissions-least-privilege',
  description: "The app asks for no permission its clients' profiles do not need (MBX.APPPERM.1).",
  enforcementLevel: 'mandatory',
  configSchema: SPEC_CONFIG,
  async validateStack(args, reportViolation) {
    const spec = await specFrom(args.getConfig<{ spec?: string }>());
    const needed =
      spec === undefined
        ? ANY_PROFILE
        : new Set([
            ...spec.appPermissions.application.map((permission) => key(permission, 'Role')),
            ...spec.appPermissions.delegated.map((permission) => key(permission, 'Scope')),
          ]);
    for (const permission of requestedPermissions(args.resources)) {
      if (!needed.has(`${permission.type} ${permission.resourceAppId} ${permission.name}`)) {
        reportViolation(
          `The app asks for ${describe(permission)}, which ${spec === undefined ? 'no mbx client profile' : `no client in ${spec.file}`} needs; leave it out.`,
          permission.urn,
        );
      }
    }
  },
};

export const mailPermissionsScopedByRbac: StackValidationPolicy = {
  name: 'mbx-mail-permissions-scoped-by-rbac',
  description:
    'Mail access as the app goes through RBAC for Applications, scoped to the declared mailboxes, never a tenant-wide Graph application permission (MBX.APPSCOPE.1).',
  enforcementLevel: 'mandatory',
  validateStack(args, reportViolation) {
    for (const permission of requestedPermissions(args.resources)) {
      if (permission.type === 'Role' && permission.resourceAppId === RESOURCE_APP_IDS.graph && TENANT_WIDE_MAIL.has(permission.name)) {
        reportViolation(
          `The app asks for ${describe(permission)}, which reaches every mailbox in the tenant; grant the role "Application ${permission.name}" through RBAC for Applications instead (mailboxScope: rbac).`,
          permission.urn,
        );
      }
    }
    const scopes = new Map(
      args.resources.filter((resource) => resource.type === exchangeType('management-scope')).map((resource) => [String(resource.props.name), resource]),
    );
    for (const scope of scopes.values()) {
      if (((scope.props.mailboxes ?? []) as string[]).length === 0)
        reportViolation(
          `The management scope ${String(scope.props.name)} names no mailbox: a role scoped by it would reach none, or all if the filter is dropped.`,
          scope.urn,
        );
    }
    for (const role of args.resources.filter((resource) => resource.type === exchangeType('role-assignment'))) {
      if (!scopes.has(String(role.props.scope)))
        reportViolation(
          `The role ${String(role.props.role)} is not scoped by a management scope this stack declares; without one it reaches every mailbox.`,
          role.urn,
        );
    }
  },
};

export const secretLifetime: ResourceValidationPolicy = {
  name: 'mbx-secret-lifetime',
  description: `An app secret lives at most ${MAX_SECRET_DAYS} days; prefer a certificate.`,
  enforcementLevel: 'mandatory',
  validateResource(args, reportViolation) {
    if (args.type !== PASSWORD) return;
    const end = Date.parse(String(args.props.endDate ?? ''));
    const start = args.props.startDate === undefined ? Date.now() : Date.parse(String(args.props.startDate));
    if (Number.isNaN(end))
      reportViolation(
        `The app secret has no end date: Entra would keep it for two years. Set lifetimeDays (at most ${MAX_SECRET_DAYS}) and mbx:secretStartDate.`,
      );
    else if ((end - start) / DAY_MS > MAX_SECRET_DAYS)
      reportViolation(
        `The app secret lives ${Math.round((end - start) / DAY_MS)} days; keep it to ${MAX_SECRET_DAYS} or less (lifetimeDays), or use a certificate.`,
      );
  },
};

export const autoMappingDirect: ResourceValidationPolicy = {
  name: 'mbx-auto-mapping-direct',
  description: 'Full Access that should auto-map in Outlook is granted to users, not through a group, where auto-mapping cannot work (MBX.AUTOMAP.1).',
  enforcementLevel: 'advisory',
  configSchema: SPEC_CONFIG,
  async validateResource(args, reportViolation) {
    if (args.type !== exchangeType('full-access') || args.props.autoMapping !== true) return;
    const spec = await specFrom(args.getConfig<{ spec?: string }>());
    if (spec === undefined) return;
    const trustee = String(args.props.trustee).toLowerCase();
    if (spec.groups.some((group) => group.address === trustee)) {
      reportViolation(
        `${String(args.props.mailbox)}: Full Access for the group ${trustee} cannot auto-map in Outlook; grant it to each user who opens the mailbox, or set autoMapping: false.`,
      );
    }
  },
};

export const POLICIES = [
  sharedMailboxSignInBlocked,
  sharedMailboxRetained,
  noFullAccessAsApp,
  appPermissionsLeastPrivilege,
  mailPermissionsScopedByRbac,
  secretLifetime,
  autoMappingDirect,
] as const;

/** Run a policy's validation over resources as the engine would, collecting its violations. */
export async function violations(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: readonly PolicyResource[],
  config: { spec?: string; removableMailboxes?: string[] } = {},
): Promise<{ message: string; urn?: string }[]> {
  const found: { message: string; urn?: string }[] = [];
  const report: ReportViolation = (message, urn) => found.push({ message, ...(urn === undefined ? {} : { urn }) });
  const common = {
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(reason ?? 'not applicable');
    },
  };
  if ('validateStack' in policy && policy.validateStack !== undefined) {
    await policy.validateStack({ ...common, resources: [...resources] }, report);
  } else if ('validateResource' in policy && policy.validateResource !== undefined) {
    const validate = policy.validateResource;
    for (const resource of resources) {
      const args = { ...common, ...resource, isType: () => false, asType: () => undefined };
      const reportFor: ReportViolation = (message, urn) => report(message, urn ?? resource.urn);
      if (Array.isArray(validate)) for (const one of validate) await one(args as never, reportFor);
      else await (validate as (args: never, report: ReportViolation) => Promise<void> | void)(args as never, reportFor);
    }
  }
  return found;
}
