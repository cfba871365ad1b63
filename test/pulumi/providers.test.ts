/**
 * The Exchange Online dynamic providers against the emulator, called through the same wrapper the
 * Pulumi engine calls (check, diff, create, read, update, delete): each creates its object, adopts
 * one that exists, changes nothing when run again, and a run interrupted after the object was made
 * finishes without a duplicate. Credentials come from the environment, as in the engine's process.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as pulumi from '@pulumi/pulumi';
import type * as AutomaticRepliesModule from '../../src/pulumi/providers/automatic-replies.js';
import type * as CasModule from '../../src/pulumi/providers/cas-mailbox.js';
import type * as ServicePrincipalModule from '../../src/pulumi/providers/exchange-service-principal.js';
import type * as FullAccessModule from '../../src/pulumi/providers/full-access.js';
import type * as LicenceModule from '../../src/pulumi/providers/licence.js';
import type * as ManagementScopeModule from '../../src/pulumi/providers/management-scope.js';
import type * as OrganizationModule from '../../src/pulumi/providers/organization.js';
import { dynamicProvider, type Operations } from '../../src/pulumi/providers/provider.js';
import type * as RoleAssignmentModule from '../../src/pulumi/providers/role-assignment.js';
import type * as SendAsModule from '../../src/pulumi/providers/send-as.js';
import type * as SendOnBehalfModule from '../../src/pulumi/providers/send-on-behalf.js';
import type * as SharedMailboxModule from '../../src/pulumi/providers/shared-mailbox.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;
const saved = { ...process.env };

/** The inputs of a provider module, read from its `operations`: a test's inputs are typed, so a missing or misspelt one fails the typecheck. */
type InputsOf<M> = M extends { operations: Operations<infer I, object> } ? I : never;
/** A dynamic provider as the engine calls it, with the module's inputs typed. */
interface Typed<I> {
  check(olds: object, news: I): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: object, news: I): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: I): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: object): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: object, news: I): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: object): Promise<void>;
}
const provider = <M>(file: string, kind: string): Typed<InputsOf<M>> =>
  dynamicProvider(new URL(`../../src/pulumi/providers/${file}.ts`, import.meta.url).href, kind) as unknown as Typed<InputsOf<M>>;
const sharedMailbox = provider<typeof SharedMailboxModule>('shared-mailbox', 'shared-mailbox');
const fullAccess = provider<typeof FullAccessModule>('full-access', 'full-access');
const sendAs = provider<typeof SendAsModule>('send-as', 'send-as');
const sendOnBehalf = provider<typeof SendOnBehalfModule>('send-on-behalf', 'send-on-behalf');
const cas = provider<typeof CasModule>('cas-mailbox', 'cas-mailbox');
const organization = provider<typeof OrganizationModule>('organization', 'organization');
const servicePrincipal = provider<typeof ServicePrincipalModule>('exchange-service-principal', 'exchange-service-principal');
const managementScope = provider<typeof ManagementScopeModule>('management-scope', 'management-scope');
const roleAssignment = provider<typeof RoleAssignmentModule>('role-assignment', 'role-assignment');
const automaticReplies = provider<typeof AutomaticRepliesModule>('automatic-replies', 'automatic-replies');
const licence = provider<typeof LicenceModule>('licence', 'licence');

/** Exchange Online (Plan 2), which has archiving. */
const ENTERPRISE = '19ec0d23-8335-4cbd-94ac-6050e30712fa';

const INFO: InputsOf<typeof SharedMailboxModule> = {
  address: 'info@contoso.com',
  displayName: 'Contoso Info',
  aliases: ['hello@contoso.com'],
  signInBlocked: true,
  unlicensed: true,
  hiddenFromAddressLists: false,
  messageCopyForSentAsEnabled: true,
  messageCopyForSendOnBehalfEnabled: false,
  forwardingSmtpAddress: null,
  deliverToMailboxAndForward: false,
  issueWarningQuotaGB: 40,
  litigationHoldEnabled: false,
  settings: {},
  onDelete: 'retain',
  version: '0.1.0',
};

async function mailboxes(address: string): Promise<Record<string, unknown>[]> {
  return ((await admin.exo('Get-Mailbox', { ResultSize: 'Unlimited' })).body.value as Record<string, unknown>[]).filter(
    (row) => String(row.PrimarySmtpAddress).toLowerCase() === address,
  );
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
  Object.assign(process.env, emulator.env);
  await admin.user('max@contoso.com', { password: 'Max-Pass-1' });
});
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
});

describe('shared mailbox', () => {
  it('creates the mailbox with its settings and its sign-in blocked', async () => {
    const { id, outs } = await sharedMailbox.create(INFO);
    expect(outs).toMatchObject({
      address: 'info@contoso.com',
      aliases: ['hello@contoso.com'],
      signInBlocked: true,
      messageCopyForSentAsEnabled: true,
      issueWarningQuotaGB: 40,
      adopted: false,
      kind: 'shared-mailbox',
    });
    const user = await admin.graph('GET', `users/${String(outs.userId)}?$select=accountEnabled`);
    expect(user.body.accountEnabled).toBe(false);
    expect(id).toBe(outs.guid);
  });

  it('changes nothing when run again: the same mailbox, adopted, no duplicate', async () => {
    const again = await sharedMailbox.create(INFO);
    expect(again.outs.adopted).toBe(true);
    expect(await mailboxes('info@contoso.com')).toHaveLength(1);
    expect(await sharedMailbox.diff?.(again.id, again.outs, INFO)).toMatchObject({ changes: false, replaces: [] });
  });

  it('sets the plain settings the spec declares, reads them back, and leaves the others as they are', async () => {
    const declared = { ...INFO, address: 'limits@contoso.com', aliases: [], settings: { maxSendSizeMB: 25 } };
    const { id, outs } = await sharedMailbox.create(declared);
    expect(outs.settings).toEqual({ maxSendSizeMB: 25 });
    expect((await mailboxes('limits@contoso.com'))[0]?.MaxSendSize).toBe('25 MB (26,214,400 bytes)');
    expect(await sharedMailbox.diff(id, outs, declared)).toMatchObject({ changes: false });
    // Changed by hand: the refresh shows it, and the update puts it back.
    await admin.exo('Set-Mailbox', { Identity: 'limits@contoso.com', MaxSendSize: '10MB' });
    const read = await sharedMailbox.read(id, outs);
    expect(read.props?.settings).toEqual({ maxSendSizeMB: 10 });
    expect(await sharedMailbox.diff(id, read.props ?? {}, declared)).toMatchObject({ changes: true, replaces: [] });
    expect((await sharedMailbox.update(id, read.props ?? {}, declared)).outs?.settings).toEqual({ maxSendSizeMB: 25 });
    // A mailbox whose spec is silent keeps Exchange's own.
    expect((await mailboxes('info@contoso.com'))[0]?.MaxSendSize).toBe('35 MB (36,700,160 bytes)');
  });

  it('updates in place, a new address included: nothing replaces a shared mailbox', async () => {
    const { id, outs } = await sharedMailbox.create(INFO);
    const renamed = { ...INFO, displayName: 'Contoso Information', aliases: [] };
    expect(await sharedMailbox.diff?.(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    expect(await sharedMailbox.diff?.(id, outs, { ...INFO, address: 'hello2@contoso.com' })).toMatchObject({ changes: true, replaces: [] });
    const updated = await sharedMailbox.update?.(id, outs, renamed);
    expect(updated?.outs).toMatchObject({ displayName: 'Contoso Information', aliases: [] });
    expect((await sharedMailbox.read?.(id, updated?.outs))?.props).toMatchObject({ displayName: 'Contoso Information' });
  });

  it('takes away a licence someone gave the mailbox, and reads it as drift until then', async () => {
    const { id, outs } = await sharedMailbox.create(INFO);
    const user = `users/${String(outs.userId)}`;
    await admin.graph('PATCH', user, { usageLocation: 'DE' });
    await admin.graph('POST', `${user}/assignLicense`, {
      addLicenses: [{ skuId: '4b9405b0-7788-4568-add1-99614e613b69', disabledPlans: [] }],
      removeLicenses: [],
    });
    const drifted = (await sharedMailbox.read?.(id, outs))?.props ?? {};
    expect(drifted.unlicensed).toBe(false);
    expect(await sharedMailbox.diff?.(id, drifted, INFO)).toMatchObject({ changes: true, replaces: [] });
    await sharedMailbox.update?.(id, drifted, INFO);
    expect((await admin.graph('GET', `${user}?$select=assignedLicenses`)).body.assignedLicenses).toEqual([]);
  });

  it('refuses bad input in check, naming the property', async () => {
    const checked = await sharedMailbox.check?.({}, { ...INFO, address: 'not-an-address' });
    expect(checked?.failures).toEqual([{ property: 'address', reason: "'not-an-address' is not an e-mail address." }]);
  });

  it('releases a mailbox on delete, removes one it created only for onDelete: remove, and never one it adopted', async () => {
    const kept = await sharedMailbox.create({ ...INFO, address: 'kept@contoso.com', aliases: [] });
    await sharedMailbox.delete?.(kept.id, kept.outs);
    expect(await mailboxes('kept@contoso.com')).toHaveLength(1);
    const created = await sharedMailbox.create({ ...INFO, address: 'temp@contoso.com', aliases: [], onDelete: 'remove' });
    await sharedMailbox.delete?.(created.id, created.outs);
    expect(await mailboxes('temp@contoso.com')).toHaveLength(0);
    const adopted = await sharedMailbox.create({ ...INFO, onDelete: 'remove' });
    await sharedMailbox.delete?.(adopted.id, adopted.outs);
    expect(await mailboxes('info@contoso.com')).toHaveLength(1);
    // A value the type refuses, as a stack written by hand might still send it.
    expect((await sharedMailbox.check({}, { ...INFO, onDelete: 'purge' as 'retain' })).failures?.[0]?.property).toBe('onDelete');
  });

  it('refuses to take the licence of a mailbox with an archive or a hold, saying what to do', async () => {
    const { id, outs } = await sharedMailbox.create({ ...INFO, address: 'records@contoso.com', aliases: [] });
    const user = `users/${String(outs.userId)}`;
    await admin.graph('PATCH', user, { usageLocation: 'DE' });
    await admin.graph('POST', `${user}/assignLicense`, { addLicenses: [{ skuId: ENTERPRISE, disabledPlans: [] }], removeLicenses: [] });
    await admin.exo('Enable-Mailbox', { Identity: 'records@contoso.com', Archive: true });
    const drifted = (await sharedMailbox.read?.(id, outs))?.props ?? {};
    await expect(sharedMailbox.update?.(id, drifted, { ...INFO, address: 'records@contoso.com', aliases: [] })).rejects.toThrow(
      /Removing the licence .* from records@contoso\.com would strand its archive: .*Keep the licence in the spec/,
    );
    expect((await admin.graph('GET', `${user}?$select=assignedLicenses`)).body.assignedLicenses).toHaveLength(1);
  });
});

describe('grants', () => {
  it('grants Full Access once, however often it runs, replaces for a new auto-mapping, and removes it', async () => {
    const inputs = { mailbox: 'info@contoso.com', trustee: 'max@contoso.com', autoMapping: false, version: '0.1.0' };
    const { id, outs } = await fullAccess.create(inputs);
    await fullAccess.create(inputs);
    const listed = async () =>
      ((await admin.exo('Get-MailboxPermission', { Identity: 'info@contoso.com' })).body.value as { User: string }[]).filter(
        (row) => row.User === 'max@contoso.com',
      );
    expect(await listed()).toHaveLength(1);
    expect(await fullAccess.diff?.(id, outs, { ...inputs, autoMapping: true })).toMatchObject({ replaces: ['autoMapping'], deleteBeforeReplace: true });
    await fullAccess.delete?.(id, outs);
    expect(await listed()).toHaveLength(0);
    expect((await fullAccess.read?.(id, outs))?.id).toBe('');
    await fullAccess.delete?.(id, outs);
  });

  it('grants Send As and Send on Behalf idempotently, and removes them', async () => {
    const inputs = { mailbox: 'info@contoso.com', trustee: 'max@contoso.com', version: '0.1.0' };
    for (const grant of [sendAs, sendOnBehalf]) {
      const { id, outs } = await grant.create(inputs);
      await grant.create(inputs);
      expect((await grant.read?.(id, outs))?.id).toBe(id);
      await grant.delete?.(id, outs);
      expect((await grant.read?.(id, outs))?.id).toBe('');
    }
    const mailbox = (await admin.exo('Get-Mailbox', { Identity: 'info@contoso.com' })).body.value[0] as { GrantSendOnBehalfTo: string[] };
    expect(mailbox.GrantSendOnBehalfTo).toEqual([]);
  });
});

describe('settings', () => {
  it("sets a mailbox's protocols, leaving SMTP AUTH to the organization with null", async () => {
    const { outs } = await cas.create({
      mailbox: 'info@contoso.com',
      imapEnabled: true,
      popEnabled: false,
      smtpClientAuthenticationDisabled: false,
      version: '0.1.0',
    });
    expect(outs).toMatchObject({ imapEnabled: true, popEnabled: false, smtpClientAuthenticationDisabled: false, kind: 'cas-mailbox' });
    const { outs: following } = await cas.create({
      mailbox: 'info@contoso.com',
      imapEnabled: true,
      popEnabled: false,
      smtpClientAuthenticationDisabled: null,
      version: '0.1.0',
    });
    expect(following.smtpClientAuthenticationDisabled).toBeNull();
  });

  it('sets the organization and restores what it found on delete', async () => {
    await admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: false });
    await admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: true });
    const { id, outs } = await organization.create({ sendFromAliasEnabled: true, smtpAuth: false, version: '0.1.0' });
    expect(outs).toMatchObject({ sendFromAliasEnabled: true, smtpAuth: false, previous: { sendFromAliasEnabled: false, smtpAuth: false } });
    await organization.delete?.(id, outs);
    expect((await admin.exo('Get-OrganizationConfig', {})).body.value[0].SendFromAliasEnabled).toBe(false);
  });
});

describe('automatic replies', () => {
  const REPLY: InputsOf<typeof AutomaticRepliesModule> = {
    mailbox: 'info@contoso.com',
    state: 'Scheduled',
    externalAudience: 'All',
    internalMessage: 'Away.',
    externalMessage: 'We are away.',
    startTime: '2026-12-24T00:00:00.000Z',
    endTime: '2027-01-02T00:00:00.000Z',
    version: '0.1.0',
  };
  const configured = async () =>
    (await admin.exo('Get-MailboxAutoReplyConfiguration', { Identity: 'info@contoso.com' })).body.value[0] as Record<string, unknown>;

  it('schedules the replies, reads them back unchanged, and turns them off on delete', async () => {
    const { id, outs } = await automaticReplies.create(REPLY);
    expect(outs).toMatchObject({ ...REPLY, kind: 'automatic-replies' });
    expect(await configured()).toMatchObject({ AutoReplyState: 'Scheduled', ExternalAudience: 'All', ExternalMessage: 'We are away.' });
    expect(await automaticReplies.diff?.(id, outs, REPLY)).toMatchObject({ changes: false });
    expect((await automaticReplies.read?.(id, outs))?.props).toMatchObject(REPLY);
    await automaticReplies.delete?.(id, outs);
    expect((await configured()).AutoReplyState).toBe('Disabled');
  });

  it('refuses a scheduled reply without a window, or one that ends before it starts', async () => {
    expect((await automaticReplies.check?.({}, { ...REPLY, endTime: null }))?.failures).toEqual([
      { property: 'endTime', reason: 'A scheduled reply needs a start and an end.' },
    ]);
    expect((await automaticReplies.check?.({}, { ...REPLY, endTime: '2026-12-01T00:00:00Z' }))?.failures?.[0]?.property).toBe('endTime');
  });
});

describe('licences', () => {
  const skus = async (upn: string) =>
    ((await admin.graph('GET', `users/${upn}?$select=assignedLicenses`)).body.assignedLicenses as { skuId: string }[]).map((held) => held.skuId);

  it('licenses a delegate with its usage location, once, and takes back only a licence it gave', async () => {
    await admin.user('lena@contoso.com', { licensed: false });
    const inputs = { user: 'lena@contoso.com', skuPartNumber: 'SPE_E3', usageLocation: 'AT', version: '0.1.0' };
    const { id, outs } = await licence.create(inputs);
    expect(outs).toMatchObject({ adopted: false, kind: 'licence' });
    expect(await skus('lena@contoso.com')).toEqual([outs.skuId]);
    expect((await admin.graph('GET', 'users/lena@contoso.com?$select=usageLocation')).body.usageLocation).toBe('AT');
    expect((await licence.read?.(id, outs))?.id).toBe(id);
    await licence.delete?.(id, outs);
    expect(await skus('lena@contoso.com')).toEqual([]);

    const held = await licence.create({ ...inputs, user: 'max@contoso.com', skuPartNumber: 'EXCHANGESTANDARD', usageLocation: null });
    expect(held.outs.adopted).toBe(true);
    await licence.delete?.(held.id, held.outs);
    expect(await skus('max@contoso.com')).toEqual([held.outs.skuId]);
  });

  it('moves to another SKU in place (the new one first), and never takes one that would strand a hold', async () => {
    await admin.user('otto@contoso.com', { licensed: false });
    const inputs = { user: 'otto@contoso.com', skuPartNumber: 'EXCHANGESTANDARD', usageLocation: 'DE', version: '0.1.0' };
    const { id, outs } = await licence.create(inputs);
    const plan2 = { ...inputs, skuPartNumber: 'EXCHANGEENTERPRISE' };
    expect(await licence.diff?.(id, outs, plan2)).toMatchObject({ changes: true, replaces: [] });
    const moved = await licence.update?.(id, outs, plan2);
    expect(await skus('otto@contoso.com')).toEqual([moved?.outs.skuId]);
    expect(moved?.outs.skuId).toBe(ENTERPRISE);
    await admin.exo('Set-Mailbox', { Identity: 'otto@contoso.com', LitigationHoldEnabled: true });
    await expect(licence.delete?.(id, moved?.outs)).rejects.toThrow(/would strand its litigation hold/);
    expect(await skus('otto@contoso.com')).toEqual([ENTERPRISE]);
  });

  it('names the subscriptions the tenant holds when the spec asks for another, and refuses a bad usage location', async () => {
    await expect(licence.create({ user: 'lena@contoso.com', skuPartNumber: 'NOPE', usageLocation: null, version: '0.1.0' })).rejects.toThrow(
      /no subscription to NOPE; it holds .*EXCHANGESTANDARD/,
    );
    expect(
      (await licence.check?.({}, { user: 'lena@contoso.com', skuPartNumber: 'SPE_E3', usageLocation: 'Germany', version: '0.1.0' }))?.failures?.[0]?.property,
    ).toBe('usageLocation');
  });
});

describe('RBAC for Applications', () => {
  it("registers the app's service principal in Exchange once, and refuses the app registration's object id", async () => {
    const app = await admin.app('Contoso mail connectors');
    const inputs = { appId: app.appId, objectId: app.spId, displayName: 'Contoso mail connectors', version: '0.1.0' };
    const { id, outs } = await servicePrincipal.create(inputs);
    expect(outs).toMatchObject({ identity: id, adopted: false, kind: 'exchange-service-principal' });
    expect((await servicePrincipal.create(inputs)).outs).toMatchObject({ identity: id, adopted: true });
    await expect(servicePrincipal.create({ ...inputs, objectId: app.id })).rejects.toThrow(`Remove-ServicePrincipal -Identity ${id}`);
    expect((await servicePrincipal.check?.({}, { ...inputs, objectId: 'nope' }))?.failures?.[0]?.property).toBe('objectId');
  });

  it('scopes a role to exactly the declared mailboxes, updates the scope in place, and assigns the role once', async () => {
    const app = await admin.app('Scoped app');
    const { outs: sp } = await servicePrincipal.create({ appId: app.appId, objectId: app.spId, displayName: 'Scoped app', version: '0.1.0' });
    const scope = { name: 'mbx Scoped app', mailboxes: ['info@contoso.com'], version: '0.1.0' };
    const created = await managementScope.create(scope);
    const filter = async () => (await admin.exo('Get-ManagementScope', { Identity: 'mbx Scoped app' })).body.value[0].RecipientRestrictionFilter as string;
    expect(await filter()).toBe("PrimarySmtpAddress -eq 'info@contoso.com'");
    const wider = { ...scope, mailboxes: ['sales@contoso.com', 'info@contoso.com'] };
    expect(await managementScope.diff?.(created.id, created.outs, wider)).toMatchObject({ changes: true, replaces: [] });
    await managementScope.update?.(created.id, created.outs, wider);
    expect(await filter()).toBe("PrimarySmtpAddress -eq 'info@contoso.com' -or PrimarySmtpAddress -eq 'sales@contoso.com'");
    expect((await managementScope.read?.(created.id, created.outs))?.props).toMatchObject({ mailboxes: ['info@contoso.com', 'sales@contoso.com'] });

    const role = { role: 'Application Mail.ReadWrite', app: String(sp.identity), scope: 'mbx Scoped app', version: '0.1.0' };
    const assigned = await roleAssignment.create(role);
    expect((await roleAssignment.create(role)).id).toBe(assigned.id);
    const assignments = async () => (await admin.exo('Get-ManagementRoleAssignment', { App: String(sp.identity) })).body.value as unknown[];
    expect(await assignments()).toHaveLength(1);
    expect((await roleAssignment.check?.({}, { ...role, role: 'Mail.ReadWrite' }))?.failures?.[0]?.property).toBe('role');
    await roleAssignment.delete?.(assigned.id, assigned.outs);
    expect(await assignments()).toHaveLength(0);
    await managementScope.delete?.(created.id, created.outs);
    expect((await managementScope.read?.(created.id, created.outs))?.id).toBe('');
  });
});

describe('as the Pulumi engine runs them', () => {
  it('serializes each provider with Pulumi and runs it in a fresh process that creates the object in the emulator', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mbx-serialized-'));
    const app = await admin.app('Serialized app');
    await admin.user('serialized-user@contoso.com', { licensed: false });
    try {
      const cases = [
        { file: 'shared-mailbox', className: 'SharedMailbox', args: { ...INFO, address: 'serialized@contoso.com', aliases: [] } },
        {
          file: 'full-access',
          className: 'FullAccess',
          args: { mailbox: 'serialized@contoso.com', trustee: 'max@contoso.com', autoMapping: false, version: '0.1.0' },
        },
        { file: 'send-as', className: 'SendAs', args: { mailbox: 'serialized@contoso.com', trustee: 'max@contoso.com', version: '0.1.0' } },
        { file: 'send-on-behalf', className: 'SendOnBehalf', args: { mailbox: 'serialized@contoso.com', trustee: 'max@contoso.com', version: '0.1.0' } },
        {
          file: 'cas-mailbox',
          className: 'CasMailbox',
          args: { mailbox: 'serialized@contoso.com', imapEnabled: false, popEnabled: false, smtpClientAuthenticationDisabled: null, version: '0.1.0' },
        },
        {
          file: 'automatic-replies',
          className: 'AutomaticReplies',
          args: {
            mailbox: 'serialized@contoso.com',
            state: 'Enabled',
            externalAudience: 'None',
            internalMessage: 'Serialized.',
            externalMessage: '',
            startTime: null,
            endTime: null,
            version: '0.1.0',
          },
        },
        { file: 'organization', className: 'OrganizationSettings', args: { sendFromAliasEnabled: true, smtpAuth: false, version: '0.1.0' } },
        {
          file: 'licence',
          className: 'Licence',
          args: { user: 'serialized-user@contoso.com', skuPartNumber: 'EXCHANGESTANDARD', usageLocation: 'DE', version: '0.1.0' },
        },
        {
          file: 'exchange-service-principal',
          className: 'ExchangeServicePrincipal',
          args: { appId: app.appId, objectId: app.spId, displayName: 'Serialized app', version: '0.1.0' },
        },
        {
          file: 'management-scope',
          className: 'ManagementScope',
          args: { name: 'mbx Serialized app', mailboxes: ['serialized@contoso.com'], version: '0.1.0' },
        },
        {
          file: 'role-assignment',
          className: 'RoleAssignment',
          args: { role: 'Application Mail.Read', app: app.spId, scope: 'mbx Serialized app', version: '0.1.0' },
        },
      ];
      for (const { file, className, args } of cases) {
        const moduleFile = join('dist', 'src', 'pulumi', 'providers', `${file}.js`);
        if (!existsSync(moduleFile)) throw new Error(`${moduleFile} is missing: run npm run build (npm test does) before this test`);
        const serialized = await node(
          ['test/pulumi/fixtures/serialize.mjs', pathToFileURL(resolve(moduleFile)).href, className, JSON.stringify(args)],
          process.env,
        );
        expect(serialized).toMatch(/^exports\.handler = /);
        expect(serialized).not.toContain(String(emulator.env.AZURE_CLIENT_SECRET));
        const providerFile = join(dir, `${file}.js`);
        writeFileSync(providerFile, serialized);
        const created = JSON.parse(
          await node(['test/pulumi/fixtures/run-provider.mjs', providerFile, 'create', JSON.stringify([args])], { ...process.env, ...emulator.env }),
        ) as { id: string; outs: { kind: string } };
        expect(created.id).not.toBe('');
      }
      expect(await mailboxes('serialized@contoso.com')).toHaveLength(1);
      const permissions = (await admin.exo('Get-MailboxPermission', { Identity: 'serialized@contoso.com' })).body.value as { User: string }[];
      expect(permissions.map((row) => row.User)).toContain('max@contoso.com');
      expect((await admin.exo('Get-CASMailbox', { Identity: 'serialized@contoso.com' })).body.value[0].ImapEnabled).toBe(false);
      expect((await admin.exo('Get-MailboxAutoReplyConfiguration', { Identity: 'serialized@contoso.com' })).body.value[0].AutoReplyState).toBe('Enabled');
      expect((await admin.graph('GET', 'users/serialized-user@contoso.com?$select=assignedLicenses')).body.assignedLicenses).toHaveLength(1);
      expect((await admin.exo('Get-ManagementRoleAssignment', { App: app.spId })).body.value).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Run node with arguments in a fresh process; resolves to its standard output. */
function node(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      error === null ? resolvePromise(stdout) : reject(new Error(`${args[0]}: ${stderr || error.message}`)),
    );
  });
}
