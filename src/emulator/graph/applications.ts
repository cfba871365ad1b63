/**
 * /applications: create, list ($filter appId eq), get by id or (appId='...'), PATCH
 * (displayName, requiredResourceAccess, keyCredentials, isFallbackPublicClient), delete,
 * addPassword (the secret text is shown once, in the answer) and removePassword (fidelity 3.5), and
 * federatedIdentityCredentials (list, create, get, delete; at most 20 an app, one audience each, a
 * name unique in the app), which the token endpoint matches federated client assertions against.
 * keyCredentials take a certificate as base64 DER; its SHA-1 thumbprint becomes the
 * customKeyIdentifier the token endpoint matches client assertions against.
 */
import { X509Certificate, randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { applicationByAppId } from '../directory.js';
import { hashSecret } from '../entra/passwords.js';
import { clientSecret, thumbprint } from '../secrets.js';
import { json, type EmuResponse } from '../http/types.js';
import type { Application, FederatedIdentityCredential, KeyCredential, RequiredResourceAccess } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { NEEDS } from './auth.js';
import { GRAPH_ERRORS } from './errors.js';
import { listResponse } from './odata.js';
import { GUID_PATTERN, body, entity, graphRoute } from './route.js';

export function applicationObject(app: Application): Record<string, unknown> {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    isFallbackPublicClient: app.isFallbackPublicClient,
    createdDateTime: app.createdDateTime,
    requiredResourceAccess: app.requiredResourceAccess,
    passwordCredentials: app.passwordCredentials.map(({ secretHash: _hidden, ...credential }) => ({
      ...credential,
      customKeyIdentifier: null,
      secretText: null,
    })),
    keyCredentials: app.keyCredentials.map((key) => ({ ...key, key: null })),
  };
}

const KNOWN = new Set(['id', 'appid', 'displayname', 'signinaudience', 'createddatetime', 'isfallbackpublicclient']);

function requireApp(tenant: Tenant, id: string | undefined, appId: string | undefined): Application {
  const app = id !== undefined ? tenant.collection('applications').get(id) : applicationByAppId(tenant, appId ?? '');
  if (app === undefined) throw GRAPH_ERRORS.notFound(id ?? appId ?? '');
  return app;
}

function requiredResourceAccess(value: unknown): RequiredResourceAccess[] {
  if (!Array.isArray(value)) throw GRAPH_ERRORS.badRequest("Invalid value specified for property 'requiredResourceAccess' of resource 'Application'.");
  return value.map((item: { resourceAppId?: unknown; resourceAccess?: unknown }) => {
    if (typeof item.resourceAppId !== 'string' || !Array.isArray(item.resourceAccess))
      throw GRAPH_ERRORS.badRequest("Invalid value specified for property 'requiredResourceAccess' of resource 'Application'.");
    return {
      resourceAppId: item.resourceAppId,
      resourceAccess: item.resourceAccess.map((access: { id?: unknown; type?: unknown }) => {
        if (typeof access.id !== 'string' || (access.type !== 'Role' && access.type !== 'Scope'))
          throw GRAPH_ERRORS.badRequest("Each resourceAccess needs an 'id' and a 'type' of Role or Scope.");
        return { id: access.id, type: access.type };
      }),
    };
  });
}

function keyCredentials(value: unknown): KeyCredential[] {
  if (!Array.isArray(value)) throw GRAPH_ERRORS.badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
  return value.map((item: { key?: unknown; displayName?: unknown; type?: unknown; usage?: unknown; keyId?: unknown }) => {
    if (typeof item.key !== 'string') throw GRAPH_ERRORS.badRequest('Each keyCredential needs the certificate in key (base64 DER).');
    let der = Buffer.from(item.key, 'base64');
    if (der.toString('utf8').startsWith('-----BEGIN')) der = Buffer.from(der.toString('utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch {
      throw GRAPH_ERRORS.badRequest('Key credential key is not a valid certificate.');
    }
    return {
      keyId: typeof item.keyId === 'string' ? item.keyId : randomUUID(),
      displayName: typeof item.displayName === 'string' ? item.displayName : certificate.subject.replace(/\n/g, ', '),
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: certificate.raw.toString('base64'),
      customKeyIdentifier: thumbprint(certificate.raw).toString('hex').toUpperCase(),
      startDateTime: new Date(certificate.validFrom).toISOString(),
      endDateTime: new Date(certificate.validTo).toISOString(),
    };
  });
}

function create(context: EmulatorContext, tenant: Tenant, input: Record<string, unknown>): EmuResponse {
  if (typeof input.displayName !== 'string' || input.displayName === '') throw GRAPH_ERRORS.badRequest("Property 'displayName' is required.");
  const app: Application = {
    id: randomUUID(),
    appId: randomUUID(),
    displayName: input.displayName,
    signInAudience: typeof input.signInAudience === 'string' ? input.signInAudience : 'AzureADMyOrg',
    isFallbackPublicClient: input.isFallbackPublicClient === true,
    requiredResourceAccess: input.requiredResourceAccess === undefined ? [] : requiredResourceAccess(input.requiredResourceAccess),
    passwordCredentials: [],
    keyCredentials: input.keyCredentials === undefined ? [] : keyCredentials(input.keyCredentials),
    createdDateTime: context.now().toISOString(),
  };
  tenant.collection('applications').put(app);
  return entity(context, 'applications', applicationObject(app), 201);
}

function update(tenant: Tenant, app: Application, input: Record<string, unknown>): EmuResponse {
  const allowed = new Set(['displayName', 'requiredResourceAccess', 'keyCredentials', 'isFallbackPublicClient', 'signInAudience']);
  const unknown = Object.keys(input).find((key) => !allowed.has(key));
  if (unknown !== undefined) throw GRAPH_ERRORS.badRequest(`Property '${unknown}' cannot be updated, or does not exist on type 'microsoft.graph.application'.`);
  tenant.collection('applications').put({
    ...app,
    displayName: typeof input.displayName === 'string' ? input.displayName : app.displayName,
    signInAudience: typeof input.signInAudience === 'string' ? input.signInAudience : app.signInAudience,
    isFallbackPublicClient: typeof input.isFallbackPublicClient === 'boolean' ? input.isFallbackPublicClient : app.isFallbackPublicClient,
    requiredResourceAccess: input.requiredResourceAccess === undefined ? app.requiredResourceAccess : requiredResourceAccess(input.requiredResourceAccess),
    keyCredentials: input.keyCredentials === undefined ? app.keyCredentials : keyCredentials(input.keyCredentials),
  });
  return { status: 204 };
}

function addPassword(context: EmulatorContext, tenant: Tenant, app: Application, input: Record<string, unknown>): EmuResponse {
  const requested = (input.passwordCredential ?? {}) as { displayName?: unknown; endDateTime?: unknown };
  const now = context.now();
  const end = typeof requested.endDateTime === 'string' ? Date.parse(requested.endDateTime) : now.getTime() + 2 * 365 * 86_400_000;
  if (Number.isNaN(end) || end <= now.getTime()) throw GRAPH_ERRORS.badRequest('The endDateTime of a password credential must be in the future.');
  const secret = clientSecret();
  const credential = {
    keyId: randomUUID(),
    displayName: typeof requested.displayName === 'string' ? requested.displayName : null,
    hint: secret.slice(0, 3),
    startDateTime: now.toISOString(),
    endDateTime: new Date(end).toISOString(),
  };
  tenant.collection('applications').put({ ...app, passwordCredentials: [...app.passwordCredentials, { ...credential, secretHash: hashSecret(secret) }] });
  return json(200, {
    '@odata.context': `${context.baseUrl}/v1.0/$metadata#microsoft.graph.passwordCredential`,
    customKeyIdentifier: null,
    ...credential,
    secretText: secret,
  });
}

/** Graph's limits on a federated identity credential (learn.microsoft.com/graph/api/application-post-federatedidentitycredentials). */
const MAX_FEDERATED = 20;

function federatedCredential(app: Application, input: Record<string, unknown>): FederatedIdentityCredential {
  const text = (name: string): string => {
    const found = input[name];
    if (typeof found !== 'string' || found.trim() === '') throw GRAPH_ERRORS.badRequest(`Property '${name}' is required for a federatedIdentityCredential.`);
    return found;
  };
  const name = text('name');
  if (name.length < 3 || name.length > 120 || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name))
    throw GRAPH_ERRORS.badRequest(
      'The name of a federatedIdentityCredential is 3 to 120 letters, digits, dashes or underscores, and starts with a letter or digit.',
    );
  const audiences = input.audiences;
  if (!Array.isArray(audiences) || audiences.length !== 1 || typeof audiences[0] !== 'string')
    throw GRAPH_ERRORS.badRequest("A federatedIdentityCredential takes exactly one audience, 'api://AzureADTokenExchange' for Microsoft Entra ID.");
  const existing = app.federatedIdentityCredentials ?? [];
  if (existing.some((credential) => credential.name === name))
    throw GRAPH_ERRORS.badRequest(`A federatedIdentityCredential named '${name}' already exists on this application.`);
  if (existing.length >= MAX_FEDERATED) throw GRAPH_ERRORS.badRequest(`An application holds at most ${MAX_FEDERATED} federatedIdentityCredentials.`);
  return {
    id: randomUUID(),
    name,
    issuer: text('issuer'),
    subject: text('subject'),
    audiences: [audiences[0] as string],
    description: typeof input.description === 'string' ? input.description : null,
  };
}

const BY_ID = `applications/(?<id>${GUID_PATTERN})`;
const BY_APP_ID = `applications\\(appId='(?<appId>${GUID_PATTERN})'\\)`;

export const APPLICATION_ROUTES = [
  graphRoute('GET', 'applications', 'applications.list', NEEDS.applicationsRead, (request, context, { tenant }) =>
    json(
      200,
      listResponse(request, context.baseUrl, tenant.collection('applications').list(), applicationObject, {
        resource: 'Application',
        entitySet: 'applications',
        known: KNOWN,
        defaultTop: 100,
        maxTop: 999,
      }),
    ),
  ),
  graphRoute('POST', 'applications', 'applications.create', NEEDS.applicationsWrite, (request, context, { tenant }) => create(context, tenant, body(request))),
  ...[BY_ID, BY_APP_ID].flatMap((path) => [
    graphRoute('GET', path, 'applications.get', NEEDS.applicationsRead, (request, context, { tenant }) =>
      entity(context, 'applications', applicationObject(requireApp(tenant, request.params.id, request.params.appId))),
    ),
    graphRoute('PATCH', path, 'applications.update', NEEDS.applicationsWrite, (request, _context, { tenant }) =>
      update(tenant, requireApp(tenant, request.params.id, request.params.appId), body(request)),
    ),
    graphRoute('DELETE', path, 'applications.delete', NEEDS.applicationsWrite, (request, _context, { tenant }) => {
      tenant.collection('applications').delete(requireApp(tenant, request.params.id, request.params.appId).id);
      return { status: 204 };
    }),
    graphRoute('POST', `${path}/addPassword`, 'applications.addPassword', NEEDS.applicationsWrite, (request, context, { tenant }) =>
      addPassword(context, tenant, requireApp(tenant, request.params.id, request.params.appId), body(request)),
    ),
    graphRoute(
      'GET',
      `${path}/federatedIdentityCredentials`,
      'applications.federatedIdentityCredentials.list',
      NEEDS.applicationsRead,
      (request, context, { tenant }) =>
        json(200, {
          '@odata.context': `${context.baseUrl}/v1.0/$metadata#applications('${request.params.id ?? request.params.appId ?? ''}')/federatedIdentityCredentials`,
          value: requireApp(tenant, request.params.id, request.params.appId).federatedIdentityCredentials ?? [],
        }),
    ),
    graphRoute(
      'POST',
      `${path}/federatedIdentityCredentials`,
      'applications.federatedIdentityCredentials.create',
      NEEDS.applicationsWrite,
      (request, context, { tenant }) => {
        const app = requireApp(tenant, request.params.id, request.params.appId);
        const credential = federatedCredential(app, body(request));
        tenant.collection('applications').put({ ...app, federatedIdentityCredentials: [...(app.federatedIdentityCredentials ?? []), credential] });
        return json(201, { '@odata.context': `${context.baseUrl}/v1.0/$metadata#microsoft.graph.federatedIdentityCredential`, ...credential });
      },
    ),
    graphRoute(
      'DELETE',
      `${path}/federatedIdentityCredentials/(?<credential>[^/]+)`,
      'applications.federatedIdentityCredentials.delete',
      NEEDS.applicationsWrite,
      (request, _context, { tenant }) => {
        const app = requireApp(tenant, request.params.id, request.params.appId);
        const wanted = decodeURIComponent(request.params.credential ?? '');
        const kept = (app.federatedIdentityCredentials ?? []).filter((credential) => credential.id !== wanted && credential.name !== wanted);
        if (kept.length === (app.federatedIdentityCredentials ?? []).length) throw GRAPH_ERRORS.notFound(wanted);
        tenant.collection('applications').put({ ...app, federatedIdentityCredentials: kept });
        return { status: 204 };
      },
    ),
    graphRoute('POST', `${path}/removePassword`, 'applications.removePassword', NEEDS.applicationsWrite, (request, _context, { tenant }) => {
      const app = requireApp(tenant, request.params.id, request.params.appId);
      const keyId = body(request).keyId;
      if (!app.passwordCredentials.some((credential) => credential.keyId === keyId)) throw GRAPH_ERRORS.notFound(String(keyId));
      tenant.collection('applications').put({ ...app, passwordCredentials: app.passwordCredentials.filter((credential) => credential.keyId !== keyId) });
      return { status: 204 };
    }),
  ]),
];
