/**
 * New/Get/Set/Remove-DistributionGroup and Get/Add/Remove/Update-DistributionGroupMember
 * (New-DistributionGroup.md: `-Type Security` makes a mail-enabled security group, the default is
 * a distribution group). The group is an Entra group too (Graph /groups shows it, and refuses to
 * change its members). Members are users (by UPN, address or id, a mailbox naming its user) and
 * mail-enabled groups, nested as deep as wanted. The refusals for a member added twice or removed
 * when absent carry inferred texts (no source quotes them): docs/emulator.md.
 */
import { randomUUID } from 'node:crypto';
import { groupKind, leaveGroups } from '../../groups.js';
import type { Group } from '../../store/model.js';
import { isSmtpProxy, primaryOf, proxyAddressValue } from '../../store/proxy-addresses.js';
import type { Tenant } from '../../store/store.js';
import { LazyRows, type Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS, CmdletError } from '../errors.js';
import { defaultDomain, recipientAddresses } from '../mailboxes.js';
import type { Params } from '../params.js';
import { addressInUse, findMailbox, primarySmtpAddress } from '../recipients.js';
import { userByIdOrUpn } from '../../directory.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A mail-enabled group Exchange manages (not a Microsoft 365 group), by id, Guid, name, alias or address. */
export function findDistributionGroup(tenant: Tenant, identity: string): Group | undefined {
  const groups = tenant.collection('groups');
  const key = identity.trim().toLowerCase();
  const found = GUID.test(key)
    ? (groups.get(key) ?? groups.list().find((group) => group.exchangeGuid === key))
    : (groups.lookup(`addr:${key}`)[0] ?? groups.lookup(`alias:${key}`)[0] ?? groups.lookup(`name:${key}`)[0]);
  if (found === undefined) return undefined;
  const kind = groupKind(found);
  return kind === 'distribution' || kind === 'mailEnabledSecurity' ? found : undefined;
}

function requireGroup(tenant: Tenant, identity: string | undefined): Group {
  const group = identity === undefined ? undefined : findDistributionGroup(tenant, identity);
  if (group === undefined) throw CMDLET_ERRORS.notFound(identity ?? '');
  return group;
}

export function distributionGroupObject(group: Group): Record<string, unknown> {
  const security = group.securityEnabled;
  const type = security ? 'MailUniversalSecurityGroup' : 'MailUniversalDistributionGroup';
  return {
    Identity: group.displayName,
    Id: group.displayName,
    Name: group.displayName,
    DisplayName: group.displayName,
    Alias: group.mailNickname,
    PrimarySmtpAddress: group.mail,
    'EmailAddresses@odata.type': '#Collection(String)',
    EmailAddresses: group.emailAddresses ?? [],
    GroupType: security ? 'Universal, SecurityEnabled' : 'Universal',
    RecipientType: type,
    RecipientTypeDetails: type,
    ExternalDirectoryObjectId: group.id,
    Guid: group.exchangeGuid ?? group.id,
    HiddenFromAddressListsEnabled: group.hiddenFromAddressListsEnabled ?? false,
    MemberJoinRestriction: 'Closed',
    MemberDepartRestriction: security ? 'Closed' : 'Open',
    WhenCreated: group.createdDateTime ?? null,
  };
}

/** A member: a user (or the user of a mailbox) or a mail-enabled group; its directory object id. */
function requireMember(tenant: Tenant, text: string): string {
  const key = text.trim();
  const user = userByIdOrUpn(tenant, key.toLowerCase()) ?? tenant.collection('users').lookup(`mail:${key.toLowerCase()}`)[0];
  if (user !== undefined) return user.id;
  const mailbox = findMailbox(tenant, key);
  if (mailbox !== undefined) return mailbox.userId;
  const group = findDistributionGroup(tenant, key);
  if (group !== undefined) return group.id;
  throw CMDLET_ERRORS.notFound(text);
}

/** The members -Members names, each once, as directory object ids. */
function namedMembers(params: Params, tenant: Tenant): string[] {
  return [...new Set((params.strings('Members') ?? []).map((member) => requireMember(tenant, member)))];
}

function memberObject(tenant: Tenant, id: string): Record<string, unknown> {
  const group = tenant.collection('groups').get(id);
  if (group !== undefined) {
    const { Identity, Name, DisplayName, Alias, PrimarySmtpAddress, RecipientType, RecipientTypeDetails, ExternalDirectoryObjectId, Guid } =
      distributionGroupObject(group);
    return { Identity, Name, DisplayName, Alias, PrimarySmtpAddress, RecipientType, RecipientTypeDetails, ExternalDirectoryObjectId, Guid };
  }
  const user = tenant.collection('users').get(id);
  const mailbox = tenant.collection('mailboxes').lookup(`user:${id}`)[0];
  return {
    Identity: mailbox?.name ?? user?.mailNickname ?? id,
    Name: mailbox?.name ?? user?.mailNickname ?? id,
    DisplayName: mailbox?.displayName ?? user?.displayName ?? id,
    Alias: mailbox?.alias ?? user?.mailNickname ?? null,
    PrimarySmtpAddress: mailbox === undefined ? (user?.mail ?? null) : primarySmtpAddress(mailbox),
    RecipientType: mailbox === undefined ? 'User' : 'UserMailbox',
    RecipientTypeDetails: mailbox?.recipientTypeDetails ?? 'User',
    ExternalDirectoryObjectId: id,
    Guid: mailbox?.id ?? id,
  };
}

const memberError = (kind: 'already' | 'absent', member: string, group: Group): CmdletError =>
  kind === 'already'
    ? new CmdletError(
        400,
        'BadRequest',
        'Ex3A7C21',
        'Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException',
        `The recipient "${member}" is already a member of the group "${group.displayName}".`,
      )
    : new CmdletError(
        400,
        'BadRequest',
        'Ex3A7C22',
        'Microsoft.Exchange.Management.Tasks.MemberNotFoundException',
        `The recipient "${member}" isn't a member of the group "${group.displayName}".`,
      );

function checkFree(tenant: Tenant, address: string): void {
  if (addressInUse(tenant, address)) throw CMDLET_ERRORS.proxyInUse(address);
}

export const newDistributionGroup: Cmdlet = {
  name: 'New-DistributionGroup',
  required: ['Name'],
  parameters: {
    Name: 'string',
    DisplayName: 'string',
    Alias: 'string',
    PrimarySmtpAddress: 'string',
    Type: 'string',
    Members: 'strings',
    ManagedBy: 'strings',
    Notes: 'string',
    MemberJoinRestriction: 'string',
    MemberDepartRestriction: 'string',
    RequireSenderAuthenticationEnabled: 'bool',
  },
  run(params, { tenant, now }) {
    const name = params.string('Name') as string;
    const type = (params.string('Type') ?? 'Distribution').toLowerCase();
    if (type !== 'distribution' && type !== 'security')
      throw CMDLET_ERRORS.badValue(
        'Type',
        `Cannot convert value "${params.string('Type')}" to type "Microsoft.Exchange.Data.GroupType". Valid values are Distribution, Security.`,
      );
    if (tenant.collection('groups').lookup(`name:${name.toLowerCase()}`).length > 0)
      throw CMDLET_ERRORS.duplicate(`The name "${name}" is being used by another recipient object. Please specify a unique name.`);
    const alias = params.string('Alias') ?? name.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '');
    const primary = (params.string('PrimarySmtpAddress') ?? `${alias}@${defaultDomain(tenant)}`).toLowerCase();
    const emailAddresses = recipientAddresses(tenant, alias, primary);
    for (const proxy of emailAddresses) checkFree(tenant, proxyAddressValue(proxy));
    const members = namedMembers(params, tenant);
    const group: Group = {
      id: randomUUID(),
      displayName: params.string('DisplayName') ?? name,
      mailNickname: alias,
      mail: primary,
      mailEnabled: true,
      securityEnabled: type === 'security',
      members,
      groupTypes: [],
      description: params.string('Notes') ?? null,
      createdDateTime: now.toISOString(),
      emailAddresses,
      exchangeGuid: randomUUID(),
    };
    tenant.collection('groups').put(group);
    return { value: [distributionGroupObject(group)] };
  },
};

export const getDistributionGroup: Cmdlet = {
  name: 'Get-DistributionGroup',
  pages: true,
  parameters: { Identity: 'string', ResultSize: 'resultSize', RecipientTypeDetails: 'strings', Filter: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity');
    if (identity !== undefined) return { value: [distributionGroupObject(requireGroup(tenant, identity))] };
    const groups = tenant
      .collection('groups')
      .list()
      .filter((group) => {
        const kind = groupKind(group);
        return kind === 'distribution' || kind === 'mailEnabledSecurity';
      });
    return { value: new LazyRows(groups, (group) => () => distributionGroupObject(group)) };
  },
};

export const setDistributionGroup: Cmdlet = {
  name: 'Set-DistributionGroup',
  required: ['Identity'],
  parameters: {
    Identity: 'string',
    DisplayName: 'string',
    Name: 'string',
    Alias: 'string',
    PrimarySmtpAddress: 'string',
    HiddenFromAddressListsEnabled: 'bool',
    BypassSecurityGroupManagerCheck: 'bool',
  },
  run(params, { tenant }) {
    const group = requireGroup(tenant, params.string('Identity'));
    let emailAddresses = [...(group.emailAddresses ?? [])];
    let mail = group.mail;
    const primary = params.string('PrimarySmtpAddress')?.toLowerCase();
    if (primary !== undefined && primary !== mail) {
      if (addressInUse(tenant, primary) && !emailAddresses.some((proxy) => isSmtpProxy(proxy) && proxyAddressValue(proxy).toLowerCase() === primary))
        throw CMDLET_ERRORS.proxyInUse(primary);
      emailAddresses = [
        `SMTP:${primary}`,
        ...emailAddresses.filter((proxy) => proxyAddressValue(proxy).toLowerCase() !== primary).map((proxy) => proxy.replace(/^SMTP:/, 'smtp:')),
      ];
      mail = primaryOf(emailAddresses) ?? primary;
    }
    const updated: Group = {
      ...group,
      displayName: params.string('DisplayName') ?? params.string('Name') ?? group.displayName,
      mailNickname: params.string('Alias') ?? group.mailNickname,
      mail,
      emailAddresses,
      hiddenFromAddressListsEnabled: params.bool('HiddenFromAddressListsEnabled') ?? group.hiddenFromAddressListsEnabled ?? false,
    };
    tenant.collection('groups').put(updated);
    return { value: [] };
  },
};

export const removeDistributionGroup: Cmdlet = {
  name: 'Remove-DistributionGroup',
  required: ['Identity'],
  parameters: { Identity: 'string', BypassSecurityGroupManagerCheck: 'bool', Confirm: 'bool' },
  run(params, { tenant }) {
    const group = requireGroup(tenant, params.string('Identity'));
    tenant.collection('groups').delete(group.id);
    leaveGroups(tenant, group.id);
    return { value: [] };
  },
};

export const getDistributionGroupMember: Cmdlet = {
  name: 'Get-DistributionGroupMember',
  pages: true,
  required: ['Identity'],
  parameters: { Identity: 'string', ResultSize: 'resultSize' },
  run(params, { tenant }) {
    const group = requireGroup(tenant, params.string('Identity'));
    return { value: new LazyRows(group.members, (id) => () => memberObject(tenant, id)) };
  },
};

function changeMember(params: Params, tenant: Tenant, adding: boolean): void {
  const group = requireGroup(tenant, params.string('Identity'));
  const text = params.string('Member') as string;
  const member = requireMember(tenant, text);
  if (member === group.id) throw CMDLET_ERRORS.invalidOperation(`The group "${group.displayName}" can't be a member of itself.`);
  const present = group.members.includes(member);
  if (adding && present) throw memberError('already', text, group);
  if (!adding && !present) throw memberError('absent', text, group);
  const members = adding ? [...group.members, member] : group.members.filter((id) => id !== member);
  tenant.collection('groups').put({ ...group, members });
}

export const addDistributionGroupMember: Cmdlet = {
  name: 'Add-DistributionGroupMember',
  required: ['Identity', 'Member'],
  parameters: { Identity: 'string', Member: 'string', BypassSecurityGroupManagerCheck: 'bool', Confirm: 'bool' },
  run(params, { tenant }) {
    changeMember(params, tenant, true);
    return { value: [] };
  },
};

export const removeDistributionGroupMember: Cmdlet = {
  name: 'Remove-DistributionGroupMember',
  required: ['Identity', 'Member'],
  parameters: { Identity: 'string', Member: 'string', BypassSecurityGroupManagerCheck: 'bool', Confirm: 'bool' },
  run(params, { tenant }) {
    changeMember(params, tenant, false);
    return { value: [] };
  },
};

/** Update-DistributionGroupMember -Members: the whole membership replaced. */
export const updateDistributionGroupMember: Cmdlet = {
  name: 'Update-DistributionGroupMember',
  required: ['Identity', 'Members'],
  parameters: { Identity: 'string', Members: 'strings', BypassSecurityGroupManagerCheck: 'bool', Confirm: 'bool' },
  run(params, { tenant }) {
    const group = requireGroup(tenant, params.string('Identity'));
    const members = namedMembers(params, tenant).filter((id) => id !== group.id);
    tenant.collection('groups').put({ ...group, members });
    return { value: [] };
  },
};
