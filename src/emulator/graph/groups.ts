/**
 * Graph's /groups (learn.microsoft.com/graph/api/resources/groups-overview): list, get, create,
 * PATCH and delete; members and transitiveMembers, members added by `$ref` and removed; and a
 * user's memberOf and transitiveMemberOf. Graph makes security groups and Microsoft 365 groups;
 * mail-enabled security groups and distribution groups are Exchange's (New-DistributionGroup),
 * and Graph refuses to create them or change their members in its own words:
 * "Cannot Create a mail-enabled security groups and or distribution list." (msgraph-sdk-powershell
 * #1805, MicrosoftDocs/azure-docs#85186) and "Cannot Update a mail-enabled security groups and or
 * distribution list." (microsoft-graph-docs#14827). A member added twice gets "One or more added
 * object references already exist for the following modified properties: 'members'."
 * (microsoft-graph-docs#8637).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { defaultDomain } from '../exchange/mailboxes.js';
import { addressInUse } from '../exchange/recipients.js';
import { groupKind, groupsContaining, leaveGroups, transitiveMembers } from '../groups.js';
import { json, type EmuRequest } from '../http/types.js';
import type { Group } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { GRAPH_ERRORS } from './errors.js';
import { listResponse, type ListOptions } from './odata.js';
import { KEY, body, entity, graphRoute } from './route.js';
import { requireUser, userObject } from './users.js';

const READ = ['Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const NEEDS = {
  read: { app: READ, delegated: READ },
  write: { app: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'], delegated: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'] },
  members: {
    app: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
} as const;

const KNOWN = new Set([
  'id',
  'displayname',
  'description',
  'mail',
  'mailenabled',
  'mailnickname',
  'securityenabled',
  'grouptypes',
  'proxyaddresses',
  'createddatetime',
]);
const GROUP_LIST: ListOptions = { resource: 'Group', entitySet: 'groups', known: KNOWN, defaultTop: 100, maxTop: 999 };
const MEMBER_LIST: ListOptions = {
  resource: 'DirectoryObject',
  entitySet: 'directoryObjects',
  known: new Set([...KNOWN, 'userprincipalname']),
  defaultTop: 100,
  maxTop: 999,
};

export function groupObject(group: Group): Record<string, unknown> {
  return {
    id: group.id,
    createdDateTime: group.createdDateTime ?? null,
    description: group.description ?? null,
    displayName: group.displayName,
    groupTypes: group.groupTypes ?? [],
    mail: group.mail,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    proxyAddresses: group.emailAddresses ?? [],
    securityEnabled: group.securityEnabled,
    visibility: groupKind(group) === 'microsoft365' ? 'Public' : null,
  };
}

function requireGroup(tenant: Tenant, id: string): Group {
  const group = tenant.collection('groups').get(id);
  if (group === undefined) throw GRAPH_ERRORS.notFound(id);
  return group;
}

/** A directory object as members lists show it, with its @odata.type. */
function directoryObject(tenant: Tenant, id: string): Record<string, unknown> | undefined {
  const user = tenant.collection('users').get(id);
  if (user !== undefined) return { '@odata.type': '#microsoft.graph.user', ...userObject(tenant, user) };
  const group = tenant.collection('groups').get(id);
  if (group !== undefined) return { '@odata.type': '#microsoft.graph.group', ...groupObject(group) };
  const sp = tenant.collection('servicePrincipals').get(id);
  if (sp !== undefined) return { '@odata.type': '#microsoft.graph.servicePrincipal', id: sp.id, appId: sp.appId, displayName: sp.displayName };
  return undefined;
}

function members(request: EmuRequest, context: EmulatorContext, tenant: Tenant, ids: readonly string[]): ReturnType<typeof json> {
  const objects = ids.map((id) => directoryObject(tenant, id)).filter((object): object is Record<string, unknown> => object !== undefined);
  return json(
    200,
    listResponse(request, context.baseUrl, objects, (object) => object, MEMBER_LIST),
  );
}

function requiredBoolean(input: Record<string, unknown>, key: string): boolean {
  const value = input[key];
  if (typeof value !== 'boolean') throw GRAPH_ERRORS.badRequest(`Invalid value specified for property '${key}' of resource 'Group'.`);
  return value;
}

function requiredString(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value.trim() === '') throw GRAPH_ERRORS.badRequest(`Invalid value specified for property '${key}' of resource 'Group'.`);
  return value;
}

/** The object id a `members@odata.bind` or `$ref` body names: `https://graph.microsoft.com/v1.0/directoryObjects/{id}`. */
function referencedId(tenant: Tenant, reference: unknown): string {
  if (typeof reference !== 'string') throw GRAPH_ERRORS.badRequest("The property '@odata.id' is required.");
  const id = /\/(?:directoryObjects|users|groups|servicePrincipals)\/([^/?]+)$/i.exec(reference)?.[1] ?? '';
  const known = tenant.collection('users').get(id) ?? tenant.collection('groups').get(id) ?? tenant.collection('servicePrincipals').get(id);
  if (known === undefined) throw GRAPH_ERRORS.notFound(id);
  return id;
}

/** Graph writes the members of security groups and Microsoft 365 groups only. */
function writableByGraph(group: Group): void {
  const kind = groupKind(group);
  if (kind === 'mailEnabledSecurity' || kind === 'distribution')
    throw GRAPH_ERRORS.badRequest('Cannot Update a mail-enabled security groups and or distribution list.');
}

function createGroup(context: EmulatorContext, tenant: Tenant, input: Record<string, unknown>): ReturnType<typeof entity> {
  const displayName = requiredString(input, 'displayName');
  const mailNickname = requiredString(input, 'mailNickname');
  const mailEnabled = requiredBoolean(input, 'mailEnabled');
  const securityEnabled = requiredBoolean(input, 'securityEnabled');
  const groupTypes = Array.isArray(input.groupTypes) ? input.groupTypes.map(String) : [];
  const unified = groupTypes.includes('Unified');
  if (mailEnabled && !unified) throw GRAPH_ERRORS.badRequest('Cannot Create a mail-enabled security groups and or distribution list.');
  let mail: string | null = null;
  if (unified) {
    mail = `${mailNickname}@${defaultDomain(tenant)}`.toLowerCase();
    if (addressInUse(tenant, mail)) throw GRAPH_ERRORS.conflict('proxyAddresses');
  }
  const bound = input['members@odata.bind'];
  const group: Group = {
    id: randomUUID(),
    displayName,
    mailNickname,
    mail,
    mailEnabled,
    securityEnabled,
    members: Array.isArray(bound) ? [...new Set(bound.map((reference) => referencedId(tenant, reference)))] : [],
    groupTypes,
    description: typeof input.description === 'string' ? input.description : null,
    createdDateTime: context.now().toISOString(),
    ...(mail === null ? {} : { emailAddresses: [`SMTP:${mail}`] }),
  };
  tenant.collection('groups').put(group);
  return entity(context, 'groups', groupObject(group), 201);
}

const GROUP = `groups/${KEY}`;

export const GROUP_ROUTES = [
  graphRoute('GET', 'groups', 'groups.list', NEEDS.read, (request, context, { tenant }) =>
    json(200, listResponse(request, context.baseUrl, tenant.collection('groups').list(), groupObject, GROUP_LIST)),
  ),
  graphRoute('POST', 'groups', 'groups.create', NEEDS.write, (request, context, { tenant }) => createGroup(context, tenant, body(request))),
  graphRoute('GET', GROUP, 'groups.get', NEEDS.read, (request, context, { tenant }) =>
    entity(context, 'groups', groupObject(requireGroup(tenant, request.params.id as string))),
  ),
  graphRoute('PATCH', GROUP, 'groups.update', NEEDS.write, (request, _context, { tenant }) => {
    const group = requireGroup(tenant, request.params.id as string);
    const input = body(request);
    const unknown = Object.keys(input).find((key) => !['displayName', 'description', 'mailNickname'].includes(key));
    if (unknown !== undefined) throw GRAPH_ERRORS.badRequest(`Property '${unknown}' is read-only or cannot be changed here.`);
    tenant.collection('groups').put({
      ...group,
      displayName: typeof input.displayName === 'string' ? input.displayName : group.displayName,
      description: typeof input.description === 'string' || input.description === null ? input.description : (group.description ?? null),
      mailNickname: typeof input.mailNickname === 'string' ? input.mailNickname : group.mailNickname,
    });
    return { status: 204 };
  }),
  graphRoute('DELETE', GROUP, 'groups.delete', NEEDS.write, (request, _context, { tenant }) => {
    const group = requireGroup(tenant, request.params.id as string);
    tenant.collection('groups').delete(group.id);
    leaveGroups(tenant, group.id);
    return { status: 204 };
  }),
  graphRoute('GET', `${GROUP}/members`, 'groups.members', NEEDS.read, (request, context, { tenant }) =>
    members(request, context, tenant, requireGroup(tenant, request.params.id as string).members),
  ),
  graphRoute('GET', `${GROUP}/transitiveMembers`, 'groups.transitiveMembers', NEEDS.read, (request, context, { tenant }) =>
    members(request, context, tenant, transitiveMembers(tenant, requireGroup(tenant, request.params.id as string))),
  ),
  graphRoute('POST', `${GROUP}/members/\\$ref`, 'groups.members.add', NEEDS.members, (request, _context, { tenant }) => {
    const group = requireGroup(tenant, request.params.id as string);
    const member = referencedId(tenant, body(request)['@odata.id']);
    writableByGraph(group);
    if (group.members.includes(member))
      throw GRAPH_ERRORS.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
    tenant.collection('groups').put({ ...group, members: [...group.members, member] });
    return { status: 204 };
  }),
  graphRoute('DELETE', `${GROUP}/members/(?<memberId>[^/]+)/\\$ref`, 'groups.members.remove', NEEDS.members, (request, _context, { tenant }) => {
    const group = requireGroup(tenant, request.params.id as string);
    const member = request.params.memberId as string;
    writableByGraph(group);
    if (!group.members.includes(member)) throw GRAPH_ERRORS.notFound(member);
    tenant.collection('groups').put({ ...group, members: group.members.filter((id) => id !== member) });
    return { status: 204 };
  }),
  graphRoute('GET', `users/${KEY}/memberOf`, 'users.memberOf', NEEDS.read, (request, context, { tenant }) =>
    members(
      request,
      context,
      tenant,
      tenant
        .collection('groups')
        .lookup(`member:${requireUser(tenant, request.params.id as string).id}`)
        .map((group) => group.id),
    ),
  ),
  graphRoute('GET', `users/${KEY}/transitiveMemberOf`, 'users.transitiveMemberOf', NEEDS.read, (request, context, { tenant }) =>
    members(
      request,
      context,
      tenant,
      groupsContaining(tenant, requireUser(tenant, request.params.id as string).id).map((group) => group.id),
    ),
  ),
];
