/**
 * The Pulumi program under Pulumi's mock runtime, no tenant: the resource graph it declares for
 * examples/contoso.yaml (every shared mailbox blocked, exactly the profiles' permissions, each
 * step after what it needs), and the config it refuses before declaring anything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as entry from '../../src/pulumi/index.js';
import type * as runtime from '../../src/pulumi/local/runtime.js';
import type { ProgramRun, Registration } from '../../src/pulumi/local/runtime.js';
import { loadSpecFile } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/types.js';
import { exchangeType, isExchangeType } from '../../src/pulumi/providers/provider.js';
import { built } from '../helpers/built.js';
import { GRAPH, tenantMocks } from '../helpers/pulumi-mocks.js';

const { runProgram } = await built<typeof runtime>('pulumi/local/runtime');

const CONTOSO = resolve('examples/contoso.yaml');
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const mocks = tenantMocks;

let spec: Spec;
let contoso: ProgramRun;

const of = (run: ProgramRun, type: string): Registration[] => run.registrations.filter((registration) => registration.type === type);
const one = (run: ProgramRun, type: string, name: string): Registration => {
  const found = run.registrations.find((registration) => registration.type === type && registration.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
};
const urn = (registration: Registration) => registration.urn;

beforeAll(async () => {
  const loaded = await loadSpecFile(CONTOSO);
  if (!loaded.ok) throw new Error('contoso does not load');
  spec = loaded.spec;
  contoso = await runProgram({ config: { 'mbx:spec': CONTOSO, 'mbx:emulator': 'true', 'mbx:appCertificate': CERTIFICATE }, mocks });
});

describe('the resource graph for contoso', () => {
  it('runs without an error and every resource is created', () => {
    expect(contoso.error).toBeUndefined();
    expect(contoso.registrations.filter((registration) => registration.outcome === undefined || 'error' in registration.outcome)).toEqual([]);
    // Pulumi refuses two resources with one URN: a mailbox's own object and its CAS settings must differ in type.
    expect(new Set(contoso.registrations.map(urn)).size).toBe(contoso.registrations.length);
  });

  it('declares every shared mailbox with its sign-in blocked, and licenses only the delegates', () => {
    const mailboxes = of(contoso, exchangeType('shared-mailbox'));
    expect(mailboxes.map((mailbox) => mailbox.inputs?.address).sort()).toEqual(spec.sharedMailboxes.map((mailbox) => mailbox.address).sort());
    expect(mailboxes.every((mailbox) => mailbox.inputs?.signInBlocked === true)).toBe(true);
    const licensed = of(contoso, exchangeType('licence')).map((licence) => licence.inputs?.user);
    expect(licensed.sort()).toEqual(spec.users.map((user) => user.address).sort());
    expect(licensed.some((address) => spec.sharedMailboxes.some((mailbox) => mailbox.address === address))).toBe(false);
  });

  it("asks for exactly the profiles' permissions and consents to exactly those", () => {
    const app = one(contoso, 'azuread:index/application:Application', 'app');
    const delegated = spec.appPermissions.delegated.map((permission) => permission.name);
    expect(app.inputs?.requiredResourceAccesses).toEqual([
      { resourceAppId: GRAPH, resourceAccesses: delegated.map((name) => ({ id: `scope:${name}`, type: 'Scope' })) },
    ]);
    expect(of(contoso, 'azuread:index/appRoleAssignment:AppRoleAssignment')).toEqual([]);
    const grants = of(contoso, 'azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant');
    expect(grants.map((grant) => grant.inputs?.claimValues)).toEqual([delegated]);
    expect(grants[0]?.inputs?.userObjectId).toBeUndefined();
    expect(one(contoso, 'azuread:index/applicationCertificate:ApplicationCertificate', 'app').inputs).toMatchObject({
      value: CERTIFICATE,
      type: 'AsymmetricX509Cert',
    });
  });

  it('grants the rights the spec lists, and scopes the app to support@ alone', () => {
    expect(
      of(contoso, exchangeType('full-access'))
        .map((grant) => `${String(grant.inputs?.mailbox)} ${String(grant.inputs?.trustee)} ${String(grant.inputs?.autoMapping)}`)
        .sort(),
    ).toEqual([
      'info@contoso.com max.mustermann@contoso.com false',
      'sales@contoso.com erika.musterfrau@contoso.com true',
      'support@contoso.com svc-genesys@contoso.com false',
      'team@contoso.com erika.musterfrau@contoso.com true',
      'team@contoso.com lena.schmidt@contoso.com true',
    ]);
    expect(of(contoso, exchangeType('send-as'))).toHaveLength(4);
    expect(of(contoso, exchangeType('send-on-behalf')).map((grant) => grant.inputs?.trustee)).toEqual(['erika.musterfrau@contoso.com']);
    expect(of(contoso, exchangeType('management-scope')).map((scope) => scope.inputs?.mailboxes)).toEqual([['support@contoso.com']]);
    expect(of(contoso, exchangeType('role-assignment')).map((role) => role.inputs)).toEqual([
      expect.objectContaining({ role: 'Application Mail.ReadWrite', app: 'exchange-sp', scope: 'mbx Contoso mail connectors' }),
    ]);
    expect(one(contoso, exchangeType('organization'), 'organization').inputs).toMatchObject({ sendFromAliasEnabled: true, smtpAuth: false });
    expect(one(contoso, exchangeType('shared-mailbox'), 'team@contoso.com').inputs).toMatchObject({
      forwardingSmtpAddress: 'team-archive@contoso.com',
      deliverToMailboxAndForward: true,
      messageCopyForSentAsEnabled: true,
    });
    expect(of(contoso, exchangeType('automatic-replies')).map((replies) => replies.inputs)).toEqual([
      expect.objectContaining({ mailbox: 'team@contoso.com', state: 'Scheduled', startTime: '2026-12-23T23:00:00.000Z' }),
    ]);
  });

  it('orders each step after what it needs', () => {
    const mailbox = (address: string) => urn(one(contoso, exchangeType('shared-mailbox'), address));
    const licence = (address: string) =>
      urn(of(contoso, exchangeType('licence')).find((registration) => registration.inputs?.user === address) as Registration);
    const fullAccess = one(contoso, exchangeType('full-access'), 'info@contoso.com/fullaccess/max.mustermann@contoso.com');
    expect(fullAccess.dependencies).toEqual(expect.arrayContaining([mailbox('info@contoso.com'), licence('max.mustermann@contoso.com')]));
    const appSp = urn(one(contoso, 'azuread:index/servicePrincipal:ServicePrincipal', 'app'));
    const graphSp = urn(one(contoso, 'azuread:index/servicePrincipal:ServicePrincipal', 'microsoft-graph'));
    expect(one(contoso, 'azuread:index/servicePrincipal:ServicePrincipal', 'app').dependencies).toContain(
      urn(one(contoso, 'azuread:index/application:Application', 'app')),
    );
    expect(of(contoso, 'azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant')[0]?.dependencies).toEqual(
      expect.arrayContaining([appSp, graphSp]),
    );
    const exchangeSp = one(contoso, exchangeType('exchange-service-principal'), 'app');
    expect(exchangeSp.dependencies).toContain(appSp);
    const scope = of(contoso, exchangeType('management-scope'))[0] as Registration;
    expect(scope.dependencies).toContain(mailbox('support@contoso.com'));
    expect(of(contoso, exchangeType('role-assignment'))[0]?.dependencies).toEqual(expect.arrayContaining([urn(scope), urn(exchangeSp)]));
    for (const kind of ['cas-mailbox', 'send-as', 'send-on-behalf', 'automatic-replies']) {
      for (const registration of of(contoso, exchangeType(kind))) expect(registration.dependencies).toContain(mailbox(String(registration.inputs?.mailbox)));
    }
  });

  it("tags every Exchange object with its kind and mbx's version, and puts no credential in any input", () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const registration of contoso.registrations.filter((candidate) => isExchangeType(candidate.type))) {
      expect(registration.inputs).toMatchObject({ kind: expect.any(String), version });
      expect(JSON.stringify(registration.inputs)).not.toMatch(/secret|password|BEGIN (RSA |EC )?PRIVATE KEY/i);
    }
  });
});

describe('credentials and config', () => {
  let dir: string;
  const variant = (name: string, replace: [string, string]) => {
    const file = join(dir, name);
    writeFileSync(file, readFileSync(CONTOSO, 'utf8').replace(replace[0], replace[1]));
    return file;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mbx-program-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a secret credential its lifetime from the start date, and outputs it as a Pulumi secret', async () => {
    const file = variant('secret.yaml', ['kind: certificate', 'kind: secret\n    lifetimeDays: 180']);
    const run = await runProgram({ config: { 'mbx:spec': file, 'mbx:secretStartDate': '2026-11-01' }, mocks });
    expect(run.error).toBeUndefined();
    expect(one(run, 'azuread:index/applicationPassword:ApplicationPassword', 'app').inputs).toMatchObject({
      startDate: '2026-11-01T00:00:00.000Z',
      endDate: '2027-04-30T00:00:00.000Z',
    });
    expect(run.outputs).toMatchObject({ app: { clientId: 'app-client', clientSecret: 'generated-secret' } });
    expect(run.secretOutputs).toContain('/app/clientSecret');
  });

  it('refuses, before declaring anything, a certificate credential without its certificate and a secret without its start date', async () => {
    const missingCertificate = await runProgram({ config: { 'mbx:spec': CONTOSO }, mocks });
    expect(missingCertificate.error).toContain('pulumi config set mbx:appCertificate');
    expect(missingCertificate.registrations).toEqual([]);
    const file = variant('secret-undated.yaml', ['kind: certificate', 'kind: secret\n    lifetimeDays: 180']);
    const missingStart = await runProgram({ config: { 'mbx:spec': file }, mocks });
    expect(missingStart.error).toContain('pulumi config set mbx:secretStartDate YYYY-MM-DD');
    expect(missingStart.registrations).toEqual([]);
  });

  it('refuses a spec with errors, naming file:line:col, and declares nothing', async () => {
    const file = variant('broken.yaml', ['licence: SPE_E3', 'licence: 42']);
    const run = await runProgram({ config: { 'mbx:spec': file, 'mbx:appCertificate': CERTIFICATE }, mocks });
    expect(run.error).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(run.registrations).toEqual([]);
  });

  it('refuses to run the emulator stack under the engine, where azuread cannot reach the emulator', async () => {
    const pulumiRuntime = await import('@pulumi/pulumi');
    await pulumiRuntime.runtime.setMocks(mocks, 'mbx', 'local');
    pulumiRuntime.runtime.setAllConfig({ 'mbx:spec': CONTOSO, 'mbx:emulator': 'true', 'mbx:appCertificate': CERTIFICATE });
    const { default: main } = await built<typeof entry>('pulumi/index');
    await expect(main()).rejects.toThrow('mbx apply --local');
  });
});
