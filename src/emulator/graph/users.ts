/**
 * /users: list with $filter, $select, $top and paging (100 a page by default, 999 at most), get by
 * id or UPN, create (with a password for test users), PATCH accountEnabled, usageLocation and the
 * rest, delete, and assignLicense, which needs usageLocation as in Microsoft 365 and, for a plan
 * with Exchange, provisions a user mailbox as Exchange Online does.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { userByIdOrUpn } from '../directory.js';
import { hashSecret } from '../entra/passwords.js';
import { hasExchangePlan } from '../exchange/licences.js';
import { leaveGroups } from '../groups.js';
import { newMailboxRecord } from '../exchange/mailboxes.js';
import { addressInUse } from '../exchange/recipients.js';
import { json, type EmuRequest, type EmuResponse } from '../http/types.js';
import type { AssignedLicense, DirectoryUser } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { SKUS } from '../wellknown.js';
import { NEEDS } from './auth.js';
import { GRAPH_ERRORS, GraphError } from './errors.js';
import { listResponse } from './odata.js';
import { KEY, body, entity, graphRoute } from './route.js';
import { primaryOf } from '../store/proxy-addresses.js';

const DEFAULTS = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

/**
 * Ordinary profile properties a user's PATCH may set (user resource type, learn.microsoft.com/graph/
 * api/resources/user): stored as given and returned where $select names them (or by default, for
 * those Graph returns by default). `businessPhones` is a collection of strings; the rest are strings.
 */
const PROFILE: Readonly<Record<string, 'string' | 'strings'>> = {
  businessPhones: 'strings',
  givenName: 'string',
  surname: 'string',
  jobTitle: 'string',
  department: 'string',
  companyName: 'string',
  employeeId: 'string',
  officeLocation: 'string',
  mobilePhone: 'string',
  preferredLanguage: 'string',
  streetAddress: 'string',
  city: 'string',
  state: 'string',
  postalCode: 'string',
  country: 'string',
};

export function userObject(tenant: Tenant, user: DirectoryUser): Record<string, unknown> {
  const mailbox = tenant.collection('mailboxes').lookup(`user:${user.id}`)[0];
  const profile = (name: string): unknown => user.profile?.[name] ?? (PROFILE[name] === 'strings' ? [] : null);
  return {
    id: user.id,
    businessPhones: profile('businessPhones'),
    displayName: user.displayName,
    givenName: profile('givenName'),
    jobTitle: profile('jobTitle'),
    mail: mailbox === undefined ? user.mail : (primaryOf(mailbox.emailAddresses) ?? user.mail),
    mobilePhone: profile('mobilePhone'),
    officeLocation: profile('officeLocation'),
    preferredLanguage: profile('preferredLanguage'),
    surname: profile('surname'),
    department: profile('department'),
    companyName: profile('companyName'),
    employeeId: profile('employeeId'),
    streetAddress: profile('streetAddress'),
    city: profile('city'),
    state: profile('state'),
    postalCode: profile('postalCode'),
    country: profile('country'),
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    assignedLicenses: user.assignedLicenses.map((licence) => ({ disabledPlans: [...licence.disabledPlans], skuId: licence.skuId })),
    createdDateTime: user.createdDateTime,
    mailNickname: user.mailNickname,
    proxyAddresses: mailbox === undefined ? [] : [...mailbox.emailAddresses],
    usageLocation: user.usageLocation,
    userType: 'Member',
  };
}

/** The properties userObject returns: what $filter may name. */
const KNOWN = new Set(
  [
    ...DEFAULTS,
    ...Object.keys(PROFILE),
    'accountEnabled',
    'assignedLicenses',
    'createdDateTime',
    'mailNickname',
    'proxyAddresses',
    'usageLocation',
    'userType',
  ].map((key) => key.toLowerCase()),
);

export function requireUser(tenant: Tenant, key: string): DirectoryUser {
  const user = userByIdOrUpn(tenant, key);
  if (user === undefined) throw GRAPH_ERRORS.notFound(key);
  return user;
}

function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw GRAPH_ERRORS.badRequest(`Invalid value specified for property '${key}' of resource 'User'.`);
  return value;
}

function usageLocation(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[A-Z]{2}$/.test(value))
    throw GRAPH_ERRORS.badRequest("Invalid value specified for property 'usageLocation' of resource 'User'.");
  return value;
}

function createUser(context: EmulatorContext, tenant: Tenant, input: Record<string, unknown>): EmuResponse {
  const upn = optionalString(input, 'userPrincipalName')?.toLowerCase();
  const displayName = optionalString(input, 'displayName');
  const mailNickname = optionalString(input, 'mailNickname');
  for (const [key, value] of [
    ['userPrincipalName', upn],
    ['displayName', displayName],
    ['mailNickname', mailNickname],
  ] as const) {
    if (value === undefined) throw GRAPH_ERRORS.badRequest(`Property '${key}' is required. Specify it and try again.`);
  }
  if (typeof input.accountEnabled !== 'boolean') throw GRAPH_ERRORS.badRequest("Property 'accountEnabled' is required. Specify it and try again.");
  const domain = (upn as string).split('@')[1] ?? '';
  if (tenant.collection('domains').get(domain) === undefined) throw GRAPH_ERRORS.badRequest('Property userPrincipalName is invalid.');
  if (addressInUse(tenant, upn as string)) throw GRAPH_ERRORS.conflict('userPrincipalName');
  const profile = input.passwordProfile as { password?: unknown } | undefined;
  if (typeof profile?.password !== 'string') throw GRAPH_ERRORS.badRequest("Property 'passwordProfile' is required. Specify it and try again.");
  const user: DirectoryUser = {
    id: randomUUID(),
    userPrincipalName: upn as string,
    displayName: displayName as string,
    mailNickname: mailNickname as string,
    mail: null,
    accountEnabled: input.accountEnabled,
    usageLocation: usageLocation(optionalString(input, 'usageLocation')) ?? null,
    assignedLicenses: [],
    passwordHash: hashSecret(profile.password),
    createdDateTime: context.now().toISOString(),
  };
  tenant.collection('users').put(user);
  return entity(context, 'users', userObject(tenant, user), 201);
}

function patchUser(tenant: Tenant, user: DirectoryUser, input: Record<string, unknown>): EmuResponse {
  const allowed = new Set(['accountEnabled', 'usageLocation', 'displayName', 'passwordProfile', 'mailNickname']);
  const unknown = Object.keys(input).find((key) => !allowed.has(key) && !KNOWN.has(key.toLowerCase()));
  if (unknown !== undefined) throw GRAPH_ERRORS.badRequest(`Property '${unknown}' does not exist on type 'microsoft.graph.user'.`);
  if (input.accountEnabled !== undefined && typeof input.accountEnabled !== 'boolean')
    throw GRAPH_ERRORS.badRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.");
  const profile = input.passwordProfile as { password?: unknown } | undefined;
  const changed: Record<string, string | readonly string[] | null> = { ...user.profile };
  for (const [name, kind] of Object.entries(PROFILE)) {
    if (!(name in input)) continue;
    const value = input[name];
    const valid = value === null || (kind === 'string' ? typeof value === 'string' : Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!valid) throw GRAPH_ERRORS.badRequest(`Invalid value specified for property '${name}' of resource 'User'.`);
    changed[name] = value as string | readonly string[] | null;
  }
  tenant.collection('users').put({
    ...user,
    ...(Object.keys(changed).length === 0 ? {} : { profile: changed }),
    accountEnabled: (input.accountEnabled as boolean | undefined) ?? user.accountEnabled,
    usageLocation: 'usageLocation' in input ? (usageLocation(optionalString(input, 'usageLocation')) ?? null) : user.usageLocation,
    displayName: optionalString(input, 'displayName') ?? user.displayName,
    mailNickname: optionalString(input, 'mailNickname') ?? user.mailNickname,
    passwordHash: typeof profile?.password === 'string' ? hashSecret(profile.password) : user.passwordHash,
  });
  return { status: 204 };
}

function assignLicense(context: EmulatorContext, tenant: Tenant, user: DirectoryUser, input: Record<string, unknown>): EmuResponse {
  const add = input.addLicenses;
  const remove = input.removeLicenses;
  if (!Array.isArray(add) || !Array.isArray(remove)) throw GRAPH_ERRORS.badRequest("Both 'addLicenses' and 'removeLicenses' are required.");
  if (add.length > 0 && user.usageLocation === null) throw GRAPH_ERRORS.badRequest('License assignment cannot be done for user with invalid usage location.');
  const adding: AssignedLicense[] = add.map((item: { skuId?: unknown; disabledPlans?: unknown }) => {
    const sku = SKUS.find((candidate) => candidate.skuId === item.skuId);
    if (sku === undefined) throw GRAPH_ERRORS.badRequest(`License ${String(item.skuId)} does not correspond to a valid company License.`);
    return { skuId: sku.skuId, disabledPlans: Array.isArray(item.disabledPlans) ? (item.disabledPlans as string[]) : [] };
  });
  const removing = new Set(remove as string[]);
  const kept = user.assignedLicenses.filter((licence) => !removing.has(licence.skuId) && !adding.some((added) => added.skuId === licence.skuId));
  const assignedLicenses = [...kept, ...adding];
  const enabled = hasExchangePlan(assignedLicenses);
  const hadMailbox = tenant.collection('mailboxes').lookup(`user:${user.id}`).length > 0;
  const next: DirectoryUser = {
    ...user,
    assignedLicenses,
    ...(hadMailbox && enabled !== hasExchangePlan(user.assignedLicenses) ? { exchangePlanChange: { enabled, at: context.now().toISOString() } } : {}),
  };
  tenant.collection('users').put(next);
  provisionMailbox(context, tenant, next);
  return entity(context, 'users', userObject(tenant, next));
}

/** A user licensed for Exchange gets a user mailbox, as Exchange Online provisions one. */
function provisionMailbox(context: EmulatorContext, tenant: Tenant, user: DirectoryUser): void {
  if (tenant.collection('mailboxes').lookup(`user:${user.id}`).length > 0) return;
  if (!hasExchangePlan(user.assignedLicenses)) return;
  const alias = user.mailNickname;
  const primary = user.mail ?? user.userPrincipalName;
  const mailbox = newMailboxRecord(tenant, {
    userId: user.id,
    name: alias,
    alias,
    displayName: user.displayName,
    primary: primary.toLowerCase(),
    shared: false,
    now: context.now(),
  });
  tenant.collection('mailboxes').put(mailbox);
  tenant.collection('users').put({ ...user, mail: primary.toLowerCase() });
}

/** A user with the properties $select asks for (Graph's defaults without it). */
function selected(request: EmuRequest, context: EmulatorContext, tenant: Tenant, user: DirectoryUser): EmuResponse {
  const object = userObject(tenant, user);
  const select = request.url.searchParams.get('$select');
  const wanted = new Set((select === null ? DEFAULTS : ['id', ...select.split(',')]).map((name) => name.trim().toLowerCase()));
  return entity(context, 'users', Object.fromEntries(Object.entries(object).filter(([key]) => wanted.has(key.toLowerCase()))));
}

export const USER_ROUTES = [
  graphRoute('GET', 'users', 'users.list', NEEDS.usersRead, (request, context, { tenant }) =>
    json(
      200,
      listResponse(request, context.baseUrl, tenant.collection('users').list(), (user) => userObject(tenant, user), {
        resource: 'User',
        entitySet: 'users',
        known: KNOWN,
        defaults: DEFAULTS,
        defaultTop: 100,
        maxTop: 999,
      }),
    ),
  ),
  graphRoute('POST', 'users', 'users.create', NEEDS.usersWrite, (request, context, { tenant }) => createUser(context, tenant, body(request))),
  // /users/$count: an advanced query, which needs ConsistencyLevel: eventual (learn.microsoft.com/graph/aad-advanced-queries);
  // without it Graph answers 400 in these words (a December 2025 capture in azurekid/ScEntra#13).
  graphRoute('GET', 'users/\\$count', 'users.count', NEEDS.usersRead, (request, _context, { tenant }) => {
    if (String(request.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        "Raw count (/$count) is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
      );
    }
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from(String(tenant.collection('users').list().length)) };
  }),
  graphRoute('GET', `users/${KEY}`, 'users.get', NEEDS.usersRead, (request, context, { tenant }) =>
    selected(request, context, tenant, requireUser(tenant, request.params.id as string)),
  ),
  // The signed-in user; with an app token Graph answers 400 in these words (microsoftgraph/msgraph-sdk-php#1163).
  graphRoute('GET', 'me', 'me.get', undefined, (request, context, { tenant, claims }) => {
    if (claims.idtyp === 'app') throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    return selected(request, context, tenant, requireUser(tenant, claims.oid));
  }),
  graphRoute('PATCH', `users/${KEY}`, 'users.update', NEEDS.usersWrite, (request, _context, { tenant }) =>
    patchUser(tenant, requireUser(tenant, request.params.id as string), body(request)),
  ),
  graphRoute('DELETE', `users/${KEY}`, 'users.delete', NEEDS.usersWrite, (request, _context, { tenant }) => {
    const user = requireUser(tenant, request.params.id as string);
    tenant.collection('users').delete(user.id);
    leaveGroups(tenant, user.id);
    return { status: 204 };
  }),
  graphRoute('POST', `users/${KEY}/assignLicense`, 'users.assignLicense', NEEDS.usersWrite, (request, context, { tenant }) =>
    assignLicense(context, tenant, requireUser(tenant, request.params.id as string), body(request)),
  ),
];
