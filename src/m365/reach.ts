/**
 * Reaching the tenant before anything is collected (issue 15, "Errors named once"): each endpoint
 * origin is asked once, and the app signs in once, so a tenant that cannot be reached is one
 * run-level error that says why (the host and port that refused, the certificate Node does not
 * trust and the variable that fixes it, the host name the certificate does not name, the AADSTS
 * code of an unknown tenant or a refused credential) instead of the same vague error on every check.
 * MSAL reports all of these as `endpoints_resolution_error`, so the look is made here, with
 * node:https and Node's own CAs (NODE_EXTRA_CA_CERTS included); verification is never turned off.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { request as httpsRequest } from 'node:https';
import { MbxError } from '../errors.js';
import { createCredential, type Credential, type CredentialOptions } from './credential.js';
import { endpointsFrom, RESOURCE, type Endpoints } from './endpoints.js';
import type { RetryPolicy } from './retry.js';
import { isNetworkError, retryAfterMs, TransientFailure, transientStatus } from './retry.js';

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * Entra's codes that mean the verify app's own identity or credential is wrong (Microsoft's AADSTS
 * error reference; the federated ones as Entra answers since 2024: m365-late-2026.md).
 */
const CREDENTIAL_CODES: Readonly<Record<string, string>> = {
  '7000215': 'the client secret is wrong',
  '7000222': 'the client secret has expired',
  '700027': 'the certificate assertion was refused (wrong or expired certificate)',
  '700016': 'no app with this client id exists in the tenant',
  '50126': 'the user name or password is wrong',
  '7000229': 'the app has no service principal in the tenant',
  // Workload identity federation: the federated credential, never a certificate.
  '700024': 'the federated token has expired or is not yet valid; the platform must hand mbx a fresh one',
  '700211': "no federated credential of the app trusts the token's issuer",
  '700212': "no federated credential of the app names the token's audience (api://AzureADTokenExchange)",
  '700213': "no federated credential of the app names the token's subject",
  '7002138': "the token's subject matches a federated credential of the app only in upper and lower case, and Entra compares them exactly",
  '70021': 'no federated credential of the app matches the token (its issuer, subject and audience)',
};

/** The credential kinds that present a federated token (workload identity federation). */
const FEDERATED_KINDS: ReadonlySet<string> = new Set(['workload-identity', 'github-actions', 'azure-pipelines']);

/** Codes about the federated token, when the credential is one: its fix is the app's federated credential. */
const FEDERATED_CODES = new Set(['700024', '700211', '700212', '700213', '7002138', '70021']);

function codeChain(error: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** One GET of an origin: any HTTP answer proves the host is reachable and its certificate trusted. */
function look(url: string): Promise<{ status: number; text: string; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'GET', timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const header = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
          retryAfter: typeof header === 'string' ? header : undefined,
        });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from ${new URL(url).host} within 30 s`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

class Answered extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`answered HTTP ${status}`);
  }
}

/** The run-level error for a connection that could not be made, or undefined when it is not one. */
function connectionError(error: unknown, url: string, variable: string): MbxError | undefined {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const where = `${hostname}:${port === '' ? '443' : port}`;
  const codes = codeChain(error);
  const untrusted = codes.find((code) => UNTRUSTED.has(code));
  if (untrusted !== undefined) {
    return new MbxError(
      'TLS_UNTRUSTED',
      `the certificate of ${where} is not trusted (${untrusted}); for mbx emulator, set NODE_EXTRA_CA_CERTS to the CA file it prints (Node reads it only at start). TLS verification stays on.`,
      { host: where, reason: untrusted },
    );
  }
  if (codes.includes('ERR_TLS_CERT_ALTNAME_INVALID')) {
    return new MbxError(
      'TLS_HOSTNAME_MISMATCH',
      `the certificate of ${where} does not name ${host}; use the host name the certificate was issued for in ${variable} (mbx emulator's certificate names 127.0.0.1, ::1 and localhost).`,
      { host: where },
    );
  }
  const reason = codes.find((code) => /^E[A-Z_]+$/.test(code)) ?? (error instanceof Error ? error.message : String(error));
  if (isNetworkError(error) || codes.includes('ENOTFOUND')) {
    return new MbxError('TENANT_UNREACHABLE', `cannot connect to ${where} (${reason}); check ${variable}, and that the tenant (or mbx emulator) is running.`, {
      host: where,
      reason,
    });
  }
  return undefined;
}

/** Each distinct origin among the authority, Graph and Exchange answers over verified TLS, and the tenant exists. */
export async function reachTenant(endpoints: Endpoints, tenantId: string, policy: RetryPolicy): Promise<void> {
  const targets = [
    { url: `${endpoints.authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`, variable: 'MBX_AUTHORITY_HOST', tenant: true },
    { url: `${endpoints.graphUrl}/`, variable: 'MBX_GRAPH_URL', tenant: false },
    { url: `${endpoints.exchangeUrl}/`, variable: 'MBX_EXCHANGE_URL', tenant: false },
  ];
  const seen = new Set<string>();
  for (const target of targets) {
    const origin = new URL(target.url).origin;
    if (!target.tenant && seen.has(origin)) continue;
    seen.add(origin);
    let answer: { status: number; text: string };
    try {
      answer = await policy.run(
        async () => {
          const got = await look(target.url);
          if (transientStatus(got.status)) throw new Answered(got.status, retryAfterMs(got.retryAfter));
          return got;
        },
        (error) =>
          error instanceof Answered
            ? { transient: true, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) }
            : { transient: isNetworkError(error) && !codeChain(error).includes('ENOTFOUND') },
      );
    } catch (error) {
      const cause = error instanceof TransientFailure ? error.cause : error;
      if (cause instanceof Answered && cause.status === 429)
        throw new MbxError(
          'TENANT_THROTTLED',
          `${new URL(target.url).host} kept answering 429 (throttled) for longer than the run's budget; nothing was checked. Try again later, or raise --budget.`,
          { host: new URL(target.url).host, status: cause.status },
        );
      if (cause instanceof Answered)
        throw new MbxError(
          'TENANT_UNREACHABLE',
          `${new URL(target.url).host} ${error instanceof Error ? error.message : String(error)}; try again later, or raise --budget.`,
          { host: new URL(target.url).host, status: cause.status },
        );
      throw connectionError(cause, target.url, target.variable) ?? error;
    }
    const aadsts = /AADSTS(\d+)/.exec(answer.text)?.[1];
    if (target.tenant && (aadsts === '90002' || answer.status === 400 || answer.status === 404)) {
      throw new MbxError(
        'TENANT_NOT_FOUND',
        `Entra ID does not know the tenant '${tenantId}' (AADSTS${aadsts ?? '90002'}); set AZURE_TENANT_ID to the tenant's id or primary domain.`,
        { tenant: tenantId, aadsts: aadsts ?? '90002' },
      );
    }
  }
}

/** The run-level error for a sign-in Entra refused for the verify app's own credential, or undefined. */
function credentialRefusal(error: unknown, clientId: string, federated: boolean): MbxError | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const code = /AADSTS(\d+)/.exec(text)?.[1];
  if (code === undefined || CREDENTIAL_CODES[code] === undefined) return undefined;
  const about = federated && code === '700027' ? 'the federated token is not a JWT its issuer signed' : (CREDENTIAL_CODES[code] as string);
  const fix =
    federated || FEDERATED_CODES.has(code)
      ? "fix the app's federated identity credential: its issuer, subject and audience must equal the token's, exactly (Entra's message above names the claim that differs)"
      : 'fix AZURE_CLIENT_ID and its credential (AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE)';
  // The claim Entra names (the subject, the issuer) helps; it is no secret.
  const named = FEDERATED_CODES.has(code) ? /presented assertion (?:issuer|subject|audience) '[^']*'/.exec(text)?.[0] : undefined;
  return new MbxError(
    'CREDENTIALS_REJECTED',
    `Entra ID refused the sign-in of the app ${clientId} (AADSTS${code}: ${about}${named === undefined ? '' : `; ${named}`}); ${fix}.`,
    { clientId, aadsts: code },
  );
}

/**
 * Whether Entra throttled the token request: HTTP 429, or AADSTS90035 (MSAL answers a client it
 * still holds back, without a request, with the same code: its ThrottlingUtils keep the Retry-After).
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS90035)
 */
export function throttledToken(error: unknown): boolean {
  if ((error as { statusCode?: unknown }).statusCode === 429) return true;
  const text = error instanceof Error ? error.message : String(error);
  return /AADSTS90035|\b90035\b|temporarily_unavailable|throttl/i.test(text);
}

/** Whether an @azure/identity failure may pass: a throttled, failing or unreachable token endpoint. */
export function transientTokenError(error: unknown): boolean {
  if (throttledToken(error)) return true;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number') return transientStatus(status);
  const text = error instanceof Error ? error.message : String(error);
  // MSAL's word for "the discovery document could not be fetched"; reachTenant has shown the endpoint exists.
  return isNetworkError(error) || /endpoints_resolution_error|network_error|429|Too Many Requests|Service Unavailable|temporarily/i.test(text);
}

/**
 * Tries of one token request. Without a token nothing can be checked, so a throttled token endpoint
 * is waited out to the run's budget (issue 29), as its Retry-After asks, not given up on after the
 * five tries a single Graph or Exchange request gets (whose failure costs one source, not the run).
 */
export const TOKEN_ATTEMPTS = 100;

/**
 * The credential, with every token request under the run's retry policy (the token endpoint's
 * Retry-After held as the service `entra`). After a throttled answer the next try is made with a
 * fresh credential from `fresh`: MSAL holds a throttled client back itself, and the MSAL that
 * @azure/identity 4.13 uses reads the Retry-After header case-sensitively from headers
 * @azure/identity hands it in lower case, so it always holds for its default 60 s
 * (msal-common ThrottlingUtils, DEFAULT_THROTTLE_TIME_SECONDS) instead of the time Entra gave.
 */
export function retryingCredential(credential: TokenCredential, policy: RetryPolicy, fresh?: () => TokenCredential): TokenCredential {
  let current = credential;
  return {
    getToken: async (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> => {
      const token = await policy.run(
        async () => {
          await policy.ready('entra');
          return current.getToken(scopes, options);
        },
        (error) => {
          if (!transientTokenError(error)) return { transient: false };
          if (!throttledToken(error)) return { transient: true };
          if (fresh !== undefined) current = fresh();
          const wait = policy.pausedFor('entra');
          return { transient: true, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
        },
        undefined,
        TOKEN_ATTEMPTS,
      );
      if (token === null) throw new MbxError('CREDENTIALS_MISSING', 'the credential gave no token');
      return token;
    },
  };
}

/** Sign the verify app in once: a refused credential is one run-level error, not one per source. */
export async function signIn(
  credential: TokenCredential,
  clientId: string,
  policy?: RetryPolicy,
  federated = false,
  ciRefusal?: () => MbxError | undefined,
): Promise<void> {
  try {
    await credential.getToken(RESOURCE.graph);
  } catch (error) {
    // A CI system's token service refused first: its own words say what to fix (the job's permissions).
    const refusedByCi = ciRefusal?.();
    if (refusedByCi !== undefined) throw refusedByCi;
    const cause = error instanceof TransientFailure ? error.cause : error;
    const refusal = credentialRefusal(cause, clientId, federated);
    if (refusal !== undefined) throw refusal;
    if (error instanceof TransientFailure && throttledToken(cause)) {
      const resumes = policy?.resumesAt('entra');
      const when = resumes === undefined || resumes.getTime() < Date.now() ? 'in a few minutes' : `after ${resumes.toISOString().slice(11, 19)} UTC`;
      throw new MbxError(
        'TENANT_THROTTLED',
        `Entra ID throttled the sign-in of the app ${clientId} (AADSTS90035) for longer than the run's budget (${error.attempts} tries); nothing was checked. Try again ${when}, or raise --budget.`,
        { clientId, attempts: error.attempts, ...(resumes === undefined ? {} : { retryAt: resumes.toISOString() }) },
      );
    }
    if (error instanceof TransientFailure)
      throw new MbxError('TENANT_UNREACHABLE', `the token endpoint did not give the app a token: ${error.message}; try again later, or raise --budget.`, {
        clientId,
      });
    if (error instanceof MbxError) throw error;
    // Anything else @azure/identity refuses with (a CI token service out of reach, an answer it cannot read)
    // is the environment's credential failing, not a bug in mbx: named, with its words (secrets redacted).
    const words = error instanceof Error ? error.message : String(error);
    throw new MbxError(
      'CREDENTIALS_REJECTED',
      `the app ${clientId} could not sign in: ${words.split('\n')[0]?.slice(0, 300) ?? ''}; check the credential the environment gives (docs/errors.md, CREDENTIALS_REJECTED).`,
      { clientId },
    );
  }
}

/**
 * The run's credential from the environment, its token endpoint's Retry-After held by the run's
 * policy. Made before any request, so a credential missing or unusable is named first.
 */
export function runCredential(env: NodeJS.ProcessEnv, policy: RetryPolicy, options: CredentialOptions = {}): { endpoints: Endpoints; credential: Credential } {
  const endpoints = endpointsFrom(env);
  return { endpoints, credential: createCredential(env, endpoints, { ...options, onRetryAfter: (ms) => policy.pause('entra', ms) }) };
}

/**
 * The run's way in, as verify, export and snapshot make it: one look at the tenant and one
 * sign-in, each a named run-level error when it fails; the token credential every client shares.
 */
export async function enterTenant(endpoints: Endpoints, credential: Credential, policy: RetryPolicy): Promise<TokenCredential> {
  await reachTenant(endpoints, credential.tenantId, policy);
  const token = retryingCredential(credential.token, policy, credential.fresh);
  await signIn(token, credential.clientId, policy, FEDERATED_KINDS.has(credential.kind), credential.refusal);
  return token;
}
