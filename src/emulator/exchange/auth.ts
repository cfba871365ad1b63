/**
 * Who may call the admin API: a token for Exchange Online (aud outlook.office365.com or one of
 * its aliases), signed by this tenant; app-only tokens need the Exchange.ManageAsApp role and a
 * directory role Exchange supports for app-only access (app-only-auth-powershell-v2.md);
 * delegated tokens need a user holding such a role. A bad token gets 401 with the
 * WWW-Authenticate header Exchange sends (fidelity 1.6).
 */
import type { EmulatorContext } from '../context.js';
import { directoryRoles } from '../directory.js';
import { json, type EmuRequest, type EmuResponse } from '../http/types.js';
import type { Tenant } from '../store/store.js';
import { EXCHANGE_APP_ONLY_ROLES, EXCHANGE_APP_ID } from '../wellknown.js';
import { heldPermissions, verifyBearer, type AccessClaims } from '../entra/tokens.js';

function unauthorized(clientId: string): EmuResponse {
  return {
    status: 401,
    headers: {
      'www-authenticate': `Bearer client_id="${clientId}", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"`,
    },
  };
}

/** The permission each version of the admin API needs: app-only, and delegated. */
export const ADMIN_API_PERMISSIONS = {
  beta: { app: 'Exchange.ManageAsApp', delegated: 'Exchange.Manage' },
  // learn.microsoft.com/exchange/reference/admin-api-authentication
  'v2.0': { app: 'Exchange.ManageAsAppV2', delegated: 'Exchange.ManageV2' },
} as const;

export async function authorizeExchange(
  request: EmuRequest,
  context: EmulatorContext,
  tenant: Tenant,
  version: keyof typeof ADMIN_API_PERMISSIONS = 'beta',
): Promise<{ ok: true; claims: AccessClaims } | { ok: false; response: EmuResponse }> {
  const fail = (): { ok: false; response: EmuResponse } => ({ ok: false, response: unauthorized(EXCHANGE_APP_ID) });
  const verified = await verifyBearer(context.tokens, request.headers.authorization, EXCHANGE_APP_ID);
  if (!verified.ok || verified.claims.tid !== tenant.info.id) return fail();
  const claims = verified.claims;
  const needed = ADMIN_API_PERMISSIONS[version];
  if (!heldPermissions(claims).includes(claims.idtyp === 'app' ? needed.app : needed.delegated)) return fail();
  const roles = directoryRoles(tenant, claims.oid);
  if (!roles.some((role) => EXCHANGE_APP_ONLY_ROLES.has(role))) {
    return {
      ok: false,
      response: json(403, {
        error: {
          code: 'Forbidden',
          message: `The role assigned to application ${claims.appid} isn't supported in this scenario. Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication. [FailureCategory=AuthZ-CmdletAccessDeniedException]`,
          details: [],
        },
      }),
    };
  }
  return { ok: true, claims };
}
