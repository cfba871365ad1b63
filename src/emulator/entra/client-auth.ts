/**
 * Confidential-client authentication at the token endpoint: a client secret (in the body or HTTP
 * Basic), or a certificate assertion (private_key_jwt, RS256 or PS256) checked against the
 * certificates registered on the application, found by the `x5t` or `x5t#S256` thumbprint
 * (entra-docs certificate-credentials.md); or a federated assertion (workload identity federation:
 * a token of an external issuer, no certificate thumbprint) matched against the application's
 * federatedIdentityCredentials by issuer, subject and audience, and verified against the issuer's
 * keys, which here means an issuer the emulator hosts (ci-oidc.ts).
 */
import { X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importX509, jwtVerify, type JWTPayload } from 'jose';
import type { Application, KeyCredential } from '../store/model.js';
import { thumbprint } from '../secrets.js';
import { verifySecret } from './passwords.js';
import { AADSTS } from './errors.js';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientCredentials {
  readonly secret?: string;
  readonly assertion?: string;
}

/** The credential a request carries, from the form or an Authorization: Basic header. */
export function credentialsOf(form: URLSearchParams, authorization: string | undefined): ClientCredentials {
  const assertion = form.get('client_assertion') ?? undefined;
  if (assertion !== undefined) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) throw AADSTS.missingParameter('client_assertion_type');
    return { assertion };
  }
  const secret = form.get('client_secret') ?? undefined;
  if (secret !== undefined) return { secret };
  if (authorization !== undefined && /^Basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return { secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return {};
}

/** The external issuers whose tokens the token endpoint can verify, and how. */
export interface Federation {
  trusts(issuer: string): boolean;
  /** The token's claims once its signature is the issuer's; throws otherwise. */
  verify(token: string): Promise<JWTPayload>;
}

/** Check the credential; resolves to Entra's `appidacr` (1 secret, 2 certificate or federated assertion). */
export async function authenticateClient(
  app: Application,
  credentials: ClientCredentials,
  audiences: readonly string[],
  now: Date,
  federation?: Federation,
): Promise<'1' | '2'> {
  if (credentials.assertion !== undefined) {
    const header = safeHeader(credentials.assertion);
    if (header.x5t === undefined && header['x5t#S256'] === undefined) await verifyFederated(app, credentials.assertion, now, federation);
    else await verifyAssertion(app, credentials.assertion, audiences, now);
    return '2';
  }
  if (credentials.secret === undefined) throw AADSTS.credentialMissing();
  const matching = app.passwordCredentials.filter((credential) => verifySecret(credentials.secret as string, credential.secretHash));
  if (matching.length === 0) throw AADSTS.invalidSecret(app.appId);
  if (matching.every((credential) => Date.parse(credential.endDateTime) <= now.getTime())) throw AADSTS.secretExpired(app.appId);
  return '1';
}

function keyFor(app: Application, header: { x5t?: unknown; 'x5t#S256'?: unknown }): KeyCredential | undefined {
  return app.keyCredentials.find((key) => {
    const der = Buffer.from(key.key, 'base64');
    if (typeof header['x5t#S256'] === 'string') return thumbprint(der, 'sha256').toString('base64url') === header['x5t#S256'];
    if (typeof header.x5t === 'string')
      return thumbprint(der, 'sha1').toString('base64url') === header.x5t.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    return false;
  });
}

function safeHeader(assertion: string): ReturnType<typeof decodeProtectedHeader> {
  try {
    return decodeProtectedHeader(assertion);
  } catch {
    throw AADSTS.assertionInvalid('The client assertion is not a JWT.');
  }
}

/** A token of an external issuer: a federated identity credential must name its issuer, subject and audience. */
async function verifyFederated(app: Application, assertion: string, now: Date, federation: Federation | undefined): Promise<void> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw AADSTS.assertionInvalid('The client assertion is not a JWT.');
  }
  const issuer = String(claims.iss ?? '');
  const subject = String(claims.sub ?? '');
  const audience = Array.isArray(claims.aud) ? claims.aud.join(',') : String(claims.aud ?? '');
  const audienceList = Array.isArray(claims.aud) ? claims.aud : [audience];
  // Entra names the first claim no credential matches: issuer (700211), subject (700213, or 7002138 when
  // only the case differs, matching being case-sensitive since 2024-08), then audience (700212).
  const credentials = app.federatedIdentityCredentials ?? [];
  const ofIssuer = credentials.filter((credential) => credential.issuer === issuer);
  if (ofIssuer.length === 0) throw AADSTS.federatedIssuerUnmatched(issuer);
  const ofSubject = ofIssuer.filter((credential) => credential.subject === subject);
  if (ofSubject.length === 0) {
    if (ofIssuer.some((credential) => credential.subject.toLowerCase() === subject.toLowerCase())) throw AADSTS.federatedSubjectCaseOnly(subject);
    throw AADSTS.federatedSubjectUnmatched(subject);
  }
  const match = ofSubject.find((credential) => credential.audiences.some((wanted) => audienceList.includes(wanted)));
  if (match === undefined) throw AADSTS.federatedAudienceUnmatched(audience);
  if (federation === undefined || !federation.trusts(issuer))
    throw AADSTS.assertionInvalid(
      `The emulator cannot fetch the signing keys of '${issuer}'; it verifies federated assertions only from the CI issuers it hosts (GET /_emulator/ci).`,
    );
  try {
    await federation.verify(assertion);
  } catch (error) {
    throw AADSTS.assertionInvalid((error as Error).message);
  }
  const expires = typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  const notBefore = typeof claims.nbf === 'number' ? claims.nbf * 1000 : 0;
  if (expires <= now.getTime() || notBefore > now.getTime() + 300_000) throw AADSTS.assertionExpired(now, new Date(expires));
}

async function verifyAssertion(app: Application, assertion: string, audiences: readonly string[], now: Date): Promise<void> {
  const header = safeHeader(assertion);
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') throw AADSTS.assertionInvalid(`The algorithm '${String(alg)}' is not supported; use RS256 or PS256.`);
  const registered = keyFor(app, header);
  if (registered === undefined) throw AADSTS.assertionKeyUnknown(app.appId);
  if (Date.parse(registered.endDateTime) <= now.getTime()) throw AADSTS.assertionInvalid('The certificate has expired.');
  const pem = new X509Certificate(Buffer.from(registered.key, 'base64')).toString();
  const key = await importX509(pem, alg);
  try {
    await jwtVerify(assertion, key, {
      algorithms: [alg],
      issuer: app.appId,
      subject: app.appId,
      audience: [...audiences],
      currentDate: now,
      clockTolerance: 300,
    });
  } catch (error) {
    throw AADSTS.assertionInvalid((error as Error).message);
  }
}
