/**
 * Provision a normalized spec into an emulated tenant through the wire APIs an admin uses (Graph
 * and the Exchange admin API), so verify tests start from a tenant that holds what the spec says.
 * This is test scaffolding; the product's provisioning is the Pulumi program (issue 7).
 */
import { APP_TRUSTEE, type Spec } from '../../src/spec/types.js';
import type { TenantAdmin } from './tenant.js';

export const TEST_PASSWORD = 'Delegate-Pass-1';

async function ok(what: string, answer: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
}

export async function provisionSpec(admin: TenantAdmin, spec: Spec): Promise<{ appId?: string; appSpId?: string }> {
  const skus = (await admin.graph('GET', 'subscribedSkus')).body.value as { skuId: string; skuPartNumber: string }[];
  for (const user of spec.users) {
    const id = await admin.user(user.address, { password: TEST_PASSWORD, licensed: false });
    const sku = skus.find((candidate) => candidate.skuPartNumber === user.licence);
    if (sku === undefined) throw new Error(`the emulator has no SKU ${user.licence}`);
    await ok(`licence ${user.address}`, admin.graph('POST', `users/${id}/assignLicense`, { addLicenses: [{ skuId: sku.skuId, disabledPlans: [] }], removeLicenses: [] }));
  }
  await ok('organization', admin.exo('Set-OrganizationConfig', { SendFromAliasEnabled: spec.organization.sendFromAliasEnabled }));
  await ok('transport', admin.exo('Set-TransportConfig', { SmtpClientAuthenticationDisabled: !spec.organization.smtpAuth }));

  let app: { appId?: string; appSpId?: string } = {};
  if (spec.app !== undefined) {
    const created = await admin.app(spec.app.displayName);
    await ok('Exchange service principal', admin.exo('New-ServicePrincipal', { AppId: created.appId, ObjectId: created.spId, DisplayName: spec.app.displayName }));
    app = { appId: created.appId, appSpId: created.spId };
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
        ...(mailbox.forwarding === undefined ? {} : { ForwardingSmtpAddress: mailbox.forwarding.address, DeliverToMailboxAndForward: mailbox.forwarding.keepCopy }),
      }),
    );
    for (const grant of mailbox.fullAccess) {
      await ok(`Full Access ${grant.trustee}`, admin.exo('Add-MailboxPermission', { Identity: identity, User: trustee(grant.trustee), AccessRights: ['FullAccess'], AutoMapping: grant.autoMapping }));
    }
    for (const grant of mailbox.sendAs) {
      await ok(`Send As ${grant.trustee}`, admin.exo('Add-RecipientPermission', { Identity: identity, Trustee: trustee(grant.trustee), AccessRights: ['SendAs'], Confirm: false }));
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
  }
  return app;
}
