/**
 * Legacy application access policies as Exchange applies them to an app's Entra mail permissions
 * (fidelity 4.x): shared by Graph's mail routes and Test-ApplicationAccessPolicy.
 */
import type { ApplicationAccessPolicy, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';

/**
 * Whether the app's policies let its Entra permissions reach the mailbox: no policy, yes; a
 * DenyAccess policy covering it, no; RestrictAccess policies, only if one covers it.
 */
export function policiesAllow(tenant: Tenant, appId: string, mailbox: Mailbox): boolean {
  const policies = tenant.collection('applicationAccessPolicies').lookup(`app:${appId.toLowerCase()}`);
  if (policies.length === 0) return true;
  const covers = (policy: ApplicationAccessPolicy): boolean =>
    policy.scopeId === mailbox.userId || (tenant.collection('groups').get(policy.scopeId)?.members.includes(mailbox.userId) ?? false);
  if (policies.some((policy) => policy.accessRight === 'DenyAccess' && covers(policy))) return false;
  const restricting = policies.filter((policy) => policy.accessRight === 'RestrictAccess');
  return restricting.length === 0 || restricting.some(covers);
}
