/**
 * /servicePrincipals (create for an app of this tenant, list with $filter appId eq, get by id or
 * (appId='...'), delete) and admin consent to application permissions as app role assignments:
 * /servicePrincipals/{id}/appRoleAssignments and /appRoleAssignedTo (fidelity 3.5). Assigning a
 * role twice is Graph's "Permission being assigned already exists on the object".
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { applicationByAppId, servicePrincipalByAppId } from '../directory.js';
import { json, type EmuRequest, type EmuResponse } from '../http/types.js';
import type { AppRoleAssignment, ServicePrincipal } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { NEEDS } from './auth.js';
import { GRAPH_ERRORS } from './errors.js';
import { listResponse } from './odata.js';
import { GUID_PATTERN, body, entity, graphRoute } from './route.js';

function spObject(sp: ServicePrincipal): Record<string, unknown> {
  return { ...sp };
}

const KNOWN = new Set(['id', 'appid', 'displayname', 'serviceprincipaltype', 'accountenabled', 'serviceprincipalnames', 'appownerorganizationid']);
const ASSIGNMENT_KNOWN = new Set(['id', 'approleid', 'principalid', 'resourceid', 'principaltype', 'principaldisplayname', 'resourcedisplayname']);

function requireSp(tenant: Tenant, request: EmuRequest): ServicePrincipal {
  const id = request.params.id;
  const sp = id !== undefined ? tenant.collection('servicePrincipals').get(id) : servicePrincipalByAppId(tenant, request.params.appId ?? '');
  if (sp === undefined) throw GRAPH_ERRORS.notFound(id ?? request.params.appId ?? '');
  return sp;
}

function create(context: EmulatorContext, tenant: Tenant, input: Record<string, unknown>): EmuResponse {
  const appId = input.appId;
  if (typeof appId !== 'string') throw GRAPH_ERRORS.badRequest("Property 'appId' is required.");
  const app = applicationByAppId(tenant, appId);
  if (app === undefined) throw GRAPH_ERRORS.badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
  if (servicePrincipalByAppId(tenant, appId) !== undefined) throw GRAPH_ERRORS.conflict('servicePrincipalNames');
  const sp: ServicePrincipal = {
    id: randomUUID(),
    appId: app.appId,
    displayName: app.displayName,
    accountEnabled: true,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: tenant.info.id,
    appRoles: [],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [app.appId],
  };
  tenant.collection('servicePrincipals').put(sp);
  return entity(context, 'servicePrincipals', spObject(sp), 201);
}

function assign(context: EmulatorContext, tenant: Tenant, input: Record<string, unknown>): EmuResponse {
  const { principalId, resourceId, appRoleId } = input;
  if (typeof principalId !== 'string' || typeof resourceId !== 'string' || typeof appRoleId !== 'string') {
    throw GRAPH_ERRORS.badRequest("An app role assignment needs 'principalId', 'resourceId' and 'appRoleId'.");
  }
  const principal = tenant.collection('servicePrincipals').get(principalId);
  const resource = tenant.collection('servicePrincipals').get(resourceId);
  if (principal === undefined) throw GRAPH_ERRORS.notFound(principalId);
  if (resource === undefined) throw GRAPH_ERRORS.notFound(resourceId);
  if (!resource.appRoles.some((role) => role.id === appRoleId)) throw GRAPH_ERRORS.badRequest('Permission being assigned was not found on application');
  const assignments = tenant.collection('appRoleAssignments');
  if (assignments.lookup(`principal:${principalId}`).some((existing) => existing.resourceId === resourceId && existing.appRoleId === appRoleId)) {
    throw GRAPH_ERRORS.badRequest('Permission being assigned already exists on the object');
  }
  const assignment: AppRoleAssignment = {
    id: randomUUID(),
    appRoleId,
    principalId,
    principalType: 'ServicePrincipal',
    principalDisplayName: principal.displayName,
    resourceId,
    resourceDisplayName: resource.displayName,
    createdDateTime: context.now().toISOString(),
  };
  assignments.put(assignment);
  return entity(context, 'appRoleAssignments', { ...assignment, deletedDateTime: null }, 201);
}

function unassign(tenant: Tenant, sp: ServicePrincipal, assignmentId: string): EmuResponse {
  const assignment = tenant.collection('appRoleAssignments').get(assignmentId);
  if (assignment === undefined || (assignment.principalId !== sp.id && assignment.resourceId !== sp.id)) throw GRAPH_ERRORS.notFound(assignmentId);
  tenant.collection('appRoleAssignments').delete(assignmentId);
  return { status: 204 };
}

const BY_ID = `servicePrincipals/(?<id>${GUID_PATTERN})`;
const BY_APP_ID = `servicePrincipals\\(appId='(?<appId>${GUID_PATTERN})'\\)`;

export const SERVICE_PRINCIPAL_ROUTES = [
  graphRoute('GET', 'servicePrincipals', 'servicePrincipals.list', NEEDS.applicationsRead, (request, context, { tenant }) =>
    json(
      200,
      listResponse(request, context.baseUrl, tenant.collection('servicePrincipals').list(), spObject, {
        resource: 'ServicePrincipal',
        entitySet: 'servicePrincipals',
        known: KNOWN,
        defaultTop: 100,
        maxTop: 999,
      }),
    ),
  ),
  graphRoute('POST', 'servicePrincipals', 'servicePrincipals.create', NEEDS.applicationsWrite, (request, context, { tenant }) =>
    create(context, tenant, body(request)),
  ),
  ...[BY_ID, BY_APP_ID].flatMap((path) => [
    graphRoute('GET', path, 'servicePrincipals.get', NEEDS.applicationsRead, (request, context, { tenant }) =>
      entity(context, 'servicePrincipals', spObject(requireSp(tenant, request))),
    ),
    graphRoute('DELETE', path, 'servicePrincipals.delete', NEEDS.applicationsWrite, (request, _context, { tenant }) => {
      const sp = requireSp(tenant, request);
      for (const assignment of tenant.collection('appRoleAssignments').lookup(`principal:${sp.id}`))
        tenant.collection('appRoleAssignments').delete(assignment.id);
      tenant.collection('servicePrincipals').delete(sp.id);
      return { status: 204 };
    }),
    ...(['appRoleAssignments', 'appRoleAssignedTo'] as const).flatMap((relation) => [
      graphRoute('GET', `${path}/${relation}`, `servicePrincipals.${relation}.list`, NEEDS.applicationsRead, (request, context, { tenant }) => {
        const sp = requireSp(tenant, request);
        const key = relation === 'appRoleAssignments' ? `principal:${sp.id}` : `resource:${sp.id}`;
        const items = tenant.collection('appRoleAssignments').lookup(key);
        return json(
          200,
          listResponse(request, context.baseUrl, items, (assignment) => ({ ...assignment, deletedDateTime: null }), {
            resource: 'AppRoleAssignment',
            entitySet: relation,
            known: ASSIGNMENT_KNOWN,
            defaultTop: 100,
            maxTop: 999,
          }),
        );
      }),
      graphRoute('POST', `${path}/${relation}`, `servicePrincipals.${relation}.create`, NEEDS.assignmentsWrite, (request, context, { tenant }) => {
        requireSp(tenant, request);
        return assign(context, tenant, body(request));
      }),
      graphRoute(
        'DELETE',
        `${path}/${relation}/(?<assignmentId>[^/]+)`,
        `servicePrincipals.${relation}.delete`,
        NEEDS.assignmentsWrite,
        (request, _context, { tenant }) => unassign(tenant, requireSp(tenant, request), request.params.assignmentId as string),
      ),
    ]),
  ]),
];
