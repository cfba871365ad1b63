/**
 * Who a probe signs in as (issue 6, "Probe identities"): the identity the client profile uses.
 * A delegate signs in through the spec's app, as the mail software does, with a refresh token
 * (or, on the emulator or a tenant that allows it, a password); the app signs in with its client
 * credentials. They come from one JSON file named by MBX_PROBE_CREDENTIALS, kept out of the spec
 * and out of every report:
 *   { "delegates": { "max@contoso.com": { "refreshToken": "..." } | { "password": "..." } },
 *     "app": { "clientSecret": "..." } | { "certificatePath": "..." } }
 * Tokens are asked for the Exchange Online scopes the mail protocols take (fidelity 5.2, 5.3).
 */
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DeviceCodeCredential, type AccessToken } from '@azure/identity';
import { SignJWT } from 'jose';
import { FileError, MbxError } from '../errors.js';
import { appCredential } from '../m365/credential.js';
import type { Endpoints } from '../m365/endpoints.js';
import { transientTokenError } from '../m365/reach.js';
import { isNetworkError, retryAfterMs, RetryPolicy, transientStatus } from '../m365/retry.js';
import type { Permission } from '../profiles/types.js';

export interface DelegateSecret {
  readonly refreshToken?: string;
  readonly password?: string;
}

export interface ProbeCredentials {
  /** By lower-cased address. */
  readonly delegates: ReadonlyMap<string, DelegateSecret>;
  readonly app?: { readonly clientSecret?: string; readonly certificatePath?: string };
}

/** The delegated scopes a mail client asks Exchange Online for. */
export const DELEGATED_MAIL_SCOPES = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/POP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'offline_access',
];

function invalid(file: string, pointer: string, problem: string): MbxError {
  return new MbxError('PROBE_CREDENTIALS_INVALID', `${file}: ${pointer || '/'} ${problem}`, { file, pointer });
}

/** Where JSON.parse stopped, as line and column, from the position V8 gives (when it gives one). */
function jsonPlace(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return /end of JSON input/i.test(message) ? 'it ends too early' : 'it is not well-formed';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  return `line ${line}, column ${Number(position) - before.lastIndexOf('\n')}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The credentials MBX_PROBE_CREDENTIALS names; none when it is unset. Every problem names the file and the JSON pointer. */
export function loadProbeCredentials(env: NodeJS.ProcessEnv): ProbeCredentials {
  const file = env.MBX_PROBE_CREDENTIALS;
  if (file === undefined || file === '') return { delegates: new Map() };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new FileError(file, cause);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text near the fault, which is a secret here: only the place is told.
    throw invalid(file, '', `is not JSON (${jsonPlace(text, (error as Error).message)}); nothing of its content is shown, as it holds secrets.`);
  }
  if (!isRecord(parsed)) throw invalid(file, '', 'must be an object with "delegates" and "app".');
  const unknown = Object.keys(parsed).find((key) => key !== 'delegates' && key !== 'app');
  if (unknown !== undefined) throw invalid(file, `/${unknown}`, 'is not a known key; use "delegates" and "app".');
  const delegates = new Map<string, DelegateSecret>();
  if (parsed.delegates !== undefined) {
    if (!isRecord(parsed.delegates)) throw invalid(file, '/delegates', 'must be an object of addresses.');
    for (const [address, secret] of Object.entries(parsed.delegates)) {
      const pointer = `/delegates/${address.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!isRecord(secret) || (typeof secret.refreshToken !== 'string' && typeof secret.password !== 'string'))
        throw invalid(file, pointer, 'needs "refreshToken" (or "password") as a string.');
      delegates.set(address.toLowerCase(), {
        ...(typeof secret.refreshToken === 'string' ? { refreshToken: secret.refreshToken } : {}),
        ...(typeof secret.password === 'string' ? { password: secret.password } : {}),
      });
    }
  }
  let app: ProbeCredentials['app'];
  if (parsed.app !== undefined) {
    const given = parsed.app;
    if (!isRecord(given) || (typeof given.clientSecret !== 'string' && typeof given.certificatePath !== 'string'))
      throw invalid(file, '/app', 'needs "clientSecret" or "certificatePath" as a string.');
    app = {
      ...(typeof given.clientSecret === 'string' ? { clientSecret: given.clientSecret } : {}),
      ...(typeof given.certificatePath === 'string' ? { certificatePath: given.certificatePath } : {}),
    };
  }
  return { delegates, ...(app === undefined ? {} : { app }) };
}

/** A token endpoint refusal, with Entra's own description (its AADSTS code) and never a token. */
export class TokenRefused extends Error {
  constructor(
    message: string,
    /** A throttled, failing or unreachable token endpoint: the retry policy tries again. */
    readonly transient = false,
    /** The endpoint's Retry-After, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const classify = (error: unknown): { transient: boolean; retryAfterMs?: number } =>
  error instanceof TokenRefused
    ? { transient: error.transient, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) }
    : { transient: isNetworkError(error) };

/**
 * How a token request names a delegated scope: the mail protocols' scopes belong to Exchange
 * Online's resource (`https://outlook.office.com/IMAP.AccessAsUser.All`, fidelity 5.2), though the
 * portal lists them under Microsoft Graph; Graph's mail scopes to Graph; OIDC scopes stand alone.
 */
export function scopeUrl(permission: Permission): string {
  if (permission.name === 'offline_access' || permission.name === 'openid' || permission.name === 'profile') return permission.name;
  if (/^(IMAP|POP|SMTP|EWS)\./.test(permission.name) || permission.resource === 'Office 365 Exchange Online')
    return `https://outlook.office.com/${permission.name}`;
  return `https://graph.microsoft.com/${permission.name}`;
}

export interface ProbeTokenOptions {
  /** Shows a device-code prompt, for a delegate the credentials file has no secret for (a person at a terminal). */
  readonly deviceCode?: (message: string) => void;
  /** The run's retry policy for token requests. */
  readonly retry?: RetryPolicy;
}

/** Where the probes get their tokens: ProbeTokens, or pre-issued ones (the benchmark). */
export interface TokenSource {
  /** Whether a delegated token for this address can be had. */
  canSignIn(address: string): boolean;
  /** Whether the app's credential is at hand. */
  readonly hasApp: boolean;
  delegate(address: string, scopes?: readonly string[]): Promise<string>;
  app(resource?: string): Promise<string>;
  /** Forget every token, so a retry (--settle) asks Entra again. */
  clear(): void;
}

/**
 * Tokens for the probes of one tenant, through the spec's app (`clientId`). A delegate's grant
 * carries the app's own credential when the file holds one, as a confidential client's must
 * (Entra answers AADSTS7000218 otherwise). Each token is asked for once per run.
 */
export class ProbeTokens implements TokenSource {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly retry: RetryPolicy;

  constructor(
    private readonly credentials: ProbeCredentials,
    private readonly endpoints: Endpoints,
    private readonly tenantId: string,
    private readonly clientId: string,
    private readonly options: ProbeTokenOptions = {},
  ) {
    this.retry = options.retry ?? new RetryPolicy();
  }

  /** Whether a delegated token for this address can be had: a secret in the file, or a device-code sign-in. */
  canSignIn(address: string): boolean {
    return this.credentials.delegates.has(address.toLowerCase()) || this.options.deviceCode !== undefined;
  }

  /** Whether the file holds the app's credential. */
  get hasApp(): boolean {
    return this.credentials.app !== undefined;
  }

  /** A delegated token as `address` for the scopes given (Exchange Online's mail protocols by default). */
  delegate(address: string, scopes: readonly string[] = DELEGATED_MAIL_SCOPES): Promise<string> {
    return this.once(`delegate ${address.toLowerCase()} ${[...scopes].sort().join(' ')}`, async () => {
      const secret = this.credentials.delegates.get(address.toLowerCase());
      if (secret === undefined) return this.deviceCodeToken(address, scopes);
      const grant: Record<string, string> =
        secret.refreshToken !== undefined
          ? { grant_type: 'refresh_token', refresh_token: secret.refreshToken }
          : { grant_type: 'password', username: address, password: secret.password ?? '' };
      return this.request({ client_id: this.clientId, scope: scopes.join(' '), ...grant, ...(await this.clientAuthentication()) });
    });
  }

  /** An app-only token for Exchange Online (IMAP.AccessAsApp, POP.AccessAsApp, SMTP.SendAsApp), or for `resource`. */
  app(resource = 'https://outlook.office365.com'): Promise<string> {
    return this.once(`app ${resource}`, async () => {
      const app = this.credentials.app;
      if (app === undefined) throw new TokenRefused('No client secret or certificate for the app in MBX_PROBE_CREDENTIALS.');
      const credential = appCredential(this.tenantId, this.clientId, app, this.endpoints);
      let token: AccessToken | null;
      try {
        token = await credential.getToken(`${resource}/.default`);
      } catch (error) {
        throw new TokenRefused(error instanceof Error ? error.message : String(error), transientTokenError(error));
      }
      if (token === null) throw new TokenRefused('The token endpoint gave the app no token.');
      return token.token;
    });
  }

  /** Forget every token, so a retry (--settle) asks Entra again. */
  clear(): void {
    this.cache.clear();
  }

  private once(key: string, fetch: () => Promise<string>): Promise<string> {
    let pending = this.cache.get(key);
    if (pending === undefined) {
      pending = this.retry.run(fetch, classify);
      // A refusal is not kept: the next probe asks again.
      pending.catch(() => this.cache.delete(key));
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async deviceCodeToken(address: string, scopes: readonly string[]): Promise<string> {
    const show = this.options.deviceCode;
    if (show === undefined) throw new TokenRefused(`No refresh token or password for ${address} in MBX_PROBE_CREDENTIALS.`);
    const credential = new DeviceCodeCredential({
      tenantId: this.tenantId,
      clientId: this.clientId,
      authorityHost: this.endpoints.authorityHost,
      disableInstanceDiscovery: !this.endpoints.microsoftAuthority,
      userPromptCallback: (info) => show(`Probe as ${address}: ${info.message}`),
    });
    try {
      return (await credential.getToken(scopes.filter((scope) => scope !== 'offline_access'))).token;
    } catch (error) {
      throw new TokenRefused(error instanceof Error ? error.message : String(error));
    }
  }

  private tokenUrl(): string {
    return `${this.endpoints.authorityHost.replace(/\/$/, '')}/${this.tenantId}/oauth2/v2.0/token`;
  }

  /** The app's proof of itself for a user grant: its secret, or a certificate assertion (private_key_jwt); none for a public client. */
  private async clientAuthentication(): Promise<Record<string, string>> {
    const app = this.credentials.app;
    if (app?.clientSecret !== undefined) return { client_secret: app.clientSecret };
    if (app?.certificatePath === undefined) return {};
    let pem: string;
    try {
      pem = readFileSync(app.certificatePath, 'utf8');
    } catch (cause) {
      throw new FileError(app.certificatePath, cause);
    }
    const certificate = new X509Certificate(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----')));
    const thumbprint = createHash('sha256').update(certificate.raw).digest('base64url');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': thumbprint })
      .setIssuer(this.clientId)
      .setSubject(this.clientId)
      .setAudience(this.tokenUrl())
      .setJti(randomUUID())
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .sign(createPrivateKey(pem));
    return { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
  }

  private async request(form: Record<string, string>): Promise<string> {
    // Entra throttles the app, not one request: while one of its requests waits out a Retry-After, all wait.
    await this.retry.ready('entra');
    const response = await fetch(this.tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    const text = await response.text();
    let answer: { access_token?: string; error?: string; error_description?: string } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // A throttling proxy's page: the status says what it is.
    }
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    if (retryAfter !== undefined) this.retry.pause('entra', retryAfter);
    if (!response.ok || answer.access_token === undefined)
      throw new TokenRefused(
        // Entra's first line is the AADSTS code and its sentence; the trace lines after it help nobody reading a report.
        answer.error_description?.split(/\r?\n/)[0] ?? answer.error ?? `The token endpoint answered ${response.status}.`,
        transientStatus(response.status),
        retryAfter,
      );
    return answer.access_token;
  }
}
