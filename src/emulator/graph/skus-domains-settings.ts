/**
 * Small read-only directory resources: /subscribedSkus (Exchange SKUs with their service plans:
 * fidelity 3.3), /domains, and /users/{id}/mailboxSettings (automatic replies, read and write;
 * userPurpose read-only, "shared" for a shared mailbox: fidelity 3.2).
 */
import type { EmulatorContext } from '../context.js';
import { userByIdOrUpn } from '../directory.js';
import { json, type EmuRequest, type EmuResponse } from '../http/types.js';
import type { AutoReply, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { SKUS } from '../wellknown.js';
import { NEEDS } from './auth.js';
import { GRAPH_ERRORS } from './errors.js';
import { KEY, body, graphRoute } from './route.js';

const PREPAID_UNITS = 25;

function subscribedSkus(context: EmulatorContext, tenant: Tenant): EmuResponse {
  const users = tenant.collection('users').list();
  return json(200, {
    '@odata.context': `${context.baseUrl}/v1.0/$metadata#subscribedSkus`,
    value: SKUS.map((sku) => ({
      accountId: tenant.info.id,
      accountName: tenant.info.displayName,
      appliesTo: 'User',
      capabilityStatus: 'Enabled',
      consumedUnits: users.filter((user) => user.assignedLicenses.some((licence) => licence.skuId === sku.skuId)).length,
      id: `${tenant.info.id}_${sku.skuId}`,
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      subscriptionIds: [tenant.info.id],
      prepaidUnits: { enabled: PREPAID_UNITS, lockedOut: 0, suspended: 0, warning: 0 },
      servicePlans: sku.servicePlans.map((plan) => ({ ...plan, provisioningStatus: 'Success', appliesTo: 'User' })),
    })),
  });
}

function domainObject(domain: { id: string; isDefault: boolean; isInitial: boolean; isVerified: boolean }): Record<string, unknown> {
  return {
    id: domain.id,
    authenticationType: 'Managed',
    isAdminManaged: true,
    isDefault: domain.isDefault,
    isInitial: domain.isInitial,
    isRoot: true,
    isVerified: domain.isVerified,
    supportedServices: ['Email', 'OfficeCommunicationsOnline'],
  };
}

const STATUS = { Disabled: 'disabled', Enabled: 'alwaysEnabled', Scheduled: 'scheduled' } as const;
const AUDIENCE = { None: 'none', Known: 'contactsOnly', All: 'all' } as const;

function mailboxOf(tenant: Tenant, key: string): Mailbox {
  const user = userByIdOrUpn(tenant, key);
  if (user === undefined) throw GRAPH_ERRORS.notFound(key);
  const mailbox = tenant.collection('mailboxes').lookup(`user:${user.id}`)[0];
  if (mailbox === undefined) throw GRAPH_ERRORS.noMailbox();
  return mailbox;
}

function dateTime(iso: string | null): { dateTime: string; timeZone: string } {
  return { dateTime: (iso ?? '2000-01-01T00:00:00.000Z').replace(/Z$/, '0000'), timeZone: 'UTC' };
}

function mailboxSettings(context: EmulatorContext, request: EmuRequest, mailbox: Mailbox): EmuResponse {
  const reply = mailbox.autoReply;
  return json(200, {
    '@odata.context': `${context.baseUrl}/v1.0/$metadata#users('${request.params.id}')/mailboxSettings`,
    archiveFolder: 'AAMkAD',
    timeZone: 'UTC',
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    dateFormat: 'yyyy-MM-dd',
    timeFormat: 'HH:mm',
    userPurpose: mailbox.recipientTypeDetails === 'SharedMailbox' ? 'shared' : 'user',
    automaticRepliesSetting: {
      status: STATUS[reply.state],
      externalAudience: AUDIENCE[reply.externalAudience],
      internalReplyMessage: reply.internalMessage,
      externalReplyMessage: reply.externalMessage,
      scheduledStartDateTime: dateTime(reply.startTime),
      scheduledEndDateTime: dateTime(reply.endTime),
    },
    language: { locale: 'en-US', displayName: 'English (United States)' },
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: 'UTC' },
    },
  });
}

function reverse<T extends string>(table: Record<string, string>, value: unknown, property: string): T {
  const found = Object.entries(table).find(([, wire]) => wire === value)?.[0];
  if (found === undefined) throw GRAPH_ERRORS.badRequest(`Invalid value '${String(value)}' for property '${property}'.`);
  return found as T;
}

function patchMailboxSettings(tenant: Tenant, mailbox: Mailbox, input: Record<string, unknown>): EmuResponse {
  if ('userPurpose' in input) throw GRAPH_ERRORS.badRequest("The property 'userPurpose' is read-only and cannot be set.");
  const setting = input.automaticRepliesSetting as Record<string, unknown> | undefined;
  if (setting !== undefined) {
    const current = mailbox.autoReply;
    const time = (value: unknown, fallback: string | null): string | null => {
      const text = (value as { dateTime?: unknown } | undefined)?.dateTime;
      if (typeof text !== 'string') return fallback;
      const parsed = Date.parse(text.endsWith('Z') ? text : `${text}Z`);
      if (Number.isNaN(parsed)) throw GRAPH_ERRORS.badRequest(`Invalid dateTime '${text}'.`);
      return new Date(parsed).toISOString();
    };
    const next: AutoReply = {
      state: setting.status === undefined ? current.state : reverse<AutoReply['state']>(STATUS, setting.status, 'status'),
      externalAudience:
        setting.externalAudience === undefined
          ? current.externalAudience
          : reverse<AutoReply['externalAudience']>(AUDIENCE, setting.externalAudience, 'externalAudience'),
      internalMessage: typeof setting.internalReplyMessage === 'string' ? setting.internalReplyMessage : current.internalMessage,
      externalMessage: typeof setting.externalReplyMessage === 'string' ? setting.externalReplyMessage : current.externalMessage,
      startTime: time(setting.scheduledStartDateTime, current.startTime),
      endTime: time(setting.scheduledEndDateTime, current.endTime),
    };
    tenant.collection('mailboxes').put({ ...mailbox, autoReply: next });
  }
  return { status: 200, body: input, headers: { 'content-type': 'application/json; charset=utf-8' } };
}

export const SKU_DOMAIN_SETTINGS_ROUTES = [
  graphRoute('GET', 'subscribedSkus', 'subscribedSkus.list', NEEDS.organizationRead, (_request, context, { tenant }) => subscribedSkus(context, tenant)),
  graphRoute('GET', 'domains', 'domains.list', NEEDS.domainsRead, (_request, context, { tenant }) =>
    json(200, { '@odata.context': `${context.baseUrl}/v1.0/$metadata#domains`, value: tenant.collection('domains').list().map(domainObject) }),
  ),
  graphRoute('GET', `domains/${KEY}`, 'domains.get', NEEDS.domainsRead, (request, _context, { tenant }) => {
    const domain = tenant.collection('domains').get((request.params.id as string).toLowerCase());
    if (domain === undefined) throw GRAPH_ERRORS.notFound(request.params.id as string);
    return json(200, domainObject(domain));
  }),
  graphRoute('GET', `users/${KEY}/mailboxSettings`, 'mailboxSettings.get', NEEDS.mailboxSettingsRead, (request, context, { tenant }) =>
    mailboxSettings(context, request, mailboxOf(tenant, request.params.id as string)),
  ),
  graphRoute('PATCH', `users/${KEY}/mailboxSettings`, 'mailboxSettings.update', NEEDS.mailboxSettingsWrite, (request, _context, { tenant }) =>
    patchMailboxSettings(tenant, mailboxOf(tenant, request.params.id as string), body(request)),
  ),
];
