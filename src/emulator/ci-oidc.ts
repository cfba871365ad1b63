/**
 * The OIDC token services of two CI systems, hosted by the emulator so that workload identity
 * federation runs end to end offline: GitHub Actions' (a GET of ACTIONS_ID_TOKEN_REQUEST_URL with
 * `&audience=`, bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, answering `{"value": jwt}`) and Azure
 * Pipelines' (a POST to SYSTEM_OIDCREQUESTURI with `?api-version=7.1&serviceConnectionId=`, bearer
 * SYSTEM_ACCESSTOKEN, answering `{"oidcToken": jwt}`, as @azure/identity's AzurePipelinesCredential
 * asks). Their tokens live `ciTokenLifetimeSeconds` (default 300 s: minutes, as the real ones),
 * so a client that wrote one to a file once fails when it is needed again later, and one that asks
 * again (a client assertion callback) does not. The token endpoint trusts only these issuers for
 * federated assertions: the emulator cannot fetch a real issuer's keys.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { EmulatorContext } from './context.js';
import { bearerIs, json, route, type EmuResponse, type Route } from './http/types.js';

export const GITHUB_SUBJECT = 'repo:contoso/mailboxes:ref:refs/heads/main';
export const AZURE_DEVOPS_ORGANIZATION = 'contoso';
export const AZURE_DEVOPS_PROJECT = 'mailboxes';

export const githubIssuer = (context: Pick<EmulatorContext, 'baseUrl'>): string => `${context.baseUrl}/_ci/github`;
export const azureDevOpsIssuer = (context: Pick<EmulatorContext, 'baseUrl'>): string => `${context.baseUrl}/_ci/azure-devops`;

/** The bearer tokens the two services take, derived from the admin token (never the admin token itself). */
export function ciRequestToken(context: Pick<EmulatorContext, 'adminToken'>, system: 'github' | 'azure-devops'): string {
  return createHmac('sha256', context.adminToken).update(`ci-request-token:${system}`).digest('base64url');
}

/** What a test (or a person trying the Action's path) needs to stand in for the CI system. */
export function ciView(context: EmulatorContext): Record<string, unknown> {
  return {
    github: {
      requestUrl: `${githubIssuer(context)}/token?api-version=2.0`,
      requestToken: ciRequestToken(context, 'github'),
      issuer: githubIssuer(context),
      subject: GITHUB_SUBJECT,
    },
    azureDevOps: {
      oidcRequestUri: `${azureDevOpsIssuer(context)}/oidctoken`,
      systemAccessToken: ciRequestToken(context, 'azure-devops'),
      issuer: azureDevOpsIssuer(context),
      subjectPrefix: `sc://${AZURE_DEVOPS_ORGANIZATION}/${AZURE_DEVOPS_PROJECT}/`,
    },
    tokenLifetimeSeconds: context.settings.ciTokenLifetimeSeconds,
  };
}

async function issue(context: EmulatorContext, claims: Omit<JWTPayload, 'iat' | 'nbf' | 'exp'>): Promise<string> {
  const now = Math.floor(context.now().getTime() / 1000);
  return context.tokens.ciToken({ ...claims, iat: now, nbf: now, exp: now + context.settings.ciTokenLifetimeSeconds, jti: randomUUID() });
}

const refused = (message: string): EmuResponse => json(401, { message });

export const CI_ROUTES: readonly Route[] = [
  route('entra', 'GET', /^\/_ci\/github\/token$/, 'ci.github.token', async (request, context) => {
    if (!bearerIs(request, ciRequestToken(context, 'github'))) return refused('Bad credentials');
    const audience = request.url.searchParams.get('audience') ?? `https://github.com/${AZURE_DEVOPS_ORGANIZATION}`;
    const value = await issue(context, {
      iss: githubIssuer(context),
      aud: audience,
      sub: GITHUB_SUBJECT,
      repository: 'contoso/mailboxes',
      ref: 'refs/heads/main',
      job_workflow_ref: 'contoso/mailboxes/.github/workflows/mailboxes.yml@refs/heads/main',
    });
    return json(200, { count: value.length, value });
  }),
  route('entra', 'POST', /^\/_ci\/azure-devops\/oidctoken$/, 'ci.azure-devops.token', async (request, context) => {
    if (!bearerIs(request, ciRequestToken(context, 'azure-devops'))) return refused('TF400813: The user is not authorized to access this resource.');
    const connection = request.url.searchParams.get('serviceConnectionId');
    if (connection === null || connection === '') return json(400, { message: 'serviceConnectionId is required.' });
    const oidcToken = await issue(context, {
      iss: azureDevOpsIssuer(context),
      aud: 'api://AzureADTokenExchange',
      sub: `sc://${AZURE_DEVOPS_ORGANIZATION}/${AZURE_DEVOPS_PROJECT}/${connection}`,
    });
    return json(200, { oidcToken });
  }),
];
