/**
 * grant_type=refresh_token. A refresh token serves any resource the user consented to for that
 * client, and each use returns a new one; a user disabled since gets AADSTS50057.
 */
import { resolveClient, type ClientRequest } from '../client.js';
import { AADSTS } from '../errors.js';
import { userTokenResponse } from '../issue.js';
import { parseScopes } from '../scopes.js';

export async function refreshToken(request: ClientRequest): Promise<Record<string, unknown>> {
  const { form, tenant, context } = request;
  const token = form.get('refresh_token');
  if (token === null) throw AADSTS.missingParameter('refresh_token');
  const sealed = await context.tokens.openRefresh(token);
  const client = await resolveClient(request, { confidential: false });
  if (sealed === undefined || sealed.tid !== tenant.info.id || sealed.clientId !== client.app.appId) throw AADSTS.badGrant();
  const user = tenant.collection('users').get(sealed.userId);
  if (user === undefined) throw AADSTS.badGrant();
  const scope = form.get('scope') ?? sealed.scope;
  return userTokenResponse(context, tenant, client, user, parseScopes(`${scope} offline_access`), form.get('client_info') === '1');
}
