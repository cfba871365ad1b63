/**
 * New/Get/Remove-ServicePrincipal (New-ServicePrincipal.md): registers an Entra service principal
 * (the enterprise application, not the app registration) in Exchange, so it can be granted mailbox
 * rights and RBAC for Applications roles. -ObjectId must be the service principal's object id.
 */
import type { ExchangeServicePrincipal } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { exchangeServicePrincipalById } from '../recipients.js';

function object(sp: ExchangeServicePrincipal): Record<string, unknown> {
  return { Identity: sp.id, DisplayName: sp.displayName, AppId: sp.appId, ObjectId: sp.objectId, ServiceId: sp.objectId, ExchangeObjectId: sp.id };
}

export function findExchangeServicePrincipal(tenant: Tenant, identity: string): ExchangeServicePrincipal | undefined {
  const key = identity.trim().toLowerCase();
  return (
    exchangeServicePrincipalById(tenant, key) ??
    tenant
      .collection('exchangeServicePrincipals')
      .list()
      .find((sp) => sp.displayName.toLowerCase() === key)
  );
}

export const newServicePrincipal: Cmdlet = {
  name: 'New-ServicePrincipal',
  required: ['AppId', 'ObjectId'],
  parameters: { AppId: 'string', ObjectId: 'string', ServiceId: 'string', DisplayName: 'string', Organization: 'string' },
  run(params, { tenant }) {
    const appId = (params.string('AppId') as string).toLowerCase();
    const objectId = (params.string('ObjectId') as string).toLowerCase();
    const entra = tenant.collection('servicePrincipals').get(objectId);
    if (entra === undefined || entra.appId.toLowerCase() !== appId) {
      throw CMDLET_ERRORS.invalidOperation(
        `The service principal with ObjectId '${objectId}' and AppId '${appId}' wasn't found in Microsoft Entra ID. Use the object id of the enterprise application (service principal), not of the app registration.`,
      );
    }
    if (tenant.collection('exchangeServicePrincipals').lookup(`object:${objectId}`).length > 0) {
      throw CMDLET_ERRORS.duplicate(`A service principal with ObjectId '${objectId}' already exists.`);
    }
    const sp: ExchangeServicePrincipal = { id: objectId, appId, objectId, displayName: params.string('DisplayName') ?? entra.displayName };
    tenant.collection('exchangeServicePrincipals').put(sp);
    return { value: [object(sp)] };
  },
};

export const getServicePrincipal: Cmdlet = {
  name: 'Get-ServicePrincipal',
  pages: true,
  parameters: { Identity: 'string', Organization: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity');
    if (identity === undefined) return { value: tenant.collection('exchangeServicePrincipals').list().map(object) };
    const sp = findExchangeServicePrincipal(tenant, identity);
    if (sp === undefined) throw CMDLET_ERRORS.notFound(identity);
    return { value: [object(sp)] };
  },
};

export const removeServicePrincipal: Cmdlet = {
  name: 'Remove-ServicePrincipal',
  required: ['Identity'],
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity') as string;
    const sp = findExchangeServicePrincipal(tenant, identity);
    if (sp === undefined) throw CMDLET_ERRORS.notFound(identity);
    for (const assignment of tenant.collection('managementRoleAssignments').lookup(`app:${sp.id}`))
      tenant.collection('managementRoleAssignments').delete(assignment.id);
    tenant.collection('exchangeServicePrincipals').delete(sp.id);
    return NONE;
  },
};
