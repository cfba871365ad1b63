/**
 * RBAC for Applications (learn.microsoft.com/exchange/permissions-exo/application-rbac):
 * New/Get/Set/Remove-ManagementScope with a RecipientRestrictionFilter, New/Get/Remove-
 * ManagementRoleAssignment of an "Application ..." role to a service principal, optionally
 * scoped, and Test-ServicePrincipalAuthorization, which evaluates the scopes against a mailbox.
 */
import { randomUUID } from 'node:crypto';
import type { ManagementRoleAssignment, ManagementScope } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import { exchangeTime, exchangeTimeUtc } from '../format.js';
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { parseFilter } from '../opath.js';
import { mailboxObject } from '../present.js';
import { assignmentCovers, findScope } from '../rbac-scope.js';
import { requireMailbox } from '../recipients.js';
import { findExchangeServicePrincipal } from './service-principal.js';

export const APPLICATION_ROLES = [
  'Application Mail.Read',
  'Application Mail.ReadBasic',
  'Application Mail.ReadWrite',
  'Application Mail.Send',
  'Application MailboxSettings.Read',
  'Application MailboxSettings.ReadWrite',
  'Application Calendars.Read',
  'Application Calendars.ReadWrite',
  'Application Contacts.Read',
  'Application Contacts.ReadWrite',
  'Application Mail Full Access',
  'Application Exchange Full Access',
  'Application EWS.AccessAsApp',
  'Application SMTP.SendAsApp',
];

function scopeObject(scope: ManagementScope): Record<string, unknown> {
  return {
    Identity: scope.name,
    Name: scope.name,
    RecipientRestrictionFilter: scope.recipientRestrictionFilter,
    ScopeRestrictionType: 'RecipientScope',
    Exclusive: false,
  };
}

export const newManagementScope: Cmdlet = {
  name: 'New-ManagementScope',
  required: ['Name', 'RecipientRestrictionFilter'],
  parameters: { Name: 'string', RecipientRestrictionFilter: 'string', RecipientRoot: 'string', Exclusive: 'bool', Force: 'bool' },
  run(params, { tenant }) {
    const name = params.string('Name') as string;
    const filter = params.string('RecipientRestrictionFilter') as string;
    parseFilter(filter);
    if (findScope(tenant, name) !== undefined) throw CMDLET_ERRORS.duplicate(`The management scope "${name}" already exists.`);
    const scope: ManagementScope = { id: randomUUID(), name, recipientRestrictionFilter: filter };
    tenant.collection('managementScopes').put(scope);
    return { value: [scopeObject(scope)] };
  },
};

export const getManagementScope: Cmdlet = {
  name: 'Get-ManagementScope',
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity');
    if (identity === undefined) return { value: tenant.collection('managementScopes').list().map(scopeObject) };
    const scope = findScope(tenant, identity);
    if (scope === undefined) throw CMDLET_ERRORS.notFound(identity);
    return { value: [scopeObject(scope)] };
  },
};

/** Set-ManagementScope -RecipientRestrictionFilter: a new filter for a scope, which its role assignments follow at once. */
export const setManagementScope: Cmdlet = {
  name: 'Set-ManagementScope',
  required: ['Identity'],
  parameters: { Identity: 'string', RecipientRestrictionFilter: 'string', Name: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity') as string;
    const scope = findScope(tenant, identity);
    if (scope === undefined) throw CMDLET_ERRORS.notFound(identity);
    const filter = params.string('RecipientRestrictionFilter') ?? scope.recipientRestrictionFilter;
    parseFilter(filter);
    const next: ManagementScope = { ...scope, recipientRestrictionFilter: filter };
    tenant.collection('managementScopes').put(next);
    return NONE;
  },
};

export const removeManagementScope: Cmdlet = {
  name: 'Remove-ManagementScope',
  required: ['Identity'],
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity') as string;
    const scope = findScope(tenant, identity);
    if (scope === undefined) throw CMDLET_ERRORS.notFound(identity);
    if (
      tenant
        .collection('managementRoleAssignments')
        .list()
        .some((assignment) => assignment.customResourceScope === scope.name)
    ) {
      throw CMDLET_ERRORS.invalidOperation(`The management scope "${scope.name}" is used by role assignments. Remove them first.`);
    }
    tenant.collection('managementScopes').delete(scope.id);
    return NONE;
  },
};

function assignmentObject(tenant: Tenant, assignment: ManagementRoleAssignment): Record<string, unknown> {
  const sp = tenant.collection('exchangeServicePrincipals').get(assignment.app);
  return {
    Identity: assignment.name,
    Name: assignment.name,
    Role: assignment.role,
    RoleAssignee: assignment.app,
    RoleAssigneeName: sp?.displayName ?? assignment.app,
    RoleAssigneeType: 'ServicePrincipal',
    CustomResourceScope: assignment.customResourceScope,
    RecipientWriteScope: assignment.customResourceScope === null ? 'Organization' : 'CustomRecipientScope',
    Enabled: true,
    'WhenCreated@data.type': 'System.DateTime',
    WhenCreated: exchangeTime(assignment.grantedAt),
    WhenCreatedUTC: exchangeTimeUtc(assignment.grantedAt),
  };
}

export const newManagementRoleAssignment: Cmdlet = {
  name: 'New-ManagementRoleAssignment',
  required: ['Role', 'App'],
  parameters: { Name: 'string', Role: 'string', App: 'string', CustomResourceScope: 'string', RecipientAdministrativeUnitScope: 'string' },
  run(params, { tenant, now }) {
    const roleText = params.string('Role') as string;
    const role = APPLICATION_ROLES.find((candidate) => candidate.toLowerCase() === roleText.toLowerCase());
    if (role === undefined)
      throw CMDLET_ERRORS.invalidOperation(
        `The role "${roleText}" can't be assigned to a service principal. Use one of the Application roles: ${APPLICATION_ROLES.join(', ')}.`,
      );
    const appText = params.string('App') as string;
    const sp = findExchangeServicePrincipal(tenant, appText);
    if (sp === undefined) throw CMDLET_ERRORS.notFound(appText);
    const scopeName = params.string('CustomResourceScope');
    const scope = scopeName === undefined ? undefined : findScope(tenant, scopeName);
    if (scopeName !== undefined && scope === undefined) throw CMDLET_ERRORS.notFound(scopeName);
    const name = params.string('Name') ?? `${role}-${sp.id}`;
    if (tenant.collection('managementRoleAssignments').lookup(`name:${name.toLowerCase()}`).length > 0)
      throw CMDLET_ERRORS.duplicate(`The role assignment "${name}" already exists.`);
    const assignment: ManagementRoleAssignment = {
      id: randomUUID(),
      name,
      role,
      app: sp.id,
      customResourceScope: scope?.name ?? null,
      grantedAt: now.toISOString(),
    };
    tenant.collection('managementRoleAssignments').put(assignment);
    return { value: [assignmentObject(tenant, assignment)] };
  },
};

export const getManagementRoleAssignment: Cmdlet = {
  name: 'Get-ManagementRoleAssignment',
  pages: true,
  parameters: { Identity: 'string', Role: 'string', RoleAssignee: 'string', App: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity')?.toLowerCase();
    const role = params.string('Role')?.toLowerCase();
    const assigneeText = params.string('App') ?? params.string('RoleAssignee');
    const assignee = assigneeText === undefined ? undefined : findExchangeServicePrincipal(tenant, assigneeText);
    if (assigneeText !== undefined && assignee === undefined) throw CMDLET_ERRORS.notFound(assigneeText);
    const found = tenant
      .collection('managementRoleAssignments')
      .list()
      .filter((assignment) => identity === undefined || assignment.name.toLowerCase() === identity)
      .filter((assignment) => role === undefined || assignment.role.toLowerCase() === role)
      .filter((assignment) => assignee === undefined || assignment.app === assignee.id);
    if (identity !== undefined && found.length === 0) throw CMDLET_ERRORS.notFound(params.string('Identity') as string);
    return { value: found.map((assignment) => assignmentObject(tenant, assignment)) };
  },
};

export const removeManagementRoleAssignment: Cmdlet = {
  name: 'Remove-ManagementRoleAssignment',
  required: ['Identity'],
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity') as string;
    const assignment =
      tenant.collection('managementRoleAssignments').lookup(`name:${identity.toLowerCase()}`)[0] ??
      tenant.collection('managementRoleAssignments').get(identity);
    if (assignment === undefined) throw CMDLET_ERRORS.notFound(identity);
    tenant.collection('managementRoleAssignments').delete(assignment.id);
    return NONE;
  },
};

export const testServicePrincipalAuthorization: Cmdlet = {
  name: 'Test-ServicePrincipalAuthorization',
  required: ['Identity'],
  parameters: { Identity: 'string', Resource: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity') as string;
    const sp = findExchangeServicePrincipal(tenant, identity);
    if (sp === undefined) throw CMDLET_ERRORS.notFound(identity);
    const resource = params.string('Resource');
    const target = resource === undefined ? undefined : mailboxObject(tenant, requireMailbox(tenant, resource));
    return {
      value: tenant
        .collection('managementRoleAssignments')
        .lookup(`app:${sp.id}`)
        .map((assignment) => ({
          RoleName: assignment.role,
          GrantedPermissions: assignment.role.replace(/^Application /, ''),
          AllowedResourceScope: assignment.customResourceScope ?? 'Organization',
          ScopeType: assignment.customResourceScope === null ? 'Organization' : 'CustomRecipientScope',
          InScope: target === undefined ? 'Not Run' : assignmentCovers(tenant, assignment, target) ? 'True' : 'False',
        })),
    };
  },
};
