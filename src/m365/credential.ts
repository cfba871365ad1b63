/**
 * One credential factory over @azure/identity (docs/architecture.md, "Connecting to a tenant"), chosen from
 * the environment in this order: a certificate (AZURE_CLIENT_CERTIFICATE_PATH), a secret
 * (AZURE_CLIENT_SECRET), workload identity federation from a token file
 * (AZURE_FEDERATED_TOKEN_FILE, as Kubernetes mounts it), from GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL
 * and _TOKEN, in a job with `id-token: write`) or from Azure Pipelines (a service connection:
 * AZURESUBSCRIPTION_SERVICE_CONNECTION_ID with SYSTEM_ACCESSTOKEN and SYSTEM_OIDCREQUESTURI), else a
 * device-code sign-in for a person at a terminal. The variables are @azure/identity's own (and the
 * CI systems'), so an existing pipeline's settings work unchanged.
 *
 * A CI system's OIDC token lives minutes, a verify with --settle an hour: GitHub's is asked for
 * afresh each time Entra needs an assertion (ClientAssertionCredential's callback), Azure
 * Pipelines' by AzurePipelinesCredential, which does the same. A token written to a file once
 * would expire under a long run.
 */
import { readFileSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import {
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import { MbxError } from '../errors.js';
import { httpsUrl, type Endpoints } from './endpoints.js';
import { retryAfterMs, transientStatus } from './retry.js';

type PipelinePolicy = NonNullable<TokenCredentialOptions['additionalPolicies']>[number]['policy'];

export type CredentialKind = 'certificate' | 'secret' | 'workload-identity' | 'github-actions' | 'azure-pipelines' | 'device-code';

/** The audience Entra expects in a federated token (the federated credential's audience). */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * A fresh OIDC token from GitHub Actions' token service: GET ACTIONS_ID_TOKEN_REQUEST_URL with
 * `audience=`, bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, answering {"value": jwt}. Neither the token
 * nor the request token reaches an error message.
 */
export function githubOidcToken(requestUrl: string, requestToken: string, audience = FEDERATION_AUDIENCE): () => Promise<string> {
  httpsUrl('ACTIONS_ID_TOKEN_REQUEST_URL', requestUrl, 'GitHub Actions sets it in a job with `permissions: id-token: write`');
  return () =>
    new Promise((resolve, reject) => {
      const url = new URL(requestUrl);
      url.searchParams.set('audience', audience);
      const failed = (why: string): Error =>
        new MbxError(
          'CREDENTIALS_REJECTED',
          `GitHub Actions would not give an OIDC token (${why}); the job needs \`permissions: id-token: write\`, and the app a federated credential for this repository`,
        );
      const req = httpsRequest(
        url,
        { method: 'GET', timeout: 30_000, headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(failed(`HTTP ${res.statusCode ?? 0}`));
            try {
              const value = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value?: unknown }).value;
              if (typeof value === 'string' && value !== '') resolve(value);
              else reject(failed('no token in the answer'));
            } catch {
              reject(failed('an answer that is not JSON'));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => reject(failed(error.message)));
      req.end();
    });
}

export interface Credential {
  readonly kind: CredentialKind;
  readonly tenantId: string;
  readonly clientId: string;
  readonly token: TokenCredential;
  /** A new credential of the same kind and secret, with none of the first one's state (its token cache, MSAL's throttle hold). */
  readonly fresh: () => TokenCredential;
  /** Why a CI system's token service last refused mbx a token, which @azure/identity reports only as text. */
  readonly refusal?: () => MbxError | undefined;
}

export interface CredentialOptions {
  /** Allow a device-code sign-in when no app credential is set; the callback shows the code. */
  readonly deviceCode?: (message: string) => void;
  /** Hears the Retry-After of a throttled or failing token endpoint, which @azure/identity does not pass on. */
  readonly onRetryAfter?: (ms: number) => void;
}

/**
 * What every @azure/identity credential of mbx is built with. Where the run's RetryPolicy (retry.ts)
 * listens (`onRetryAfter`), it is the one retry loop and the SDK's own is off: that one would wait out
 * a Retry-After (three times) beyond the run's budget and unseen; a policy in the SDK's pipeline hands
 * the token endpoint's Retry-After to the run's policy instead.
 */
function identityOptions(endpoints: Endpoints, onRetryAfter?: (ms: number) => void): TokenCredentialOptions & { disableInstanceDiscovery: boolean } {
  const hear: PipelinePolicy = {
    name: 'mbxRetryAfter',
    sendRequest: async (request, next) => {
      const response = await next(request);
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (wait !== undefined && transientStatus(response.status)) onRetryAfter?.(wait);
      return response;
    },
  };
  return {
    authorityHost: endpoints.authorityHost,
    disableInstanceDiscovery: !endpoints.microsoftAuthority,
    // Where no run policy listens (the probes' own sign-ins, which retry a token a few times only), the SDK's retries stay.
    ...(onRetryAfter === undefined ? {} : { retryOptions: { maxRetries: 0 }, additionalPolicies: [{ position: 'perCall', policy: hear }] }),
  };
}

/** Where a confidential client's secret is: a certificate (PEM with its key) or a client secret. */
export interface AppSecret {
  readonly certificatePath?: string;
  readonly certificatePassword?: string;
  readonly clientSecret?: string;
}

/** The app's own credential through @azure/identity (the verify app's, and the probes' app): a certificate when given, else the secret. */
export function appCredential(
  tenantId: string,
  clientId: string,
  secret: AppSecret,
  endpoints: Endpoints,
  onRetryAfter?: (ms: number) => void,
): TokenCredential {
  const common = identityOptions(endpoints, onRetryAfter);
  if (secret.certificatePath !== undefined && secret.certificatePath !== '') {
    return new ClientCertificateCredential(
      tenantId,
      clientId,
      { certificatePath: secret.certificatePath, ...(secret.certificatePassword === undefined ? {} : { certificatePassword: secret.certificatePassword }) },
      common,
    );
  }
  return new ClientSecretCredential(tenantId, clientId, secret.clientSecret ?? '', common);
}

/**
 * A credential file the environment names, checked before any request: @azure/identity reports a
 * missing or malformed one as a stack from deep inside MSAL, or not at all until the first token.
 */
function credentialFile(variable: string, path: string, expect: 'pem' | 'token'): void {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: unknown }).code ?? 'unreadable';
    throw new MbxError('CREDENTIALS_INVALID', `${variable} names ${path}, which cannot be read (${String(reason)}); set it to the file's full path`, {
      variable,
      path,
      reason,
    });
  }
  if (expect === 'pem' && !(/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) && /-----BEGIN CERTIFICATE-----/.test(text)))
    throw new MbxError(
      'CREDENTIALS_INVALID',
      `${variable} names ${path}, which is not a PEM file holding both the certificate and its private key; join them into one file (cat app.crt app.key > app.pem)`,
      { variable, path },
    );
  if (expect === 'token' && text.trim() === '')
    throw new MbxError(
      'CREDENTIALS_INVALID',
      `${variable} names ${path}, which is empty; it must hold the federated token (a JWT) your platform writes there`,
      {
        variable,
        path,
      },
    );
}

export function createCredential(env: NodeJS.ProcessEnv, endpoints: Endpoints, options: CredentialOptions = {}): Credential {
  const tenantId = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  if (tenantId === undefined || tenantId === '' || clientId === undefined || clientId === '') {
    throw new MbxError(
      'CREDENTIALS_MISSING',
      'set AZURE_TENANT_ID and AZURE_CLIENT_ID (and a certificate, secret or federated token) to reach the tenant; `mbx emulator` prints a working set',
      {
        missing: [tenantId ? undefined : 'AZURE_TENANT_ID', clientId ? undefined : 'AZURE_CLIENT_ID'].filter(Boolean),
      },
    );
  }
  // @azure/identity's own rule for a tenant (its tenantIdUtils), checked here so a wrong one is named, not a stack.
  if (!/^[0-9a-zA-Z.-]+$/.test(tenantId))
    throw new MbxError('CONFIG_INVALID', `AZURE_TENANT_ID is '${tenantId}', which is neither a tenant id (a GUID) nor a domain; set it to your tenant's`, {
      variable: 'AZURE_TENANT_ID',
    });
  const common = identityOptions(endpoints, options.onRetryAfter);
  /** The credential of a kind, and how to make it anew (a fresh MSAL client forgets a throttle it holds past the Retry-After: reach.ts). */
  const of = (kind: CredentialKind, make: () => TokenCredential): Credential => ({ kind, tenantId, clientId, token: make(), fresh: make });
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH;
  if (certificatePath) {
    credentialFile('AZURE_CLIENT_CERTIFICATE_PATH', certificatePath, 'pem');
    const password = env.AZURE_CLIENT_CERTIFICATE_PASSWORD;
    return of('certificate', () =>
      appCredential(
        tenantId,
        clientId,
        { certificatePath, ...(password === undefined ? {} : { certificatePassword: password }) },
        endpoints,
        options.onRetryAfter,
      ),
    );
  }
  const clientSecret = env.AZURE_CLIENT_SECRET;
  if (clientSecret) return of('secret', () => appCredential(tenantId, clientId, { clientSecret }, endpoints, options.onRetryAfter));
  const tokenFilePath = env.AZURE_FEDERATED_TOKEN_FILE;
  if (tokenFilePath) {
    credentialFile('AZURE_FEDERATED_TOKEN_FILE', tokenFilePath, 'token');
    return of('workload-identity', () => new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath, ...common }));
  }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const fetchToken = githubOidcToken(env.ACTIONS_ID_TOKEN_REQUEST_URL, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, env.MBX_OIDC_AUDIENCE || FEDERATION_AUDIENCE);
    let refused: MbxError | undefined;
    const assertion = async (): Promise<string> => {
      try {
        return await fetchToken();
      } catch (error) {
        if (error instanceof MbxError) refused = error;
        throw error;
      }
    };
    return { ...of('github-actions', () => new ClientAssertionCredential(tenantId, clientId, assertion, common)), refusal: () => refused };
  }
  const connection = env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID;
  const systemToken = env.SYSTEM_ACCESSTOKEN;
  if (connection && systemToken) {
    if (!env.SYSTEM_OIDCREQUESTURI)
      throw new MbxError('CREDENTIALS_MISSING', 'an Azure Pipelines service connection needs SYSTEM_OIDCREQUESTURI, which Azure Pipelines sets in a job', {
        missing: ['SYSTEM_OIDCREQUESTURI'],
      });
    httpsUrl('SYSTEM_OIDCREQUESTURI', env.SYSTEM_OIDCREQUESTURI, 'Azure Pipelines sets it in a job that uses a service connection');
    return of('azure-pipelines', () => new AzurePipelinesCredential(tenantId, clientId, connection, systemToken, common));
  }
  if (options.deviceCode !== undefined) {
    const show = options.deviceCode;
    // One device-code credential for the run: a fresh one would ask the person to sign in again.
    const token = new DeviceCodeCredential({ tenantId, clientId, userPromptCallback: (info) => show(info.message), ...common });
    return of('device-code', () => token);
  }
  throw new MbxError(
    'CREDENTIALS_MISSING',
    'no credential for the app: set AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE, or run in a GitHub Actions job with `id-token: write` or an Azure Pipelines job with a service connection',
    {
      missing: ['credential'],
    },
  );
}
