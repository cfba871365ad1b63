/**
 * Provision a normalized spec into an emulated tenant through the wire APIs an admin uses (Graph
 * and the Exchange admin API), so verify tests start from a tenant that holds what the spec says.
 * This is test scaffolding; the product's provisioning is the Pulumi program (issue 7).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Permission } from '../../src/profiles/types.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { smtpLoginOf } from '../../src/spec/sign-in.js';
import { APP_TRUSTEE, type Spec } from '../../src/spec/types.js';
import { appCertificate } from './certificate.js';
import { EXCHANGE_APP_ID, GRAPH_APP_ID, type TenantAdmin } from './tenant.js';

export const TEST_PASSWORD = 'Delegate-Pass-1';

async function ok(what: string, answer: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
}

export interface Provisioned {
  readonly appId?: string;
  readonly appSpId?: string;
  /** The app's certificate and private key in one PEM, as AZURE_CLIENT_CERTIFICATE_PATH and the probes take it. */
  readonly certificatePem?: string;
}

export async function provisionSpec(admin: TenantAdmin, spec: Spec): Promise<Provisioned> {
  const skus = (await admin.graph('GET', 'subscribedSkus')).body.value as { skuId: string; skuPartNumber: string }[];
  for (const user of spec.users) {
    const id = await admin.user(user.address, { password: TEST_PASSWORD, licensed: false });
    const sku = skus.find((candidate) => candidate.skuPartNumber === user.licence);
    if (sku === undefined) throw new Error(`the emulator has no SKU ${user.licence}`);
    await ok(
      `licence ${user.address}`,
      admin.graph('POST', `users/${id}/assignLicense`, { addLicenses: [{ skuId: sku.skuId, disabledPlans: [] }], removeLicenses: [] }),
    );
  }
  await ok('organization', admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: spec.organization.sendFromAliasEnabled }));
  await ok('transport', admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: !spec.organization.smtpAuth }));

  let app: Provisioned = {};
  if (spec.app !== undefined) {
    const certificate = await appCertificate(`CN=${spec.app.displayName}`);
    const created = await admin.app(
      spec.app.displayName,
      spec.app.credential.kind === 'certificate' ? { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: certificate.derBase64 }] } : {},
    );
    if (spec.app.credential.kind === 'secret') await admin.secret(created.id);
    const byResource = (permissions: readonly Permission[], resource: Permission['resource']) =>
      permissions.filter((permission) => permission.resource === resource).map((permission) => permission.name);
    for (const [resource, appId] of [
      ['Microsoft Graph', GRAPH_APP_ID],
      ['Office 365 Exchange Online', EXCHANGE_APP_ID],
    ] as const) {
      const roles = byResource(spec.appPermissions.application, resource);
      if (roles.length > 0) await admin.grantRoles(created.spId, appId, roles);
      const scopes = byResource(spec.appPermissions.delegated, resource);
      if (scopes.length > 0) await admin.grantScopes(created.spId, appId, scopes.join(' '));
    }
    await ok(
      'Exchange service principal',
      admin.exo('New-ServicePrincipal', { AppId: created.appId, ObjectId: created.spId, DisplayName: spec.app.displayName }),
    );
    for (const scopeName of new Set(spec.appRbac.map((entry) => entry.scopeName))) {
      const mailboxes = spec.appRbac.find((entry) => entry.scopeName === scopeName)?.mailboxes ?? [];
      await ok(
        `scope ${scopeName}`,
        admin.exo('New-ManagementScope', {
          Name: scopeName,
          RecipientRestrictionFilter: mailboxes.map((address) => `PrimarySmtpAddress -eq '${address}'`).join(' -or '),
        }),
      );
    }
    for (const { role, scopeName } of spec.appRbac) {
      await ok(`role ${role}`, admin.exo('New-ManagementRoleAssignment', { App: created.spId, Role: role, CustomResourceScope: scopeName }));
    }
    app = {
      appId: created.appId,
      appSpId: created.spId,
      ...(spec.app.credential.kind === 'certificate' ? { certificatePem: `${certificate.keyPem}\n${certificate.certPem}` } : {}),
    };
  }
  const trustee = (address: string): string => (address === APP_TRUSTEE ? (app.appSpId as string) : address);

  for (const mailbox of spec.sharedMailboxes) {
    const { userId } = await admin.sharedMailbox(mailbox.address);
    const identity = mailbox.address;
    if (mailbox.signInBlocked) await ok(`block ${identity}`, admin.graph('PATCH', `users/${userId}`, { accountEnabled: false }));
    await ok(
      `set ${identity}`,
      admin.exo('Set-Mailbox', {
        Identity: identity,
        DisplayName: mailbox.displayName,
        ...(mailbox.aliases.length === 0 ? {} : { EmailAddresses: { Add: mailbox.aliases.map((alias) => `smtp:${alias}`) } }),
        ...(mailbox.sendOnBehalf.length === 0 ? {} : { GrantSendOnBehalfTo: mailbox.sendOnBehalf.map((grant) => trustee(grant.trustee)) }),
        MessageCopyForSentAsEnabled: mailbox.sentItemsCopy.sendAs,
        MessageCopyForSendOnBehalfEnabled: mailbox.sentItemsCopy.sendOnBehalf,
        ...(mailbox.forwarding === undefined
          ? {}
          : { ForwardingSmtpAddress: mailbox.forwarding.address, DeliverToMailboxAndForward: mailbox.forwarding.keepCopy }),
      }),
    );
    for (const grant of mailbox.fullAccess) {
      await ok(
        `Full Access ${grant.trustee}`,
        admin.exo('Add-MailboxPermission', { Identity: identity, User: trustee(grant.trustee), AccessRights: ['FullAccess'], AutoMapping: grant.autoMapping }),
      );
    }
    for (const grant of mailbox.sendAs) {
      await ok(
        `Send As ${grant.trustee}`,
        admin.exo('Add-RecipientPermission', { Identity: identity, Trustee: trustee(grant.trustee), AccessRights: ['SendAs'], Confirm: false }),
      );
    }
    const replies = mailbox.automaticReplies;
    if (replies !== undefined) {
      await ok(
        `automatic replies ${identity}`,
        admin.exo('Set-MailboxAutoReplyConfiguration', {
          Identity: identity,
          AutoReplyState: { disabled: 'Disabled', alwaysEnabled: 'Enabled', scheduled: 'Scheduled' }[replies.status],
          ExternalAudience: { none: 'None', contactsOnly: 'Known', all: 'All' }[replies.externalAudience],
          ...(replies.internalMessage === undefined ? {} : { InternalMessage: replies.internalMessage }),
          ...(replies.externalMessage === undefined ? {} : { ExternalMessage: replies.externalMessage }),
          ...(replies.start === undefined ? {} : { StartTime: replies.start }),
          ...(replies.end === undefined ? {} : { EndTime: replies.end }),
        }),
      );
    }
    await ok(
      `CAS ${identity}`,
      admin.exo('Set-CASMailbox', {
        Identity: identity,
        ImapEnabled: mailbox.protocols.imap,
        PopEnabled: mailbox.protocols.pop,
        ...(mailbox.protocols.smtpAuth === undefined ? {} : { SmtpClientAuthenticationDisabled: !mailbox.protocols.smtpAuth }),
      }),
    );
    // A delegate signs in to SMTP as itself: SMTP AUTH on its own mailbox (src/spec/sign-in.ts).
    for (const client of mailbox.clients) {
      const login = smtpLoginOf(mailbox, client);
      if (login?.identity === 'delegate' && !login.refused)
        await ok(`SMTP AUTH ${login.address}`, admin.exo('Set-CASMailbox', { Identity: login.address, SmtpClientAuthenticationDisabled: false }));
    }
  }
  return app;
}

/**
 * A spec file provisioned, and the probe credentials a pipeline would hold for it written to `dir`
 * (each delegate's password, the app's certificate): the environment `mbx probe` runs with.
 */
export async function provisionWithProbeCredentials(
  admin: TenantAdmin,
  file: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ spec: Spec; env: NodeJS.ProcessEnv }> {
  const loaded = await loadSpecFile(file);
  if (!loaded.ok) throw new Error(`${file} must be valid`);
  const app = await provisionSpec(admin, loaded.spec);
  const certificatePath = join(dir, 'app.pem');
  writeFileSync(certificatePath, app.certificatePem as string, { mode: 0o600 });
  const credentials = join(dir, 'probe-credentials.json');
  const delegates = Object.fromEntries(loaded.spec.users.map((user) => [user.address, { password: TEST_PASSWORD }]));
  writeFileSync(credentials, JSON.stringify({ delegates, app: { certificatePath } }), { mode: 0o600 });
  return { spec: loaded.spec, env: { ...env, MBX_PROBE_CREDENTIALS: credentials } };
}
