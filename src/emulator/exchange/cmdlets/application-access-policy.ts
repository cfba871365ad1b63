/**
 * Legacy application access policies (New-/Get-/Remove-/Test-ApplicationAccessPolicy.md; fidelity
 * 2.8): an app's Entra mail permissions reach only the members of a mail-enabled security group or
 * one mailbox (RestrictAccess), or everyone but them (DenyAccess). Microsoft replaced them with
 * RBAC for Applications and says not to create new ones; mbx verify flags them (MBX.APPSCOPE.2).
 * The output of Get- and Test- is not fully documented: the fields here are the documented ones
 * (Description, ScopeName, AccessRight, AppId) plus ScopeIdentity, Identity and, for Test-,
 * AccessCheckResult, whose exact shape is a guess (docs/emulator.md, differences).
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationAccessPolicy } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { policiesAllow } from '../access-policies.js';
import { CMDLET_ERRORS } from '../errors.js';
import { findMailbox, findTrustee, requireMailbox } from '../recipients.js';

const ACCESS_RIGHTS = ['RestrictAccess', 'DenyAccess'] as const;

function policyIdentity(tenant: Tenant, policy: ApplicationAccessPolicy): string {
  return `${tenant.info.id}\\${policy.appId}:${policy.scopeId}`;
}

function policyObject(tenant: Tenant, policy: ApplicationAccessPolicy): Record<string, unknown> {
  return {
    Identity: policyIdentity(tenant, policy),
    AppId: policy.appId,
    ScopeName: policy.scopeName,
    ScopeIdentity: policy.scopeName,
    AccessRight: policy.accessRight,
    Description: policy.description,
    IsValid: true,
  };
}

/** The scope a policy names: a mail-enabled security group, or a mailbox (by its user). */
function resolveScope(tenant: Tenant, text: string): { id: string; name: string } {
  const mailbox = findMailbox(tenant, text);
  if (mailbox !== undefined) return { id: mailbox.userId, name: mailbox.name };
  const trustee = findTrustee(tenant, text);
  if (trustee?.kind === 'group') {
    if (!trustee.group.mailEnabled || !trustee.group.securityEnabled) {
      throw CMDLET_ERRORS.invalidOperation(
        `The group "${trustee.group.displayName}" isn't a mail-enabled security group. PolicyScopeGroupId takes a mail-enabled security group or a mailbox.`,
      );
    }
    return { id: trustee.id, name: trustee.group.displayName };
  }
  throw CMDLET_ERRORS.notFound(text);
}

function findPolicy(tenant: Tenant, identity: string): ApplicationAccessPolicy | undefined {
  const key = identity.trim().toLowerCase();
  return tenant
    .collection('applicationAccessPolicies')
    .list()
    .find((policy) => policy.id === key || policyIdentity(tenant, policy).toLowerCase() === key);
}

export const newApplicationAccessPolicy: Cmdlet = {
  name: 'New-ApplicationAccessPolicy',
  required: ['AppId', 'PolicyScopeGroupId', 'AccessRight'],
  parameters: { AppId: 'strings', PolicyScopeGroupId: 'string', AccessRight: 'string', Description: 'string', Confirm: 'bool' },
  run(params, { tenant }) {
    const rightText = params.string('AccessRight') as string;
    const accessRight = ACCESS_RIGHTS.find((right) => right.toLowerCase() === rightText.toLowerCase());
    if (accessRight === undefined)
      throw CMDLET_ERRORS.badValue('AccessRight', `Cannot convert value "${rightText}". Specify one of the following values: ${ACCESS_RIGHTS.join(', ')}.`);
    const scope = resolveScope(tenant, params.string('PolicyScopeGroupId') as string);
    const created = (params.strings('AppId') ?? []).map((appId): ApplicationAccessPolicy => {
      const policy: ApplicationAccessPolicy = {
        id: randomUUID(),
        appId: appId.toLowerCase(),
        accessRight,
        scopeId: scope.id,
        scopeName: scope.name,
        description: params.string('Description') ?? '',
      };
      if (
        tenant
          .collection('applicationAccessPolicies')
          .lookup(`app:${policy.appId}`)
          .some((existing) => existing.scopeId === scope.id)
      ) {
        throw CMDLET_ERRORS.duplicate(`An application access policy for app ${policy.appId} and scope "${scope.name}" already exists.`);
      }
      return policy;
    });
    for (const policy of created) tenant.collection('applicationAccessPolicies').put(policy);
    return { value: created.map((policy) => policyObject(tenant, policy)) };
  },
};

export const getApplicationAccessPolicy: Cmdlet = {
  name: 'Get-ApplicationAccessPolicy',
  pages: true,
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity');
    if (identity === undefined)
      return {
        value: tenant
          .collection('applicationAccessPolicies')
          .list()
          .map((policy) => policyObject(tenant, policy)),
      };
    const policy = findPolicy(tenant, identity);
    if (policy === undefined) throw CMDLET_ERRORS.notFound(identity);
    return { value: [policyObject(tenant, policy)] };
  },
};

export const removeApplicationAccessPolicy: Cmdlet = {
  name: 'Remove-ApplicationAccessPolicy',
  required: ['Identity'],
  parameters: { Identity: 'string', Confirm: 'bool' },
  run(params, { tenant }) {
    const identity = params.string('Identity') as string;
    const policy = findPolicy(tenant, identity);
    if (policy === undefined) throw CMDLET_ERRORS.notFound(identity);
    tenant.collection('applicationAccessPolicies').delete(policy.id);
    return NONE;
  },
};

export const testApplicationAccessPolicy: Cmdlet = {
  name: 'Test-ApplicationAccessPolicy',
  required: ['Identity', 'AppId'],
  parameters: { Identity: 'string', AppId: 'string' },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const appId = (params.string('AppId') as string).toLowerCase();
    return { value: [{ AppId: appId, Mailbox: mailbox.name, AccessCheckResult: policiesAllow(tenant, appId, mailbox) ? 'Granted' : 'Denied' }] };
  },
};
