/**
 * Drive an emulated tenant as an admin would, through the wire APIs only: Graph and the Exchange
 * admin API with the bootstrap app's client-credentials tokens (from @azure/identity). Tests use
 * it to set up what they then check with real clients.
 */
import { ClientSecretCredential, UsernamePasswordCredential } from '@azure/identity';
import type { RunningEmulator } from '../../src/emulator/index.js';

export interface WireAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON, asserted by the tests
}

export class TenantAdmin {
  private readonly credential: ClientSecretCredential;

  constructor(readonly emulator: RunningEmulator) {
    this.credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
      authorityHost: emulator.url,
      disableInstanceDiscovery: true,
    });
  }

  async token(resource: 'https://graph.microsoft.com' | 'https://outlook.office365.com'): Promise<string> {
    return (await this.credential.getToken(`${resource}/.default`)).token;
  }

  /** A delegated token for a test user, by resource-owner password (the app must be a public client). */
  async userToken(appId: string, upn: string, password: string, scopes: readonly string[]): Promise<string> {
    const credential = new UsernamePasswordCredential(this.emulator.tenantId, appId, upn, password, {
      authorityHost: this.emulator.url,
      disableInstanceDiscovery: true,
    });
    return (await credential.getToken([...scopes])).token;
  }

  /** An app-only token for another app than the bootstrap one. */
  async appToken(appId: string, secret: string, resource: 'https://graph.microsoft.com' | 'https://outlook.office365.com'): Promise<string> {
    const credential = new ClientSecretCredential(this.emulator.tenantId, appId, secret, { authorityHost: this.emulator.url, disableInstanceDiscovery: true });
    return (await credential.getToken(`${resource}/.default`)).token;
  }

  async graph(method: string, path: string, body?: unknown, token?: string): Promise<WireAnswer> {
    const response = await fetch(`${this.emulator.url}/v1.0/${path}`, {
      method,
      redirect: 'manual',
      headers: { authorization: `Bearer ${token ?? (await this.token('https://graph.microsoft.com'))}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return answer(response);
  }

  async exo(cmdlet: string, parameters: Record<string, unknown> = {}, options: { token?: string; url?: string; prefer?: string } = {}): Promise<WireAnswer> {
    const response = await fetch(options.url ?? `${this.emulator.url}/adminapi/beta/${this.emulator.tenantId}/InvokeCommand`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token ?? (await this.token('https://outlook.office365.com'))}`,
        'content-type': 'application/json',
        ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
      },
      body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
    });
    return answer(response);
  }

  /** A user with a password and, by default, an Exchange Online licence (so a mailbox). */
  async user(upn: string, options: { password?: string; licensed?: boolean } = {}): Promise<string> {
    const created = await this.graph('POST', 'users', {
      accountEnabled: true,
      displayName: upn.split('@')[0],
      mailNickname: upn.split('@')[0],
      userPrincipalName: upn,
      usageLocation: 'DE',
      passwordProfile: { password: options.password ?? 'Test-Pass-1' },
    });
    if (created.status !== 201) throw new Error(`creating ${upn}: ${JSON.stringify(created.body)}`);
    if (options.licensed ?? true) {
      await this.graph('POST', `users/${created.body.id}/assignLicense`, {
        addLicenses: [{ skuId: '4b9405b0-7788-4568-add1-99614e613b69', disabledPlans: [] }],
        removeLicenses: [],
      });
    }
    return created.body.id as string;
  }

  async sharedMailbox(address: string): Promise<{ userId: string; guid: string }> {
    const created = await this.exo('New-Mailbox', { Shared: true, Name: address.split('@')[0], PrimarySmtpAddress: address });
    if (created.status !== 200) throw new Error(`creating ${address}: ${JSON.stringify(created.body)}`);
    return { userId: created.body.value[0].ExternalDirectoryObjectId, guid: created.body.value[0].Guid };
  }

  /** The service principal of a resource app (Graph or Exchange) by its appId. */
  async resource(appId: string): Promise<{ id: string; appRoles: { id: string; value: string }[] }> {
    const found = await this.graph('GET', `servicePrincipals?$filter=appId eq '${appId}'`);
    return found.body.value[0];
  }

  /** An app registration with its service principal; `publicClient` allows user flows without a secret. */
  async app(displayName: string, options: { publicClient?: boolean; keyCredentials?: unknown[] } = {}): Promise<{ id: string; appId: string; spId: string }> {
    const app = await this.graph('POST', 'applications', {
      displayName,
      isFallbackPublicClient: options.publicClient ?? false,
      ...(options.keyCredentials === undefined ? {} : { keyCredentials: options.keyCredentials }),
    });
    const sp = await this.graph('POST', 'servicePrincipals', { appId: app.body.appId });
    return { id: app.body.id, appId: app.body.appId, spId: sp.body.id };
  }

  async secret(appObjectId: string): Promise<string> {
    const added = await this.graph('POST', `applications/${appObjectId}/addPassword`, { passwordCredential: { displayName: 'test' } });
    return added.body.secretText as string;
  }

  /** Admin consent to application permissions of a resource, by value. */
  async grantRoles(spId: string, resourceAppId: string, values: readonly string[]): Promise<void> {
    const resource = await this.resource(resourceAppId);
    for (const value of values) {
      const role = resource.appRoles.find((candidate) => candidate.value === value);
      await this.graph('POST', `servicePrincipals/${spId}/appRoleAssignments`, { principalId: spId, resourceId: resource.id, appRoleId: role?.id });
    }
  }

  /** Admin consent to delegated scopes of a resource, for all users. */
  async grantScopes(spId: string, resourceAppId: string, scope: string): Promise<void> {
    const resource = await this.resource(resourceAppId);
    await this.graph('POST', 'oauth2PermissionGrants', { clientId: spId, consentType: 'AllPrincipals', resourceId: resource.id, scope });
  }
}

async function answer(response: Response): Promise<WireAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a CSV report); keep the text.
  }
  return { status: response.status, headers: response.headers, body };
}

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
