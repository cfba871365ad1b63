/**
 * One credential factory over @azure/identity (DESIGN.md, "Connecting to a tenant"), chosen from
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
import { request as httpsRequest } from 'node:https';
import {
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { MbxError } from '../errors.js';
import type { Endpoints } from './endpoints.js';

export type CredentialKind = 'certificate' | 'secret' | 'workload-identity' | 'github-actions' | 'azure-pipelines' | 'device-code';

/** The audience Entra expects in a federated token (the federated credential's audience). */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * A fresh OIDC token from GitHub Actions' token service: GET ACTIONS_ID_TOKEN_REQUEST_URL with
 * `audience=`, bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, answering {"value": jwt}. Neither the token
 * nor the request token reaches an error message.
 */
export function githubOidcToken(requestUrl: string, requestToken: string, audience = FEDERATION_AUDIENCE): () => Promise<string> {
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
}

export interface CredentialOptions {
  /** Allow a device-code sign-in when no app credential is set; the callback shows the code. */
  readonly deviceCode?: (message: string) => void;
}

/** Where a confidential client's secret is: a certificate (PEM with its key) or a client secret. */
export interface AppSecret {
  readonly certificatePath?: string;
  readonly certificatePassword?: string;
  readonly clientSecret?: string;
}

/** The app's own credential through @azure/identity (the verify app's, and the probes' app): a certificate when given, else the secret. */
export function appCredential(tenantId: string, clientId: string, secret: AppSecret, endpoints: Endpoints): TokenCredential {
  const common = { authorityHost: endpoints.authorityHost, disableInstanceDiscovery: !endpoints.microsoftAuthority };
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
  const common = { authorityHost: endpoints.authorityHost, disableInstanceDiscovery: !endpoints.microsoftAuthority };
  if (env.AZURE_CLIENT_CERTIFICATE_PATH) {
    const token = appCredential(
      tenantId,
      clientId,
      {
        certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
        ...(env.AZURE_CLIENT_CERTIFICATE_PASSWORD === undefined ? {} : { certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD }),
      },
      endpoints,
    );
    return { kind: 'certificate', tenantId, clientId, token };
  }
  if (env.AZURE_CLIENT_SECRET)
    return { kind: 'secret', tenantId, clientId, token: appCredential(tenantId, clientId, { clientSecret: env.AZURE_CLIENT_SECRET }, endpoints) };
  if (env.AZURE_FEDERATED_TOKEN_FILE) {
    return {
      kind: 'workload-identity',
      tenantId,
      clientId,
      token: new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE, ...common }),
    };
  }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const assertion = githubOidcToken(env.ACTIONS_ID_TOKEN_REQUEST_URL, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, env.MBX_OIDC_AUDIENCE || FEDERATION_AUDIENCE);
    return { kind: 'github-actions', tenantId, clientId, token: new ClientAssertionCredential(tenantId, clientId, assertion, common) };
  }
  if (env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID && env.SYSTEM_ACCESSTOKEN) {
    if (!env.SYSTEM_OIDCREQUESTURI)
      throw new MbxError('CREDENTIALS_MISSING', 'an Azure Pipelines service connection needs SYSTEM_OIDCREQUESTURI, which Azure Pipelines sets in a job', {
        missing: ['SYSTEM_OIDCREQUESTURI'],
      });
    return {
      kind: 'azure-pipelines',
      tenantId,
      clientId,
      token: new AzurePipelinesCredential(tenantId, clientId, env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, env.SYSTEM_ACCESSTOKEN, common),
    };
  }
  if (options.deviceCode !== undefined) {
    const show = options.deviceCode;
    return {
      kind: 'device-code',
      tenantId,
      clientId,
      token: new DeviceCodeCredential({ tenantId, clientId, userPromptCallback: (info) => show(info.message), ...common }),
    };
  }
  throw new MbxError(
    'CREDENTIALS_MISSING',
    'no credential for the app: set AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE, or run in a GitHub Actions job with `id-token: write` or an Azure Pipelines job with a service connection',
    {
      missing: ['credential'],
    },
  );
}
