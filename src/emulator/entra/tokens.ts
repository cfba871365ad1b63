/**
 * Access tokens as Entra issues them for Microsoft Graph and Exchange Online: RS256 JWTs in the
 * v1.0 format, because both resources accept v1.0 tokens even when the v2.0 endpoint issued them
 * (fidelity 4.4, 4.5: `ver` "1.0", issuer https://sts.windows.net/{tid}/, lifetime 3600 s plus a
 * 5-minute nbf skew). Refresh tokens are opaque to clients: sealed with A256GCM under the
 * emulator's own key, so they survive a restart without a table of them.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { EncryptJWT, SignJWT, base64url, compactVerify, jwtDecrypt, jwtVerify, type JWTPayload } from 'jose';
import type { EmulatorSecrets } from '../secrets.js';
import { RESOURCE_AUDIENCES } from '../wellknown.js';

export const ACCESS_TOKEN_SECONDS = 3599;
/** Entra's implicit wid for app-only tokens (fidelity 4.5). */
const APP_ONLY_WID = '0997a1d0-0d1d-4acb-b408-d5ca73121e90';

export interface AccessClaims extends JWTPayload {
  readonly aud: string;
  readonly iss: string;
  readonly tid: string;
  readonly oid: string;
  readonly appid: string;
  readonly app_displayname: string;
  readonly appidacr: '0' | '1' | '2';
  readonly idtyp: 'app' | 'user';
  readonly ver: '1.0';
  readonly roles?: string[];
  readonly scp?: string;
  readonly upn?: string;
  readonly unique_name?: string;
  readonly name?: string;
  readonly wids?: string[];
}

export type TokenSubject =
  | { readonly kind: 'app'; readonly servicePrincipalId: string; readonly roles: readonly string[]; readonly wids: readonly string[] }
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly upn: string;
      readonly name: string;
      readonly scopes: readonly string[];
      readonly wids: readonly string[];
    };

export interface IssueInput {
  readonly tenantId: string;
  readonly audience: string;
  readonly appId: string;
  readonly appDisplayName: string;
  /** 0 public client, 1 secret, 2 certificate. */
  readonly clientAuth: '0' | '1' | '2';
  readonly subject: TokenSubject;
}

/** What a refresh token remembers: who, for which client, and what they consented to ask for. */
export interface RefreshClaims {
  readonly tid: string;
  readonly userId: string;
  readonly clientId: string;
  readonly scope: string;
}

export class TokenService {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
  readonly certificatePem: string;
  private readonly refreshKey: Uint8Array;
  /** Verified tokens by their text: verification is the hot path of every Graph and Exchange call. */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    secrets: EmulatorSecrets,
    private readonly now: () => Date,
  ) {
    this.privateKey = createPrivateKey(secrets.signingKey);
    this.publicKey = createPublicKey(this.privateKey);
    this.certificatePem = secrets.signingCert;
    this.kid = base64url.encode(createHash('sha1').update(pemToDer(secrets.signingCert)).digest());
    this.refreshKey = Buffer.from(secrets.refreshKey, 'base64');
  }

  async issue(input: IssueInput): Promise<{ token: string; claims: AccessClaims }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const issuer = `https://sts.windows.net/${input.tenantId}/`;
    const subject = input.subject;
    const claims: AccessClaims = {
      aud: input.audience,
      iss: issuer,
      iat,
      nbf: iat - 300,
      exp: iat + 300 + ACCESS_TOKEN_SECONDS + 1,
      aio: randomBytes(32).toString('base64url'),
      app_displayname: input.appDisplayName,
      appid: input.appId,
      appidacr: input.clientAuth,
      idp: issuer,
      idtyp: subject.kind,
      oid: subject.kind === 'app' ? subject.servicePrincipalId : subject.userId,
      rh: `1.${randomBytes(16).toString('base64url')}.`,
      sub: subject.kind === 'app' ? subject.servicePrincipalId : base64url.encode(randomBytes(32)),
      tid: input.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
      ...(subject.kind === 'app'
        ? { roles: subject.roles.length > 0 ? [...subject.roles] : undefined, wids: [...subject.wids, APP_ONLY_WID] }
        : {
            scp: subject.scopes.join(' '),
            upn: subject.upn,
            unique_name: subject.upn,
            name: subject.name,
            wids: subject.wids.length > 0 ? [...subject.wids] : undefined,
          }),
    };
    const token = await new SignJWT(withoutUndefined(claims))
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: this.kid, kid: this.kid })
      .sign(this.privateKey);
    return { token, claims };
  }

  /** A token of a CI system's OIDC issuer the emulator hosts (ci-oidc.ts), signed with the emulator's key. */
  async ciToken(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: `ci-${this.kid}` }).sign(this.privateKey);
  }

  /** Whether a CI issuer's token carries the emulator's own signature; its claims (times included) are the caller's to check. */
  async verifyCiToken(token: string): Promise<JWTPayload> {
    const { payload } = await compactVerify(token, this.publicKey, { algorithms: ['RS256'] });
    return JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
  }

  /** An OpenID Connect id token (v2.0) for a user signing in to a client. */
  async idToken(input: { tenantId: string; clientId: string; userId: string; upn: string; name: string }): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({
      aud: input.clientId,
      iss: `https://login.microsoftonline.com/${input.tenantId}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      name: input.name,
      oid: input.userId,
      preferred_username: input.upn,
      sub: input.userId,
      tid: input.tenantId,
      ver: '2.0',
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: this.kid })
      .sign(this.privateKey);
  }

  /** The claims of a token this emulator signed, or why it is not acceptable. */
  async verify(token: string): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: string }> {
    const cached = this.verified.get(token);
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    if (cached !== undefined) {
      if ((cached.exp ?? 0) > nowSeconds) return { ok: true, claims: cached };
      this.verified.delete(token);
      return { ok: false, reason: 'The token is expired.' };
    }
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'], currentDate: this.now() });
      const claims = payload as AccessClaims;
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, claims);
      return { ok: true, claims };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'The token is expired.' : 'The token signature is invalid.' };
    }
  }

  async sealRefresh(claims: RefreshClaims): Promise<string> {
    return (
      new EncryptJWT({ ...claims })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuedAt(Math.floor(this.now().getTime() / 1000))
        .setJti(randomUUID())
        // Entra's refresh tokens last 90 days.
        .setExpirationTime(Math.floor(this.now().getTime() / 1000) + 90 * 86_400)
        .encrypt(this.refreshKey)
    );
  }

  async openRefresh(token: string): Promise<RefreshClaims | undefined> {
    try {
      const { payload } = await jwtDecrypt(token, this.refreshKey, { currentDate: this.now() });
      return payload as unknown as RefreshClaims;
    } catch {
      return undefined;
    }
  }
}

export type BearerCheck =
  { readonly ok: true; readonly claims: AccessClaims } | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'expired' | 'invalid' | 'audience' };

/**
 * The checks every resource makes of an `Authorization: Bearer` header: a token this emulator
 * signed, not expired, issued for `resourceAppId` (any of its audience URIs or its app id).
 * Graph and Exchange turn the reason into their own answers.
 */
export async function verifyBearer(tokens: TokenService, header: string | undefined, resourceAppId: string): Promise<BearerCheck> {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null) return { ok: false, reason: 'malformed' };
  const verified = await tokens.verify(match[1] as string);
  if (!verified.ok) return { ok: false, reason: verified.reason === 'The token is expired.' ? 'expired' : 'invalid' };
  if (RESOURCE_AUDIENCES[verified.claims.aud.replace(/\/$/, '')] !== resourceAppId) return { ok: false, reason: 'audience' };
  return { ok: true, claims: verified.claims };
}

/** The permissions a token carries: application roles for an app, delegated scopes for a user. */
export function heldPermissions(claims: AccessClaims): readonly string[] {
  return claims.idtyp === 'app' ? (claims.roles ?? []) : (claims.scp ?? '').split(' ');
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function withoutUndefined<T extends object>(value: T): JWTPayload {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as JWTPayload;
}
