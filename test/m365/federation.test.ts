/**
 * Workload identity federation as CI systems do it, against the emulator's hosted GitHub Actions
 * and Azure Pipelines token services: the app trusts the issuer and subject through a federated
 * identity credential; mbx asks the CI system for a fresh OIDC token whenever Entra needs an
 * assertion, so a run that outlives one token (minutes) keeps signing in, where a token written to
 * a file once is refused with AADSTS700024. A token the app does not trust is refused naming the
 * claim that matches no federated credential (AADSTS700211, 700213, 7002138).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential, githubOidcToken } from '../../src/m365/credential.js';
import { endpointsFrom } from '../../src/m365/endpoints.js';
import { runMbx } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CONTOSO_PATH } from '../helpers/spec.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
let ci: {
  github: { requestUrl: string; requestToken: string; issuer: string; subject: string };
  azureDevOps: { oidcRequestUri: string; systemAccessToken: string; issuer: string; subjectPrefix: string };
};
let dir: string;
const GRAPH = 'https://graph.microsoft.com/.default';
const EXCHANGE = 'https://outlook.office365.com/.default';
const CONNECTION = '3f4c6a1e-2b7d-4c8e-9f10-112233445566';

/** The emulator's environment without the app's secret: only federation can sign in. */
function envWithout(extra: Record<string, string>): NodeJS.ProcessEnv {
  const rest = Object.fromEntries(Object.entries(emulator.env).filter(([name]) => name !== 'AZURE_CLIENT_SECRET'));
  return { ...rest, ...extra };
}

const federate = (name: string, issuer: string, subject: string) =>
  admin.graph('POST', `applications(appId='${emulator.env.AZURE_CLIENT_ID}')/federatedIdentityCredentials`, {
    name,
    issuer,
    subject,
    audiences: ['api://AzureADTokenExchange'],
  });

/** Moves the emulator's clock on, past the CI tokens' five-minute life (its access tokens live an hour). */
const later = (seconds: number) => emulator.control('PUT', 'settings', { clockOffsetSeconds: seconds });

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  dir = mkdtempSync(join(tmpdir(), 'mbx-federation-'));
  ci = (await (await emulator.control('GET', 'ci')).json()) as typeof ci;
  expect((await federate('github-main', ci.github.issuer, ci.github.subject)).status).toBe(201);
  expect((await federate('azure-pipelines', ci.azureDevOps.issuer, `${ci.azureDevOps.subjectPrefix}${CONNECTION}`)).status).toBe(201);
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GitHub Actions', () => {
  it('asks for a fresh OIDC token whenever Entra needs one, so a run longer than a token keeps signing in', async () => {
    const env = envWithout({ ACTIONS_ID_TOKEN_REQUEST_URL: ci.github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: ci.github.requestToken });
    const credential = createCredential(env, endpointsFrom(env));
    expect(credential.kind).toBe('github-actions');
    try {
      expect((await credential.token.getToken(GRAPH))?.token).toMatch(/^ey/);
      await later(600);
      // Ten minutes on, the first OIDC token has expired; the next access token needs a new one, and gets it.
      expect((await credential.token.getToken(EXCHANGE))?.token).toMatch(/^ey/);
      const counters = (await (await emulator.control('GET', 'counters')).json()) as { operations: Record<string, { requests: number }> };
      expect(counters.operations['entra ci.github.token']?.requests).toBeGreaterThanOrEqual(2);
    } finally {
      await later(0);
    }
  });

  it('shows why a token written to a file once is not enough: refused once it has expired (AADSTS700024)', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, await githubOidcToken(ci.github.requestUrl, ci.github.requestToken)());
    const env = envWithout({ AZURE_FEDERATED_TOKEN_FILE: file });
    const credential = createCredential(env, endpointsFrom(env));
    expect(credential.kind).toBe('workload-identity');
    try {
      expect((await credential.token.getToken(GRAPH))?.token).toMatch(/^ey/);
      await later(600);
      await expect(credential.token.getToken(EXCHANGE)).rejects.toThrow(/AADSTS700024/);
    } finally {
      await later(0);
    }
  });

  it('names the claim no federated credential matches, as Entra does since 2024 (700211, 700213, 7002138), and the request token is never in the error', async () => {
    const env = envWithout({ ACTIONS_ID_TOKEN_REQUEST_URL: ci.github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: ci.github.requestToken });
    const refusal = () =>
      createCredential(env, endpointsFrom(env))
        .token.getToken(GRAPH)
        .then(
          () => undefined,
          (error: Error) => error.message,
        );
    const path = (name: string) => `applications(appId='${emulator.env.AZURE_CLIENT_ID}')/federatedIdentityCredentials/${name}`;
    expect((await admin.graph('DELETE', path('github-main'))).status).toBe(204);
    try {
      // No credential of GitHub's issuer at all.
      expect(await refusal()).toMatch(/AADSTS700211: No matching federated identity record found for presented assertion issuer '[^']+\/_ci\/github'/);
      // GitHub's issuer, another repository: the subject is named.
      expect((await federate('other-repo', ci.github.issuer, 'repo:someone/else:ref:refs/heads/main')).status).toBe(201);
      const subject = await refusal();
      expect(subject).toContain(`AADSTS700213: No matching federated identity record found for presented assertion subject '${ci.github.subject}'`);
      expect(subject).not.toContain(ci.github.requestToken);
      // The same subject in other case: matching is case-sensitive (Azure/login#515).
      expect((await federate('upper-case', ci.github.issuer, ci.github.subject.toUpperCase())).status).toBe(201);
      expect(await refusal()).toMatch(/AADSTS7002138: .*matches with case-insensitive comparison, but not with case-sensitive comparison/);
      // A request token GitHub does not know: the job lacks id-token: write, said so.
      const wrong = envWithout({ ACTIONS_ID_TOKEN_REQUEST_URL: ci.github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-token' });
      await expect(createCredential(wrong, endpointsFrom(wrong)).token.getToken(GRAPH)).rejects.toThrow(/id-token: write/);
    } finally {
      await admin.graph('DELETE', path('other-repo'));
      await admin.graph('DELETE', path('upper-case'));
      await federate('github-main', ci.github.issuer, ci.github.subject);
    }
  });

  it("diagnoses a mismatch as the federated credential's, never a certificate's (mbx verify exits 2, CREDENTIALS_REJECTED)", async () => {
    const path = `applications(appId='${emulator.env.AZURE_CLIENT_ID}')/federatedIdentityCredentials/github-main`;
    expect((await admin.graph('DELETE', path)).status).toBe(204);
    try {
      await federate('other-repo-2', ci.github.issuer, 'repo:someone/else:environment:prod');
      const env = envWithout({ ACTIONS_ID_TOKEN_REQUEST_URL: ci.github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: ci.github.requestToken });
      const run = await runMbx(['verify', CONTOSO_PATH, '--no-probes'], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("AADSTS700213: no federated credential of the app names the token's subject; presented assertion subject '");
      expect(run.stderr).toContain("fix the app's federated identity credential");
      expect(run.stderr).toContain('[CREDENTIALS_REJECTED]');
      expect(run.stderr).not.toMatch(/certificate/i);
      expect(run.stderr).not.toContain(ci.github.requestToken);
    } finally {
      await admin.graph('DELETE', `applications(appId='${emulator.env.AZURE_CLIENT_ID}')/federatedIdentityCredentials/other-repo-2`);
      await federate('github-main', ci.github.issuer, ci.github.subject);
    }
  });
});

describe('Azure Pipelines', () => {
  it("signs in through the service connection with AzurePipelinesCredential, asking again once the pipeline's token expired", async () => {
    const env = envWithout({
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: CONNECTION,
      SYSTEM_ACCESSTOKEN: ci.azureDevOps.systemAccessToken,
      SYSTEM_OIDCREQUESTURI: ci.azureDevOps.oidcRequestUri,
    });
    // AzurePipelinesCredential reads SYSTEM_OIDCREQUESTURI from the process, as it would in a pipeline job.
    const previous = process.env.SYSTEM_OIDCREQUESTURI;
    process.env.SYSTEM_OIDCREQUESTURI = ci.azureDevOps.oidcRequestUri;
    try {
      const credential = createCredential(env, endpointsFrom(env));
      expect(credential.kind).toBe('azure-pipelines');
      expect((await credential.token.getToken(GRAPH))?.token).toMatch(/^ey/);
      await later(600);
      expect((await credential.token.getToken(EXCHANGE))?.token).toMatch(/^ey/);
    } finally {
      await later(0);
      if (previous === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = previous;
    }
  });
});
