/**
 * Get/Add/Remove-RecipientPermission: Send As (Add-RecipientPermission.md). SendAs is the only
 * right. Without -Identity, Get lists the grants of every recipient, in pages: how mbx collects
 * Send As for a whole tenant in a few requests. NT AUTHORITY\SELF is shown for each mailbox
 * (community outputs; fidelity 2.5).
 */
import { randomUUID } from 'node:crypto';
import type { Mailbox } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { requireMailbox, requireTrustee, trusteeName } from '../recipients.js';

const SELF = 'NT AUTHORITY\\SELF';

function checkRights(values: readonly string[] | undefined): void {
  for (const value of values ?? []) {
    if (value.toLowerCase() !== 'sendas')
      throw CMDLET_ERRORS.badValue(
        'AccessRights',
        `Cannot convert value "${value}" to type "Microsoft.Exchange.Management.RecipientTasks.RecipientAccessRight". The only valid value is SendAs.`,
      );
  }
}

function entryObject(tenant: Tenant, mailbox: Mailbox, trustee: string): Record<string, unknown> {
  return {
    Identity: mailbox.name,
    Trustee: trusteeName(tenant, trustee),
    AccessControlType: 'Allow',
    'AccessRights@odata.type': '#Collection(String)',
    AccessRights: ['SendAs'],
    IsInherited: false,
    InheritanceType: 'None',
  };
}

export const getRecipientPermission: Cmdlet = {
  name: 'Get-RecipientPermission',
  pages: true,
  parameters: { Identity: 'string', Trustee: 'string', AccessRights: 'strings', ResultSize: 'resultSize', IncludeTrusteeWithPrimarySmtpAddress: 'bool' },
  run(params, { tenant }) {
    checkRights(params.strings('AccessRights'));
    const identity = params.string('Identity');
    const mailboxes = identity === undefined ? tenant.collection('mailboxes').list() : [requireMailbox(tenant, identity)];
    const trusteeText = params.string('Trustee');
    const trusteeId = trusteeText === undefined ? undefined : requireTrustee(tenant, trusteeText).id;
    const grants = tenant.collection('recipientPermissions');
    const value = mailboxes.flatMap((mailbox) =>
      [SELF, ...grants.lookup(`mailbox:${mailbox.id}`).map((grant) => grant.trustee)]
        .filter((trustee) => trusteeId === undefined || trustee === trusteeId)
        .map((trustee) => entryObject(tenant, mailbox, trustee)),
    );
    return { value };
  },
};

export const getExoRecipientPermission: Cmdlet = { ...getRecipientPermission, name: 'Get-EXORecipientPermission' };

export const addRecipientPermission: Cmdlet = {
  name: 'Add-RecipientPermission',
  required: ['Identity', 'Trustee', 'AccessRights'],
  parameters: { Identity: 'string', Trustee: 'string', AccessRights: 'strings' },
  run(params, { tenant, now }) {
    checkRights(params.strings('AccessRights'));
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const trustee = requireTrustee(tenant, params.string('Trustee'));
    const grants = tenant.collection('recipientPermissions');
    if (grants.lookup(`mailbox:${mailbox.id}`).some((grant) => grant.trustee === trustee.id)) {
      return {
        value: [entryObject(tenant, mailbox, trustee.id)],
        warnings: [`The appropriate access control entry is already present on the object "${mailbox.name}" for account "${trusteeName(tenant, trustee.id)}".`],
      };
    }
    grants.put({ id: randomUUID(), mailboxId: mailbox.id, trustee: trustee.id, grantedAt: now.toISOString() });
    return { value: [entryObject(tenant, mailbox, trustee.id)] };
  },
};

export const removeRecipientPermission: Cmdlet = {
  name: 'Remove-RecipientPermission',
  required: ['Identity', 'Trustee', 'AccessRights'],
  parameters: { Identity: 'string', Trustee: 'string', AccessRights: 'strings' },
  run(params, { tenant }) {
    checkRights(params.strings('AccessRights'));
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const trustee = requireTrustee(tenant, params.string('Trustee'));
    const grants = tenant.collection('recipientPermissions');
    const grant = grants.lookup(`mailbox:${mailbox.id}`).find((candidate) => candidate.trustee === trustee.id);
    if (grant === undefined) {
      return {
        value: [],
        warnings: [
          `Can't remove the access control entry on the object "${mailbox.name}" for account "${trusteeName(tenant, trustee.id)}" because the ACE doesn't exist on the object.`,
        ],
      };
    }
    grants.delete(grant.id);
    return { value: [] };
  },
};
