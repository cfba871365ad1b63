/**
 * The @pulumi/azuread resources the program declares, applied to the emulator's Graph for `mbx
 * apply --local`: what the azuread provider does against Microsoft Entra for each, through the
 * same Graph calls, written here because that provider is a Go binary the engine runs and cannot
 * be pointed at another Graph. Like the Exchange providers, each create adopts what already
 * exists (the app by its display name, the service principal by its appId, a consent by its
 * client and resource), so running the local apply again changes nothing.
 */
import { odataString, type GraphClient } from '../../m365/graph/client.js';
import { certificatesIn } from '../../m365/certificate.js';

type Inputs = Record<string, unknown>;
export interface Created {
  readonly id: string;
  readonly state: Inputs;
}

interface ServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly appRoles: readonly { readonly id: string; readonly value: string }[];
  readonly oauth2PermissionScopes: readonly { readonly id: string; readonly value: string }[];
}

const byValue = (items: readonly { readonly id: string; readonly value: string }[]) => Object.fromEntries(items.map((item) => [item.value, item.id]));
/** The object id in azuread's application resource id, `/applications/{id}`. */
const applicationObjectId = (resourceId: unknown): string => String(resourceId).replace(/^\/applications\//, '');

async function servicePrincipal(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const appId = String(inputs.clientId);
  let sp = (await graph.list<ServicePrincipal>(`/servicePrincipals?$filter=appId eq '${odataString(appId)}'`))[0];
  sp ??= await graph.post<ServicePrincipal>('/servicePrincipals', { appId });
  return { id: sp.id, state: { ...inputs, objectId: sp.id, appRoleIds: byValue(sp.appRoles), oauth2PermissionScopeIds: byValue(sp.oauth2PermissionScopes) } };
}

async function application(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const requiredResourceAccess = ((inputs.requiredResourceAccesses ?? []) as { resourceAppId: string; resourceAccesses: { id: string; type: string }[] }[]).map(
    (access) => ({
      resourceAppId: access.resourceAppId,
      resourceAccess: access.resourceAccesses.map(({ id, type }) => ({ id, type })),
    }),
  );
  const displayName = String(inputs.displayName);
  let app = (await graph.list<{ id: string; appId: string }>(`/applications?$filter=displayName eq '${odataString(displayName)}'`))[0];
  if (app === undefined)
    app = await graph.post<{ id: string; appId: string }>('/applications', { displayName, signInAudience: inputs.signInAudience, requiredResourceAccess });
  else await graph.patch(`/applications/${app.id}`, { requiredResourceAccess });
  return { id: `/applications/${app.id}`, state: { ...inputs, clientId: app.appId, objectId: app.id } };
}

async function certificate(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const objectId = applicationObjectId(inputs.applicationId);
  const [key] = certificatesIn(String(inputs.value));
  if (key === undefined) throw new Error('The app certificate (mbx:appCertificate) holds no PEM certificate block.');
  // keyCredentials is replaced as a whole, as Graph's PATCH does: the app holds this certificate.
  await graph.patch(`/applications/${objectId}`, { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key }] });
  return { id: `${objectId}/certificate`, state: { ...inputs } };
}

async function password(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const objectId = applicationObjectId(inputs.applicationId);
  const added = await graph.post<{ keyId: string; secretText: string }>(`/applications/${objectId}/addPassword`, {
    passwordCredential: { displayName: inputs.displayName, startDateTime: inputs.startDate, endDateTime: inputs.endDate },
  });
  return { id: `${objectId}/password/${added.keyId}`, state: { ...inputs, keyId: added.keyId, value: added.secretText } };
}

async function federatedCredential(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const objectId = applicationObjectId(inputs.applicationId);
  const name = String(inputs.displayName);
  const held = await graph.list<{ id: string; name: string }>(`/applications/${objectId}/federatedIdentityCredentials`);
  const found = held.find((credential) => credential.name === name);
  const credential =
    found ??
    (await graph.post<{ id: string }>(`/applications/${objectId}/federatedIdentityCredentials`, {
      name,
      issuer: inputs.issuer,
      subject: inputs.subject,
      audiences: inputs.audiences,
    }));
  return { id: `${objectId}/federatedIdentityCredential/${credential.id}`, state: { ...inputs, credentialId: credential.id } };
}

async function appRoleAssignment(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const principal = String(inputs.principalObjectId);
  const held = await graph.list<{ id: string; resourceId: string; appRoleId: string }>(`/servicePrincipals/${principal}/appRoleAssignments`);
  const found = held.find((assignment) => assignment.resourceId === inputs.resourceObjectId && assignment.appRoleId === inputs.appRoleId);
  const assignment =
    found ??
    (await graph.post<{ id: string }>(`/servicePrincipals/${principal}/appRoleAssignments`, {
      principalId: principal,
      resourceId: inputs.resourceObjectId,
      appRoleId: inputs.appRoleId,
    }));
  return { id: assignment.id, state: { ...inputs } };
}

async function delegatedGrant(graph: GraphClient, inputs: Inputs): Promise<Created> {
  const client = String(inputs.servicePrincipalObjectId);
  const scope = (inputs.claimValues as string[]).join(' ');
  const grants = await graph.list<{ id: string; resourceId: string; consentType: string }>(
    `/oauth2PermissionGrants?$filter=clientId eq '${odataString(client)}'`,
  );
  const found = grants.find((grant) => grant.resourceId === inputs.resourceServicePrincipalObjectId && grant.consentType === 'AllPrincipals');
  if (found !== undefined) {
    await graph.patch(`/oauth2PermissionGrants/${found.id}`, { scope });
    return { id: found.id, state: { ...inputs } };
  }
  const created = await graph.post<{ id: string }>('/oauth2PermissionGrants', {
    clientId: client,
    consentType: 'AllPrincipals',
    resourceId: inputs.resourceServicePrincipalObjectId,
    scope,
  });
  return { id: created.id, state: { ...inputs } };
}

const TYPES: Record<string, (graph: GraphClient, inputs: Inputs) => Promise<Created>> = {
  'azuread:index/servicePrincipal:ServicePrincipal': servicePrincipal,
  'azuread:index/application:Application': application,
  'azuread:index/applicationCertificate:ApplicationCertificate': certificate,
  'azuread:index/applicationPassword:ApplicationPassword': password,
  'azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential': federatedCredential,
  'azuread:index/appRoleAssignment:AppRoleAssignment': appRoleAssignment,
  'azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant': delegatedGrant,
};

export const isEntraType = (type: string): boolean => type in TYPES;

/** Create (or adopt) an azuread resource in the emulator's Graph. */
export function createEntra(graph: GraphClient, type: string, inputs: Inputs): Promise<Created> {
  const create = TYPES[type];
  if (create === undefined) throw new Error(`mbx apply --local does not apply ${type}; the program declared a resource the local path does not know.`);
  return create(graph, inputs);
}

/**
 * Delete an azuread resource from the emulator's Graph, as the azuread provider does on destroy:
 * the app (its credentials go with it), its service principal, a consent. A resource API's service
 * principal (useExisting) is Microsoft's and never deleted; an object already gone is deleted.
 */
export async function deleteEntra(graph: GraphClient, type: string, id: string, inputs: Inputs): Promise<void> {
  const paths: Record<string, () => string | undefined> = {
    'azuread:index/application:Application': () => id,
    'azuread:index/servicePrincipal:ServicePrincipal': () => (inputs.useExisting === true ? undefined : `/servicePrincipals/${id}`),
    'azuread:index/appRoleAssignment:AppRoleAssignment': () => `/servicePrincipals/${String(inputs.principalObjectId)}/appRoleAssignments/${id}`,
    'azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential': () =>
      `/applications/${applicationObjectId(inputs.applicationId)}/federatedIdentityCredentials/${String(inputs.credentialId)}`,
    'azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant': () => `/oauth2PermissionGrants/${id}`,
  };
  const path = paths[type]?.();
  if (path === undefined) return;
  try {
    await graph.delete(path);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
}
