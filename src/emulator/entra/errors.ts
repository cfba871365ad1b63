/**
 * Entra's OAuth error answers, in Microsoft's body shape (fidelity 4.2): `error`,
 * `error_description` ending in the trace and correlation ids and timestamp, `error_codes`,
 * `timestamp`, `trace_id`, `correlation_id`, `error_uri`. Texts from the Entra error-code
 * reference; each code used is listed in docs/emulator.md.
 */
import { randomUUID } from 'node:crypto';
import { json, type EmuResponse } from '../http/types.js';

export type OAuthError =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'consent_required'
  | 'authorization_pending'
  | 'authorization_declined'
  | 'expired_token'
  | 'bad_verification_code';

/** Thrown by grant handlers; the token endpoint turns it into the answer. */
export class AadstsError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthError,
    readonly code: number,
    readonly description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

function timestamp(now: Date): string {
  return now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function aadstsResponse(error: AadstsError, now: Date): EmuResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const stamp = timestamp(now);
  return json(error.status, {
    error: error.error,
    // Entra puts the trace lines after CRLFs (fidelity-round2 E02).
    error_description: `AADSTS${error.code}: ${error.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${stamp}`,
    error_codes: [error.code],
    timestamp: stamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
  });
}

/** A federated assertion whose `claim` matches no federated identity credential, in Entra's words. */
const federatedMismatch = (code: number, claim: 'issuer' | 'subject' | 'audience', value: string, detail = ''): AadstsError =>
  new AadstsError(
    400,
    'invalid_request',
    code,
    `No matching federated identity record found for presented assertion ${claim} '${value}'. ${detail}Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  );

export const AADSTS = {
  appNotFound: (appId: string, tenant: string) =>
    new AadstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  tenantNotFound: (tenant: string) =>
    new AadstsError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  invalidSecret: (appId: string) =>
    new AadstsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
    ),
  secretExpired: (appId: string) => new AadstsError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${appId}' are expired.`),
  credentialMissing: () =>
    new AadstsError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  assertionKeyUnknown: (appId: string) =>
    new AadstsError(
      401,
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
    ),
  assertionInvalid: (reason: string) => new AadstsError(401, 'invalid_client', 700027, `Client assertion failed signature validation. [Reason - ${reason}]`),
  // Workload identity federation: Entra has named the claim that matches no federated identity credential since
  // 2024, in place of the older AADSTS70021 (m365-late-2026.md; texts as seen in Azure/login#482 and #515,
  // dotnet/maui#31978; learn.microsoft.com/entra/identity-platform/reference-breaking-changes, August 2024).
  federatedIssuerUnmatched: (issuer: string) => federatedMismatch(700211, 'issuer', issuer),
  federatedAudienceUnmatched: (audience: string) => federatedMismatch(700212, 'audience', audience),
  federatedSubjectUnmatched: (subject: string) => federatedMismatch(700213, 'subject', subject),
  federatedSubjectCaseOnly: (subject: string) =>
    federatedMismatch(7002138, 'subject', subject, 'The subject matches with case-insensitive comparison, but not with case-sensitive comparison. '),
  assertionExpired: (now: Date, expires: Date) =>
    new AadstsError(
      400,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, expiry time of assertion ${expires.toISOString()}.`,
    ),
  missingServicePrincipal: (appId: string, tenant: string) =>
    new AadstsError(400, 'invalid_client', 7000229, `The client application ${appId} is missing service principal in the tenant ${tenant}.`),
  userNotFound: (tenant: string) =>
    new AadstsError(
      400,
      'invalid_grant',
      50034,
      `The user account {EUII Hidden} does not exist in the ${tenant} directory. To sign into this application, the account must be added to the directory.`,
    ),
  accountDisabled: () => new AadstsError(400, 'invalid_grant', 50057, 'The user account is disabled.'),
  badPassword: () => new AadstsError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  consentRequired: (appId: string, appName: string) =>
    new AadstsError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${appId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
    ),
  invalidScope: (scope: string) =>
    new AadstsError(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' ('${scope}') is not valid.`,
    ),
  clientCredentialScope: (scope: string) =>
    new AadstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  unsupportedGrant: (grant: string) => new AadstsError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  missingParameter: (name: string) => new AadstsError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  badGrant: () => new AadstsError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  pending: () => new AadstsError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  declined: () => new AadstsError(400, 'authorization_declined', 70000, 'The user declined the sign-in request.'),
  codeExpired: () => new AadstsError(400, 'expired_token', 70019, 'Verification code expired.'),
  badCode: () => new AadstsError(400, 'bad_verification_code', 70000, "The provided value for the input parameter 'device_code' is not valid."),
} as const;
