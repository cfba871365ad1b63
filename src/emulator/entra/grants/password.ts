/**
 * grant_type=password (resource owner password credentials), for the emulator's test users. A
 * user whose account is disabled (a shared mailbox with sign-in blocked) gets AADSTS50057; a user
 * nobody knows the password of (a shared mailbox's own account) gets AADSTS50126.
 */
import { userByUpn } from '../../directory.js';
import { resolveClient, type ClientRequest } from '../client.js';
import { AADSTS } from '../errors.js';
import { userTokenResponse } from '../issue.js';
import { verifySecret } from '../passwords.js';
import { parseScopes } from '../scopes.js';

export async function password(request: ClientRequest): Promise<Record<string, unknown>> {
  const { form, tenant } = request;
  const username = form.get('username');
  const secret = form.get('password');
  if (username === null) throw AADSTS.missingParameter('username');
  if (secret === null) throw AADSTS.missingParameter('password');
  const requested = parseScopes(form.get('scope') ?? '');
  const client = await resolveClient(request, { confidential: false });
  const user = userByUpn(tenant, username);
  if (user === undefined) throw AADSTS.userNotFound(tenant.info.initialDomain);
  if (!user.accountEnabled) throw AADSTS.accountDisabled();
  if (user.passwordHash === null || !verifySecret(secret, user.passwordHash)) throw AADSTS.badPassword();
  return userTokenResponse(request.context, tenant, client, user, requested, form.get('client_info') === '1');
}
