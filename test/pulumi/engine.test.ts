/**
 * Engine conformance (issue 20): the program run by the SDK's language-host entry and the Exchange
 * providers served by the SDK's dynamic-provider plugin, over Pulumi's gRPC protocol, against a
 * small engine (test/helpers/pulumi-engine.ts) and the emulator: a preview with unknown outputs
 * that changes nothing, an up that provisions what verify finds green, a second up and a refresh
 * that change nothing, an update, a mailbox dropped from the spec and a destroy that keep every
 * mailbox and its mail, and a secret that crosses the wire only as a secret.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/verify/index.js';
import { appCertificate } from '../helpers/certificate.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { SECRET_SIG, SIG_KEY, TestEngine, type Operation } from '../helpers/pulumi-engine.js';
import { GRAPH_APP_ID, TenantAdmin } from '../helpers/tenant.js';

const PEOPLE = ['max.mustermann', 'erika.musterfrau', 'svc-genesys', 'lena.schmidt'];
const saved = { ...process.env };
let dir: string;
let spec: string;
let emulator: TestEmulator;
let admin: TenantAdmin;
let engine: TestEngine;
let mailer: string;

const steps = (operation: Operation, step: string): string[] => operation.steps.filter((entry) => entry.step === step).map((entry) => entry.urn);
const kinds = (operation: Operation): Set<string> => new Set(operation.steps.map((entry) => entry.step));
const mailboxes = async (): Promise<string[]> =>
  ((await admin.exo('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' })).body.value as { PrimarySmtpAddress: string }[])
    .map((row) => row.PrimarySmtpAddress.toLowerCase())
    .sort();
const messages = async (address: string): Promise<string[]> =>
  ((await admin.graph('GET', `users/${address}/messages?$select=subject`, undefined, mailer)).body.value as { subject: string }[]).map(
    (message) => message.subject,
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-engine-'));
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  process.env = { ...saved, ...emulator.env };
  for (const person of PEOPLE) await admin.user(`${person}@contoso.com`, { licensed: false });
  const sender = await admin.app('Mailer');
  await admin.grantRoles(sender.spId, GRAPH_APP_ID, ['Mail.Send', 'Mail.Read']);
  mailer = await admin.appToken(sender.appId, await admin.secret(sender.id), 'https://graph.microsoft.com');
  spec = join(dir, 'contoso.yaml');
  // The tenant also holds the test's Mailer, whose unscoped Mail.Send and Mail.Read reach every mailbox: the spec accepts it.
  const accepted =
    '\notherApps:\n  - displayName: Mailer\n    permissions: [Mail.Send, Mail.Read]\n    reason: The test puts mail into the mailboxes with it.\n';
  writeFileSync(spec, readFileSync(resolve('examples/contoso.yaml'), 'utf8') + accepted);
  const certificate = await appCertificate();
  engine = new TestEngine({ env: { ...process.env, ...emulator.env }, config: { 'mbx:spec': spec, 'mbx:appCertificate': certificate.certPem } });
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the program and providers under the engine protocol', () => {
  it('previews every object as a create with unknown outputs, calling only Check, and changes nothing', { timeout: 120_000 }, async () => {
    const preview = await engine.preview();
    expect(preview.errors).toEqual([]);
    expect(kinds(preview)).toEqual(new Set(['create']));
    expect(preview.calls.filter((call) => !call.startsWith('Check '))).toEqual([]);
    // The app's Exchange identity is unknown until the app exists: grants to it registered with the unknown value.
    expect(preview.steps.length).toBeGreaterThan(30);
    expect(engine.state.size).toBe(0);
    expect(await mailboxes()).toEqual([]);
    expect(preview.unknownInputs.length).toBeGreaterThan(0);
    expect(preview.unknownInputs.every((urn) => !urn.includes('SharedMailbox::'))).toBe(true);
  });

  it('creates each object once, each after what it depends on, and verify finds the tenant green', { timeout: 180_000 }, async () => {
    const up = await engine.up();
    expect(up.errors).toEqual([]);
    expect(kinds(up)).toEqual(new Set(['create']));
    const position = new Map(engine.order.map((urn, index) => [urn, index]));
    for (const entry of engine.state.values()) {
      if (!entry.custom) continue;
      for (const dependency of entry.dependencies.filter((urn) => position.has(urn)))
        expect(position.get(dependency), `${entry.urn} after ${dependency}`).toBeLessThan(position.get(entry.urn) as number);
    }
    expect(await mailboxes()).toEqual(['info@contoso.com', 'sales@contoso.com', 'support@contoso.com', 'team@contoso.com']);
    const verified = await verify({ file: spec, env: process.env, version: 'test', probes: false });
    if (!verified.ok) throw new Error('verify refused the spec');
    expect(
      [...verified.report.results].filter((result) => ['fail', 'error'].includes(result.status)).map((result) => `${result.checkId}: ${result.message}`),
    ).toEqual([]);
  });

  it('changes nothing on a second up, and a refresh reads every object back unchanged', { timeout: 120_000 }, async () => {
    const again = await engine.up();
    expect(again.errors).toEqual([]);
    expect(again.steps.filter((entry) => entry.step !== 'same')).toEqual([]);
    expect(again.calls.filter((call) => /^(Create|Update|Delete) /.test(call))).toEqual([]);
    const refreshed = await engine.refresh();
    expect(refreshed.errors).toEqual([]);
    expect(refreshed.steps.filter((entry) => entry.step !== 'read')).toEqual([]);
  });

  it('updates what the spec changes in place, and creates what it adds', { timeout: 120_000 }, async () => {
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8')
        .replace('displayName: Contoso Sales', 'displayName: Contoso Sales Team')
        .replace('    sendAs: [erika.musterfrau@contoso.com]\n', '    sendAs: [erika.musterfrau@contoso.com, lena.schmidt@contoso.com]\n'),
    );
    const up = await engine.up();
    expect(up.errors).toEqual([]);
    expect(steps(up, 'update')).toEqual([expect.stringMatching(/SharedMailbox::sales@contoso\.com$/)]);
    expect(up.steps.find((entry) => entry.step === 'update')?.changed).toEqual(['displayName']);
    expect(steps(up, 'create')).toEqual([expect.stringMatching(/SendAs::sales@contoso\.com\/sendas\/lena\.schmidt@contoso\.com$/)]);
    expect(kinds(up)).toEqual(new Set(['same', 'update', 'create']));
  });

  it('keeps a mailbox the spec drops, with its mail and grants, and forgets it', { timeout: 120_000 }, async () => {
    const sent = await admin.graph(
      'POST',
      'users/lena.schmidt@contoso.com/sendMail',
      {
        message: {
          subject: 'Quote 4711',
          body: { contentType: 'Text', content: 'Please keep this.' },
          toRecipients: [{ emailAddress: { address: 'team@contoso.com' } }],
        },
      },
      mailer,
    );
    expect(sent.status).toBe(202);
    expect(await messages('team@contoso.com')).toContain('Quote 4711');
    const text = readFileSync(spec, 'utf8');
    writeFileSync(spec, text.slice(0, text.indexOf('  - address: team@contoso.com')));
    const up = await engine.up();
    expect(up.errors).toEqual([]);
    const kept = steps(up, 'retain');
    expect(kept).toContainEqual(expect.stringMatching(/SharedMailbox::team@contoso\.com$/));
    expect(kept).toContainEqual(expect.stringMatching(/FullAccess::team@contoso\.com\/fullaccess\/lena\.schmidt@contoso\.com$/));
    expect(steps(up, 'delete')).toEqual([]);
    expect(up.calls.filter((call) => call.startsWith('Delete '))).toEqual([]);
    expect(await mailboxes()).toContain('team@contoso.com');
    expect(await messages('team@contoso.com')).toContain('Quote 4711');
    const grants = (await admin.exo('Get-MailboxPermission', { Identity: 'team@contoso.com' })).body.value as { User: string }[];
    expect(grants.map((grant) => grant.User.toLowerCase())).toContain('lena.schmidt@contoso.com');
  });

  it('destroys the stack: the app and grants go, every mailbox and its mail stay', { timeout: 120_000 }, async () => {
    const destroyed = await engine.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(engine.state.size).toBe(0);
    expect(steps(destroyed, 'retain').filter((urn) => urn.includes('SharedMailbox::'))).toHaveLength(3);
    expect(await mailboxes()).toEqual(['info@contoso.com', 'sales@contoso.com', 'support@contoso.com', 'team@contoso.com']);
    expect(await messages('team@contoso.com')).toContain('Quote 4711');
    const apps = (await admin.graph('GET', `applications?$filter=displayName eq 'Contoso mail connectors'`)).body.value as unknown[];
    expect(apps).toEqual([]);
  });

  it('removes a mailbox only where the spec says onDelete: remove', { timeout: 120_000 }, async () => {
    const removable = join(dir, 'removable.yaml');
    writeFileSync(
      removable,
      [
        'version: 1',
        'tenant: { primaryDomain: contoso.onmicrosoft.com, acceptedDomains: [contoso.com, contoso.onmicrosoft.com] }',
        'sharedMailboxes:',
        '  - { address: scratch@contoso.com, displayName: Scratch, onDelete: remove }',
        '  - { address: keep@contoso.com, displayName: Keep }',
        '',
      ].join('\n'),
    );
    const scratch = new TestEngine({ env: { ...process.env }, config: { 'mbx:spec': removable }, stack: 'scratch' });
    expect((await scratch.up()).errors).toEqual([]);
    expect(await mailboxes()).toContain('scratch@contoso.com');
    const destroyed = await scratch.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(steps(destroyed, 'delete')).toContainEqual(expect.stringMatching(/SharedMailbox::scratch@contoso\.com$/));
    expect(await mailboxes()).not.toContain('scratch@contoso.com');
    expect(await mailboxes()).toContain('keep@contoso.com');
  });

  it('keeps a secret a secret across the wire: the stack output arrives wrapped, no log holds it', { timeout: 120_000 }, async () => {
    const secretSpec = join(dir, 'secret.yaml');
    writeFileSync(
      secretSpec,
      readFileSync(resolve('examples/contoso.yaml'), 'utf8').replace('    kind: certificate\n', '    kind: secret\n    lifetimeDays: 180\n'),
    );
    const secretEngine = new TestEngine({ env: { ...process.env }, config: { 'mbx:spec': secretSpec, 'mbx:secretStartDate': '2026-12-01' }, stack: 'secret' });
    const up = await secretEngine.up();
    expect(up.errors).toEqual([]);
    const app = up.stackOutputs?.app as Record<string, unknown> | undefined;
    const wrapped = app?.clientSecret as Record<string, unknown> | undefined;
    expect(wrapped?.[SIG_KEY]).toBe(SECRET_SIG);
    const value = String(wrapped?.value);
    expect(value.length).toBeGreaterThan(10);
    // Only the SDK's own debug log (what `pulumi up --debug` shows) carries RegisterResource answers whole.
    expect(up.logs.filter((log) => log.severity !== 0 && log.message.includes(value))).toEqual([]);
    // No Exchange object's state holds it (credentials come from the provider's environment).
    for (const entry of secretEngine.state.values())
      if (entry.type.startsWith('pulumi-nodejs:dynamic')) expect(JSON.stringify(entry.outputs), entry.urn).not.toContain(value);
    expect(
      JSON.stringify(secretEngine.state.get([...secretEngine.state.keys()].find((urn) => urn.includes('ApplicationPassword::')) ?? '')?.outputs),
    ).toContain(SECRET_SIG);
  });
});
