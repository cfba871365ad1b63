/**
 * One credential factory over @azure/identity (DESIGN.md, "Connecting to a tenant"), chosen from
 * the environment in this order: a certificate (AZURE_CLIENT_CERTIFICATE_PATH), a secret
 * (AZURE_CLIENT_SECRET), workload identity federation (AZURE_FEDERATED_TOKEN_FILE, as GitHub and
 * Azure DevOps jobs set it up), else a device-code sign-in for a person at a terminal. The
 * variables are @azure/identity's own, so an existing pipeline's settings work unchanged.
 */
import { ClientCertificateCredential, ClientSecretCredential, DeviceCodeCredential, WorkloadIdentityCredential, type TokenCredential } from '@azure/identity';
import { MbxError } from '../errors.js';
import type { Endpoints } from './endpoints.js';

export type CredentialKind = 'certificate' | 'secret' | 'workload-identity' | 'device-code';

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
  if (options.deviceCode !== undefined) {
    const show = options.deviceCode;
    return {
      kind: 'device-code',
      tenantId,
      clientId,
      token: new DeviceCodeCredential({ tenantId, clientId, userPromptCallback: (info) => show(info.message), ...common }),
    };
  }
  throw new MbxError('CREDENTIALS_MISSING', 'no credential for the app: set AZURE_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE', {
    missing: ['credential'],
  });
}
