/** grant_type=client_credentials: an app token for `{resource}/.default` (entra-docs v2-oauth2-client-creds-grant-flow.md). */
import { resolveClient, type ClientRequest } from '../client.js';
import { AADSTS } from '../errors.js';
import { appTokenResponse } from '../issue.js';
import { parseScopes } from '../scopes.js';

export async function clientCredentials(request: ClientRequest): Promise<Record<string, unknown>> {
  const scope = request.form.get('scope') ?? '';
  const requested = parseScopes(scope);
  if (!requested.isDefault || requested.permissions.length > 0 || requested.oidc.size > 0 || !scope.includes('/.default')) {
    throw AADSTS.clientCredentialScope(scope);
  }
  const client = await resolveClient(request, { confidential: true });
  return appTokenResponse(request.context, request.tenant, client, requested);
}
