/**
 * Consent to delegated permissions (/oauth2PermissionGrants: space-separated scopes, AllPrincipals
 * or one Principal; fidelity 3.5) and directory role assignments
 * (/roleManagement/directory/roleAssignments), such as Exchange Administrator for the app that
 * uses Exchange.ManageAsApp.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { json, type EmuResponse } from '../http/types.js';
import type { OAuth2PermissionGrant } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { NEEDS } from './auth.js';
import { GRAPH_ERRORS } from './errors.js';
import { listResponse } from './odata.js';
import { body, entity, graphRoute } from './route.js';

const GRANT_KNOWN = new Set(['id', 'clientid', 'consenttype', 'principalid', 'resourceid', 'scope']);
const ROLE_KNOWN = new Set(['id', 'principalid', 'roledefinitionid', 'directoryscopeid']);

function createGrant(context: EmulatorContext, tenant: Tenant, input: Record<string, unknown>): EmuResponse {
  const { clientId, consentType, principalId, resourceId, scope } = input;
  if (typeof clientId !== 'string' || typeof resourceId !== 'string' || typeof scope !== 'string')
    throw GRAPH_ERRORS.badRequest("A grant needs 'clientId', 'resourceId' and 'scope'.");
  if (consentType !== 'AllPrincipals' && consentType !== 'Principal') throw GRAPH_ERRORS.badRequest("'consentType' must be AllPrincipals or Principal.");
  if (consentType === 'Principal' && typeof principalId !== 'string') throw GRAPH_ERRORS.badRequest("A Principal grant needs 'principalId'.");
  const sps = tenant.collection('servicePrincipals');
  if (sps.get(clientId) === undefined) throw GRAPH_ERRORS.notFound(clientId);
  const resource = sps.get(resourceId);
  if (resource === undefined) throw GRAPH_ERRORS.notFound(resourceId);
  const unknown = scope
    .split(/\s+/)
    .filter(Boolean)
    .find((value) => !resource.oauth2PermissionScopes.some((candidate) => candidate.value === value));
  if (unknown !== undefined)
    throw GRAPH_ERRORS.badRequest(
      `Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant': '${unknown}' is not a scope of ${resource.displayName}.`,
    );
  const principal = consentType === 'Principal' ? (principalId as string) : null;
  const duplicate = tenant
    .collection('oauth2PermissionGrants')
    .lookup(`client:${clientId}`)
    .some((grant) => grant.resourceId === resourceId && grant.principalId === principal);
  if (duplicate) throw GRAPH_ERRORS.alreadyExists('Permission entry already exists.');
  const grant: OAuth2PermissionGrant = { id: randomUUID(), clientId, consentType, principalId: principal, resourceId, scope };
  tenant.collection('oauth2PermissionGrants').put(grant);
  return entity(context, 'oauth2PermissionGrants', { ...grant }, 201);
}

export const GRANT_ROUTES = [
  graphRoute('GET', 'oauth2PermissionGrants', 'oauth2PermissionGrants.list', NEEDS.applicationsRead, (request, context, { tenant }) =>
    json(
      200,
      listResponse(request, context.baseUrl, tenant.collection('oauth2PermissionGrants').list(), (grant) => ({ ...grant }), {
        resource: 'OAuth2PermissionGrant',
        entitySet: 'oauth2PermissionGrants',
        known: GRANT_KNOWN,
        defaultTop: 100,
        maxTop: 999,
      }),
    ),
  ),
  graphRoute('POST', 'oauth2PermissionGrants', 'oauth2PermissionGrants.create', NEEDS.grantsWrite, (request, context, { tenant }) =>
    createGrant(context, tenant, body(request)),
  ),
  graphRoute('PATCH', 'oauth2PermissionGrants/(?<id>[^/]+)', 'oauth2PermissionGrants.update', NEEDS.grantsWrite, (request, _context, { tenant }) => {
    const grant = tenant.collection('oauth2PermissionGrants').get(request.params.id as string);
    if (grant === undefined) throw GRAPH_ERRORS.notFound(request.params.id as string);
    const scope = body(request).scope;
    if (typeof scope !== 'string') throw GRAPH_ERRORS.badRequest("Only 'scope' can be updated.");
    tenant.collection('oauth2PermissionGrants').put({ ...grant, scope });
    return { status: 204 };
  }),
  graphRoute('DELETE', 'oauth2PermissionGrants/(?<id>[^/]+)', 'oauth2PermissionGrants.delete', NEEDS.grantsWrite, (request, _context, { tenant }) => {
    if (!tenant.collection('oauth2PermissionGrants').delete(request.params.id as string)) throw GRAPH_ERRORS.notFound(request.params.id as string);
    return { status: 204 };
  }),
  graphRoute('GET', 'roleManagement/directory/roleAssignments', 'roleAssignments.list', NEEDS.rolesRead, (request, context, { tenant }) =>
    json(
      200,
      listResponse(request, context.baseUrl, tenant.collection('directoryRoleAssignments').list(), (assignment) => ({ ...assignment }), {
        resource: 'UnifiedRoleAssignment',
        entitySet: 'roleManagement/directory/roleAssignments',
        known: ROLE_KNOWN,
        defaultTop: 100,
        maxTop: 999,
      }),
    ),
  ),
  graphRoute('POST', 'roleManagement/directory/roleAssignments', 'roleAssignments.create', NEEDS.rolesWrite, (request, context, { tenant }) => {
    const { principalId, roleDefinitionId, directoryScopeId } = body(request);
    if (typeof principalId !== 'string' || typeof roleDefinitionId !== 'string')
      throw GRAPH_ERRORS.badRequest("A role assignment needs 'principalId' and 'roleDefinitionId'.");
    const exists =
      tenant.collection('users').get(principalId) ?? tenant.collection('servicePrincipals').get(principalId) ?? tenant.collection('groups').get(principalId);
    if (exists === undefined) throw GRAPH_ERRORS.notFound(principalId);
    if (
      tenant
        .collection('directoryRoleAssignments')
        .lookup(`principal:${principalId}`)
        .some((assignment) => assignment.roleDefinitionId === roleDefinitionId)
    ) {
      throw GRAPH_ERRORS.badRequest('A conflicting object with one or more of the specified property values is present in the directory.');
    }
    const assignment = { id: randomUUID(), principalId, roleDefinitionId, directoryScopeId: typeof directoryScopeId === 'string' ? directoryScopeId : '/' };
    tenant.collection('directoryRoleAssignments').put(assignment);
    return entity(context, 'roleManagement/directory/roleAssignments', { ...assignment }, 201);
  }),
  graphRoute('DELETE', 'roleManagement/directory/roleAssignments/(?<id>[^/]+)', 'roleAssignments.delete', NEEDS.rolesWrite, (request, _context, { tenant }) => {
    if (!tenant.collection('directoryRoleAssignments').delete(request.params.id as string)) throw GRAPH_ERRORS.notFound(request.params.id as string);
    return { status: 204 };
  }),
];
