/**
 * Get/Add/Remove-MailboxPermission and Get-EXOMailboxPermission (Add-MailboxPermission.md,
 * Get-MailboxPermission.md). Every mailbox also shows the default NT AUTHORITY\SELF entry
 * (FullAccess, ReadPermission), made up on read rather than stored. AutoMapping is recorded but,
 * as in Exchange, never shown: to change it, remove the grant and add it again.
 */
import { randomUUID } from 'node:crypto';
import type { Mailbox, MailboxPermission } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { requireMailbox, requireTrustee, trusteeName } from '../recipients.js';

const RIGHTS = ['ChangeOwner', 'ChangePermission', 'DeleteItem', 'ExternalAccount', 'FullAccess', 'ReadPermission'];
const SELF = 'NT AUTHORITY\\SELF';

function rights(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => {
      const right = RIGHTS.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
      if (right === undefined)
        throw CMDLET_ERRORS.badValue(
          'AccessRights',
          `Cannot convert value "${value}" to type "Microsoft.Exchange.Management.RecipientTasks.MailboxRights". Valid values: ${RIGHTS.join(', ')}.`,
        );
      return right;
    });
}

function entryObject(
  tenant: Tenant,
  mailbox: Mailbox,
  entry: Pick<MailboxPermission, 'trustee' | 'accessRights' | 'deny' | 'isInherited' | 'inheritanceType'>,
): Record<string, unknown> {
  return {
    Identity: mailbox.name,
    User: trusteeName(tenant, entry.trustee),
    'AccessRights@odata.type': '#Collection(String)',
    AccessRights: [...entry.accessRights],
    IsInherited: entry.isInherited,
    Deny: entry.deny,
    InheritanceType: entry.inheritanceType,
  };
}

function list(tenant: Tenant, mailbox: Mailbox, userFilter: string | undefined): Record<string, unknown>[] {
  const self = { trustee: SELF, accessRights: ['FullAccess', 'ReadPermission'], deny: false, isInherited: false, inheritanceType: 'All' };
  const entries = [self, ...tenant.collection('mailboxPermissions').lookup(`mailbox:${mailbox.id}`)];
  const trusteeId = userFilter === undefined ? undefined : requireTrustee(tenant, userFilter).id;
  return entries.filter((entry) => trusteeId === undefined || entry.trustee === trusteeId).map((entry) => entryObject(tenant, mailbox, entry));
}

const getParameters = {
  Identity: 'string',
  User: 'string',
  Owner: 'bool',
  ResultSize: 'resultSize',
  SoftDeletedMailbox: 'bool',
  ReadFromDomainController: 'bool',
} as const;

export const getMailboxPermission: Cmdlet = {
  name: 'Get-MailboxPermission',
  pages: true,
  required: ['Identity'],
  parameters: getParameters,
  run: (params, { tenant }) => ({ value: list(tenant, requireMailbox(tenant, params.string('Identity')), params.string('User')) }),
};

export const getExoMailboxPermission: Cmdlet = {
  ...getMailboxPermission,
  name: 'Get-EXOMailboxPermission',
  parameters: { ...getParameters, PrimarySmtpAddress: 'string', UserPrincipalName: 'string', ExternalDirectoryObjectId: 'string' },
  required: [],
  run(params, { tenant }) {
    const identity =
      params.string('Identity') ?? params.string('PrimarySmtpAddress') ?? params.string('UserPrincipalName') ?? params.string('ExternalDirectoryObjectId');
    return { value: list(tenant, requireMailbox(tenant, identity), params.string('User')) };
  },
};

export const addMailboxPermission: Cmdlet = {
  name: 'Add-MailboxPermission',
  required: ['Identity', 'User', 'AccessRights'],
  parameters: { Identity: 'string', User: 'string', AccessRights: 'strings', AutoMapping: 'bool', InheritanceType: 'string', Deny: 'bool', Owner: 'string' },
  run(params, { tenant, now }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const trustee = requireTrustee(tenant, params.string('User'));
    const wanted = rights(params.strings('AccessRights') ?? []);
    const deny = params.bool('Deny') ?? false;
    const permissions = tenant.collection('mailboxPermissions');
    const existing = permissions.lookup(`mailbox:${mailbox.id}`).find((entry) => entry.trustee === trustee.id && entry.deny === deny);
    if (existing !== undefined && wanted.every((right) => existing.accessRights.includes(right))) {
      return { value: [], warnings: [`An existing permission entry was found for user: ${trusteeName(tenant, trustee.id)}.`] };
    }
    const entry: MailboxPermission = {
      id: existing?.id ?? randomUUID(),
      mailboxId: mailbox.id,
      trustee: trustee.id,
      accessRights: [...new Set([...(existing?.accessRights ?? []), ...wanted])],
      deny,
      inheritanceType: params.string('InheritanceType') ?? 'All',
      isInherited: false,
      // Autodiscover only maps mailboxes for users; a group grant never auto-maps (Add-MailboxPermission.md).
      autoMapping: trustee.kind === 'user' && (params.bool('AutoMapping') ?? true),
      grantedAt: now.toISOString(),
    };
    permissions.put(entry);
    return { value: [entryObject(tenant, mailbox, entry)] };
  },
};

export const removeMailboxPermission: Cmdlet = {
  name: 'Remove-MailboxPermission',
  required: ['Identity', 'User', 'AccessRights'],
  parameters: { Identity: 'string', User: 'string', AccessRights: 'strings', InheritanceType: 'string', Deny: 'bool', BypassMasterAccountSid: 'bool' },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const trustee = requireTrustee(tenant, params.string('User'));
    const removing = rights(params.strings('AccessRights') ?? []);
    const permissions = tenant.collection('mailboxPermissions');
    const entry = permissions
      .lookup(`mailbox:${mailbox.id}`)
      .find((candidate) => candidate.trustee === trustee.id && candidate.deny === (params.bool('Deny') ?? false));
    if (entry === undefined || !removing.some((right) => entry.accessRights.includes(right))) {
      return {
        value: [],
        warnings: [`Can't remove the access control entry on the object "${mailbox.name}" for the user account because the ACE doesn't exist on the object.`],
      };
    }
    const left = entry.accessRights.filter((right) => !removing.includes(right));
    if (left.length === 0) permissions.delete(entry.id);
    else permissions.put({ ...entry, accessRights: left });
    return { value: [] };
  },
};
