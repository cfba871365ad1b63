/**
 * Set-Mailbox (Set-Mailbox.md): proxy addresses by list or Add/Remove, Send on Behalf, sent-items
 * copies, forwarding, quotas (IssueWarning <= ProhibitSend <= ProhibitSendReceive, and no more
 * than the mailbox may hold: 50 GB unlicensed shared, 100 GB otherwise), hiding, conversion.
 */
import type { Mailbox, Quotas } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { byteQuantified, parseByteQuantified } from '../format.js';
import type { Multi, Params } from '../params.js';
import { addressInUse, requireMailbox, requireTrustee } from '../recipients.js';
import { isPrimaryProxy, isSmtpProxy, proxyAddressValue, secondaryProxy, smtpValue } from '../../store/proxy-addresses.js';

const GB = 1024 ** 3;

function applyMulti(current: readonly string[], change: Multi, same: (a: string, b: string) => boolean): string[] {
  if (change.kind === 'replace') return [...change.values];
  const kept = current.filter((item) => !change.remove.some((removed) => same(item, removed)));
  for (const added of change.add) if (!kept.some((item) => same(item, added))) kept.push(added);
  return kept;
}

function withPrefix(proxy: string): string {
  return /^[a-z0-9]+:/i.test(proxy) ? proxy : secondaryProxy(proxy);
}

function emailAddresses(tenant: Tenant, mailbox: Mailbox, change: Multi): string[] {
  // Adding `SMTP:x` where `smtp:x` is held promotes it: the secondary gives way to the new primary.
  const promoted = change.kind === 'change' ? change.add.filter(isPrimaryProxy).map(smtpValue) : [];
  let next = applyMulti(
    mailbox.emailAddresses.filter((proxy) => isPrimaryProxy(proxy) || !promoted.includes(smtpValue(proxy))),
    change.kind === 'replace'
      ? { kind: 'replace', values: change.values.map(withPrefix) }
      : { kind: 'change', add: change.add.map(withPrefix), remove: change.remove.map(withPrefix) },
    (a, b) => smtpValue(a) === smtpValue(b),
  );
  const primaries = next.filter(isPrimaryProxy);
  if (primaries.length > 1) {
    // A newly added SMTP: entry becomes the primary; the old primary is kept as a secondary.
    const newest = primaries[primaries.length - 1] as string;
    next = next.map((proxy) => (isPrimaryProxy(proxy) && proxy !== newest ? secondaryProxy(proxyAddressValue(proxy)) : proxy));
  }
  if (!next.some(isPrimaryProxy)) throw CMDLET_ERRORS.invalidOperation('The primary SMTP address cannot be removed. Set another primary address first.');
  for (const proxy of next) {
    if (!isSmtpProxy(proxy)) continue;
    const address = smtpValue(proxy);
    if (mailbox.emailAddresses.some((existing) => smtpValue(existing) === address)) continue;
    const domain = address.split('@')[1] ?? '';
    if (tenant.collection('domains').get(domain) === undefined)
      throw CMDLET_ERRORS.invalidOperation(`The domain ${domain} isn't an accepted domain for your organization.`);
    if (addressInUse(tenant, address, mailbox.id)) throw CMDLET_ERRORS.proxyInUse(address);
  }
  return next;
}

/** The largest message Exchange Online lets a mailbox send or receive. */
const MAX_MESSAGE_SIZE = 150 * 1024 ** 2;

/** The message size limits Set-Mailbox takes, and the field each is kept in. */
const MESSAGE_SIZES = [
  ['MaxSendSize', 'maxSendSize'],
  ['MaxReceiveSize', 'maxReceiveSize'],
] as const;

/** A message size limit as given, in bytes: Exchange Online takes at most 150 MB (the service description's message limits), and Unlimited means that ceiling. */
function messageSize(params: Params, name: string): number | undefined {
  const size = quota(params, name);
  if (size === undefined) return undefined;
  if (size !== null && size > MAX_MESSAGE_SIZE)
    throw CMDLET_ERRORS.invalidOperation(`The value of ${name} (${byteQuantified(size)}) exceeds the maximum of ${byteQuantified(MAX_MESSAGE_SIZE)}.`);
  return size ?? MAX_MESSAGE_SIZE;
}

function quota(params: Params, name: string): number | null | undefined {
  const text = params.string(name);
  if (text === undefined) return undefined;
  const bytes = parseByteQuantified(text);
  if (bytes === undefined)
    throw CMDLET_ERRORS.badValue(
      name,
      `Cannot convert value "${text}" to type "Microsoft.Exchange.Data.Unlimited\`1[Microsoft.Exchange.Data.ByteQuantifiedSize]".`,
    );
  return bytes;
}

function quotas(tenant: Tenant, params: Params, mailbox: Mailbox): Quotas {
  const next: Quotas = {
    issueWarning: quota(params, 'IssueWarningQuota') ?? (params.has('IssueWarningQuota') ? null : mailbox.quotas.issueWarning),
    prohibitSend: quota(params, 'ProhibitSendQuota') ?? (params.has('ProhibitSendQuota') ? null : mailbox.quotas.prohibitSend),
    prohibitSendReceive: quota(params, 'ProhibitSendReceiveQuota') ?? (params.has('ProhibitSendReceiveQuota') ? null : mailbox.quotas.prohibitSendReceive),
  };
  const user = tenant.collection('users').get(mailbox.userId);
  const licensed = (user?.assignedLicenses.length ?? 0) > 0;
  const limit = mailbox.recipientTypeDetails === 'SharedMailbox' && !licensed ? 50 * GB : 100 * GB;
  const order: [keyof Quotas, string][] = [
    ['issueWarning', 'IssueWarningQuota'],
    ['prohibitSend', 'ProhibitSendQuota'],
    ['prohibitSendReceive', 'ProhibitSendReceiveQuota'],
  ];
  for (const [key, name] of order) {
    const value = next[key];
    if (value !== null && value > limit)
      throw CMDLET_ERRORS.invalidOperation(`The value of ${name} (${byteQuantified(value)}) exceeds the maximum for this mailbox (${byteQuantified(limit)}).`);
  }
  const effective = (value: number | null): number => value ?? Number.POSITIVE_INFINITY;
  if (effective(next.issueWarning) > effective(next.prohibitSend) || effective(next.prohibitSend) > effective(next.prohibitSendReceive)) {
    throw CMDLET_ERRORS.invalidOperation('The quotas must satisfy IssueWarningQuota <= ProhibitSendQuota <= ProhibitSendReceiveQuota.');
  }
  return next;
}

export const setMailbox: Cmdlet = {
  name: 'Set-Mailbox',
  required: ['Identity'],
  parameters: {
    Identity: 'string',
    DisplayName: 'string',
    EmailAddresses: 'multi',
    GrantSendOnBehalfTo: 'multi',
    MessageCopyForSentAsEnabled: 'bool',
    MessageCopyForSendOnBehalfEnabled: 'bool',
    ForwardingSmtpAddress: 'string',
    DeliverToMailboxAndForward: 'bool',
    IssueWarningQuota: 'string',
    MaxSendSize: 'string',
    MaxReceiveSize: 'string',
    ProhibitSendQuota: 'string',
    ProhibitSendReceiveQuota: 'string',
    HiddenFromAddressListsEnabled: 'bool',
    LitigationHoldEnabled: 'bool',
    Type: 'string',
  },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    let next: Mailbox = { ...mailbox };
    const emails = params.multi('EmailAddresses');
    if (emails !== undefined) next = { ...next, emailAddresses: emailAddresses(tenant, mailbox, emails) };
    const sendOnBehalf = params.multi('GrantSendOnBehalfTo');
    if (sendOnBehalf !== undefined) {
      const resolve = (text: string): string => requireTrustee(tenant, text).id;
      const change: Multi =
        sendOnBehalf.kind === 'replace'
          ? { kind: 'replace', values: sendOnBehalf.values.map(resolve) }
          : { kind: 'change', add: sendOnBehalf.add.map(resolve), remove: sendOnBehalf.remove.map(resolve) };
      next = { ...next, grantSendOnBehalfTo: applyMulti(mailbox.grantSendOnBehalfTo, change, (a, b) => a === b) };
    }
    const forwarding = params.has('ForwardingSmtpAddress') ? params.string('ForwardingSmtpAddress') : undefined;
    if (params.has('ForwardingSmtpAddress')) next = { ...next, forwardingSmtpAddress: forwarding === undefined ? null : smtpValue(forwarding) };
    if (params.has('IssueWarningQuota') || params.has('ProhibitSendQuota') || params.has('ProhibitSendReceiveQuota'))
      next = { ...next, quotas: quotas(tenant, params, mailbox) };
    for (const [name, field] of MESSAGE_SIZES) {
      const size = messageSize(params, name);
      if (size !== undefined) next = { ...next, [field]: size };
    }
    const type = params.string('Type');
    if (type !== undefined) {
      const types: Record<string, Mailbox['recipientTypeDetails']> = {
        regular: 'UserMailbox',
        shared: 'SharedMailbox',
        room: 'RoomMailbox',
        equipment: 'EquipmentMailbox',
      };
      const converted = types[type.toLowerCase()];
      if (converted === undefined)
        throw CMDLET_ERRORS.badValue('Type', `Cannot convert value "${type}" to type "ConvertibleMailboxSubType". Use Regular, Shared, Room or Equipment.`);
      next = { ...next, recipientTypeDetails: converted };
    }
    const flags: [string, keyof Mailbox][] = [
      ['DisplayName', 'displayName'],
      ['MessageCopyForSentAsEnabled', 'messageCopyForSentAsEnabled'],
      ['MessageCopyForSendOnBehalfEnabled', 'messageCopyForSendOnBehalfEnabled'],
      ['DeliverToMailboxAndForward', 'deliverToMailboxAndForward'],
      ['HiddenFromAddressListsEnabled', 'hiddenFromAddressListsEnabled'],
      ['LitigationHoldEnabled', 'litigationHoldEnabled'],
    ];
    for (const [parameter, field] of flags) {
      if (params.has(parameter)) next = { ...next, [field]: params.raw(parameter) };
    }
    tenant.collection('mailboxes').put(next);
    return NONE;
  },
};

export const removeMailbox: Cmdlet = {
  name: 'Remove-Mailbox',
  required: ['Identity'],
  parameters: { Identity: 'string', Permanent: 'bool' },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    // Its grants go with it, and its folders and messages.
    for (const name of ['mailboxPermissions', 'recipientPermissions', 'messages', 'mailFolders'] as const) {
      for (const entry of tenant.collection(name).lookup(`mailbox:${mailbox.id}`)) tenant.collection(name).delete(entry.id);
    }
    tenant.collection('mailboxes').delete(mailbox.id);
    tenant.collection('users').delete(mailbox.userId);
    return NONE;
  },
};
