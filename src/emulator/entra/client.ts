/**
 * Who is asking at the token endpoint: the application by its client id, its service principal in
 * this tenant, and how it proved itself. Confidential clients prove themselves with a secret or a
 * certificate; user flows without a credential need "Allow public client flows"
 * (isFallbackPublicClient), or Entra answers AADSTS7000218.
 */
import type { EmulatorContext } from '../context.js';
import { applicationByAppId, servicePrincipalByAppId } from '../directory.js';
import type { Tenant } from '../store/store.js';
import { azureDevOpsIssuer, githubIssuer } from '../ci-oidc.js';
import { authenticateClient, credentialsOf, type Federation } from './client-auth.js';
import { AADSTS } from './errors.js';
import type { Client } from './issue.js';

export interface ClientRequest {
  readonly context: EmulatorContext;
  readonly tenant: Tenant;
  readonly form: URLSearchParams;
  readonly authorization: string | undefined;
  /** Token endpoint URLs a client assertion may name as its audience. */
  readonly audiences: readonly string[];
}

/** The CI issuers the emulator hosts, verified with its own key. */
function federationOf(context: EmulatorContext): Federation {
  const issuers = new Set([githubIssuer(context), azureDevOpsIssuer(context)]);
  return { trusts: (issuer) => issuers.has(issuer), verify: (token) => context.tokens.verifyCiToken(token) };
}

export async function resolveClient(request: ClientRequest, options: { confidential: boolean }): Promise<Client> {
  const { tenant, form } = request;
  const clientId = form.get('client_id');
  if (clientId === null || clientId === '') throw AADSTS.missingParameter('client_id');
  const app = applicationByAppId(tenant, clientId);
  if (app === undefined) throw AADSTS.appNotFound(clientId, tenant.info.id);
  const credentials = credentialsOf(form, request.authorization);
  const hasCredential = credentials.secret !== undefined || credentials.assertion !== undefined;
  let clientAuth: Client['clientAuth'] = '0';
  if (options.confidential || hasCredential || !app.isFallbackPublicClient) {
    clientAuth = await authenticateClient(app, credentials, request.audiences, request.context.now(), federationOf(request.context));
  }
  const servicePrincipal = servicePrincipalByAppId(tenant, clientId);
  if (servicePrincipal === undefined) {
    throw options.confidential ? AADSTS.missingServicePrincipal(clientId, tenant.info.id) : AADSTS.consentRequired(clientId, app.displayName);
  }
  return { app, servicePrincipal, clientAuth };
}
