/**
 * The policy pack run without the CLI: the resources the program declares for contoso (under the
 * mock runtime) are a compliant baseline, and each mutation that breaks one rule is reported by
 * that rule, naming the resource and what to do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PolicyResource } from '@pulumi/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as runtime from '../../src/pulumi/local/runtime.js';
import type * as policiesModule from '../../src/pulumi/policy/policies.js';
import { exchangeType } from '../../src/pulumi/providers/provider.js';
import { built } from '../helpers/built.js';
import { GRAPH, tenantMocks } from '../helpers/pulumi-mocks.js';

const { runProgram } = await built<typeof runtime>('pulumi/local/runtime');
const { POLICIES, violations } = await built<typeof policiesModule>('pulumi/policy/policies');

const CONTOSO = resolve('examples/contoso.yaml');
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
let dir: string;
let spec: string;
let baseline: PolicyResource[];

/** Each policy's violations over the resources, by policy name; policies with none left out. */
async function report(resources: readonly PolicyResource[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const policy of POLICIES) {
    const messages = (await violations(policy, resources, { spec })).map((violation) => violation.message);
    if (messages.length > 0) found[policy.name] = messages;
  }
  return found;
}

const resource = (type: string, name: string, props: Record<string, unknown>): PolicyResource => ({
  type,
  name,
  urn: `urn:pulumi:test::mbx::${type}::${name}`,
  props,
  opts: {} as PolicyResource['opts'],
  dependencies: [],
  propertyDependencies: {},
  isType: () => false,
  asType: () => undefined,
});
const mutate = (match: (candidate: PolicyResource) => boolean, change: (props: Record<string, unknown>) => Record<string, unknown>): PolicyResource[] =>
  baseline.map((candidate) => (match(candidate) ? { ...candidate, props: change(candidate.props) } : candidate));
const isApp = (candidate: PolicyResource) => candidate.type === 'azuread:index/application:Application';
const addAccess = (resourceAppId: string, access: { id: string; type: string }) => (props: Record<string, unknown>) => {
  const accesses = structuredClone(props.requiredResourceAccesses) as { resourceAppId: string; resourceAccesses: { id: string; type: string }[] }[];
  const entry = accesses.find((candidate) => candidate.resourceAppId === resourceAppId);
  if (entry === undefined) accesses.push({ resourceAppId, resourceAccesses: [access] });
  else entry.resourceAccesses.push(access);
  return { ...props, requiredResourceAccesses: accesses };
};
const exchangeApi = resource('azuread:index/servicePrincipal:ServicePrincipal', 'exchange-online', {
  clientId: EXCHANGE,
  objectId: `sp:${EXCHANGE}`,
  appRoleIds: { full_access_as_app: 'exo-role:full_access_as_app' },
  oauth2PermissionScopeIds: {},
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-policy-'));
  // Contoso with a group, which may hold Full Access but cannot auto-map.
  spec = join(dir, 'contoso.yaml');
  writeFileSync(spec, readFileSync(CONTOSO, 'utf8').replace('\napp:\n', '\ngroups:\n  - address: sales-team@contoso.com\n\napp:\n'));
  const run = await runProgram({
    config: { 'mbx:spec': spec, 'mbx:appCertificate': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
    mocks: tenantMocks,
  });
  if (run.error !== undefined) throw new Error(run.error);
  baseline = run.registrations.map((registration) => {
    const outcome = registration.outcome;
    return resource(registration.type, registration.name, { ...registration.inputs, ...(outcome !== undefined && 'state' in outcome ? outcome.state : {}) });
  });
  // A dated secret as well: 365 days is the most the pack allows.
  baseline.push(
    resource('azuread:index/applicationPassword:ApplicationPassword', 'app', { startDate: '2026-11-01T00:00:00Z', endDate: '2027-11-01T00:00:00Z' }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the policy pack', () => {
  it('passes the program for contoso as declared', async () => {
    expect(baseline.length).toBeGreaterThan(20);
    expect(await report(baseline)).toEqual({});
  });

  it('refuses a shared mailbox whose sign-in is not blocked', async () => {
    const found = await report(
      mutate(
        (candidate) => candidate.props.kind === 'shared-mailbox' && candidate.props.address === 'team@contoso.com',
        (props) => ({ ...props, signInBlocked: false }),
      ),
    );
    expect(found).toEqual({ 'mbx-shared-mailbox-sign-in-blocked': [expect.stringContaining('team@contoso.com: its sign-in must be blocked')] });
  });

  it('keeps shared mailboxes: onDelete: remove needs the address in removableMailboxes as well', async () => {
    const removing = mutate(
      (candidate) => candidate.props.kind === 'shared-mailbox' && candidate.props.address === 'team@contoso.com',
      (props) => ({ ...props, onDelete: 'remove' }),
    );
    expect(await report(removing)).toEqual({
      'mbx-shared-mailbox-retained': [expect.stringContaining('team@contoso.com: onDelete: remove would delete the mailbox and its mail')],
    });
    const policy = POLICIES.find((candidate) => candidate.name === 'mbx-shared-mailbox-retained');
    if (policy === undefined) throw new Error('no retention policy');
    expect(await violations(policy, removing, { spec, removableMailboxes: ['Team@contoso.com'] })).toEqual([]);
    const undeclared = mutate(
      (candidate) => candidate.props.kind === 'shared-mailbox' && candidate.props.address === 'info@contoso.com',
      ({ onDelete: _dropped, ...props }) => props,
    );
    expect((await report(undeclared))['mbx-shared-mailbox-retained']).toEqual([expect.stringContaining('info@contoso.com: declares no onDelete')]);
  });

  it('refuses full_access_as_app, which no profile needs either', async () => {
    const found = await report([...mutate(isApp, addAccess(EXCHANGE, { id: 'exo-role:full_access_as_app', type: 'Role' })), exchangeApi]);
    expect(Object.keys(found).sort()).toEqual(['mbx-app-permissions-least-privilege', 'mbx-no-full-access-as-app']);
    expect(found['mbx-no-full-access-as-app']).toEqual([expect.stringContaining('Office 365 Exchange Online application permission full_access_as_app')]);
  });

  it('refuses a delegated scope no client in the spec needs', async () => {
    const found = await report(mutate(isApp, addAccess(GRAPH, { id: 'scope:Mail.ReadWrite', type: 'Scope' })));
    expect(found).toEqual({
      'mbx-app-permissions-least-privilege': [
        expect.stringMatching(/Microsoft Graph delegated scope Mail\.ReadWrite, which no client in .*contoso\.yaml needs/),
      ],
    });
  });

  it('refuses a tenant-wide Graph mail permission, and a role no declared scope limits', async () => {
    const tenantWide = await report(mutate(isApp, addAccess(GRAPH, { id: 'role:Mail.ReadWrite', type: 'Role' })));
    expect(tenantWide['mbx-mail-permissions-scoped-by-rbac']).toEqual([
      expect.stringContaining('grant the role "Application Mail.ReadWrite" through RBAC for Applications'),
    ]);
    const unscoped = await report(
      mutate(
        (candidate) => candidate.props.kind === 'role-assignment',
        (props) => ({ ...props, scope: 'Organization' }),
      ),
    );
    expect(unscoped).toEqual({ 'mbx-mail-permissions-scoped-by-rbac': [expect.stringContaining('is not scoped by a management scope this stack declares')] });
  });

  it('refuses a secret that lives longer than 12 months, or without an end', async () => {
    const isPassword = (candidate: PolicyResource) => candidate.type === 'azuread:index/applicationPassword:ApplicationPassword';
    expect(await report(mutate(isPassword, (props) => ({ ...props, endDate: '2027-12-06T00:00:00Z' })))).toEqual({
      'mbx-secret-lifetime': ['The app secret lives 400 days; keep it to 365 or less (lifetimeDays), or use a certificate.'],
    });
    expect(await report(mutate(isPassword, ({ endDate: _dropped, ...props }) => props))).toEqual({
      'mbx-secret-lifetime': [expect.stringContaining('has no end date')],
    });
  });

  it('advises against Full Access through a group where auto-mapping is wanted', async () => {
    const grant = resource(exchangeType('full-access'), 'team@contoso.com/fullaccess/sales-team@contoso.com', {
      kind: 'full-access',
      mailbox: 'team@contoso.com',
      trustee: 'sales-team@contoso.com',
      autoMapping: true,
    });
    expect(await report([...baseline, grant])).toEqual({
      'mbx-auto-mapping-direct': [expect.stringContaining('Full Access for the group sales-team@contoso.com cannot auto-map')],
    });
    expect(await report([...baseline, { ...grant, props: { ...grant.props, autoMapping: false } }])).toEqual({});
  });
});
