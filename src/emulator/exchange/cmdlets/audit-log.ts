/**
 * Search-UnifiedAuditLog (Search-UnifiedAuditLog.md) over the unified audit log's Exchange admin
 * records (RecordType ExchangeAdmin), which ../audit.ts keeps: every successful cmdlet that changes
 * something, with who ran it, when, and its parameters as passed. The row and the AuditData JSON follow a record exported from a tenant (blueteam0ps/det-eng-samples, "Mail account
 * delegation - SendAs permission": RecordType, CreationDate, UserIds, Operations, AuditData with
 * Parameters as Name/Value pairs, ResultIndex, ResultCount, Identity).
 *
 * Differences (docs/emulator.md): a record is searchable at once (Exchange takes 30 minutes to
 * 24 hours); failed cmdlets are not kept; an app's UserIds is its service principal's display name
 * [unverified]; at most 100,000 are kept, the oldest dropped first (a tenant keeps 180 days).
 */
import type { AdminAuditRecord } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';

/** Search-UnifiedAuditLog's ResultSize: default 100, at most 5,000 a call; 50,000 a session with ReturnLargeSet. */
const DEFAULT_RESULT_SIZE = 100;
const MAX_RESULT_SIZE = 5000;
const MAX_SESSION = 50_000;

function auditRow(tenant: Tenant, record: AdminAuditRecord, index: number, count: number): Record<string, unknown> {
  const auditData = {
    CreationTime: record.creationDate.slice(0, 19),
    Id: record.id,
    Operation: record.operation,
    OrganizationId: tenant.info.id,
    RecordType: 1,
    ResultStatus: 'True',
    UserType: 2,
    Version: 1,
    Workload: 'Exchange',
    ObjectId: record.objectId,
    UserId: record.userId,
    AppId: record.appId,
    ClientAppId: '',
    ExternalAccess: false,
    OrganizationName: tenant.info.initialDomain,
    Parameters: record.parameters,
  };
  return {
    RecordType: 'ExchangeAdmin',
    CreationDate: record.creationDate,
    UserIds: record.userId,
    Operations: record.operation,
    AuditData: JSON.stringify(auditData),
    ResultIndex: index,
    ResultCount: count,
    Identity: record.id,
    IsValid: true,
    ObjectState: 'Unchanged',
  };
}

function dateParam(name: string, text: string): number {
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw CMDLET_ERRORS.badValue(name, `Cannot convert value "${text}" to type "System.DateTime".`);
  return time;
}

/** Where each ReturnLargeSet session has got to, per tenant. */
const sessions = new WeakMap<Tenant, Map<string, number>>();

export const searchUnifiedAuditLog: Cmdlet = {
  name: 'Search-UnifiedAuditLog',
  required: ['StartDate', 'EndDate'],
  parameters: {
    StartDate: 'string',
    EndDate: 'string',
    RecordType: 'string',
    Operations: 'strings',
    UserIds: 'strings',
    ObjectIds: 'strings',
    ResultSize: 'int',
    SessionId: 'string',
    SessionCommand: 'string',
    Formatted: 'bool',
  },
  run(params, { tenant }) {
    const start = dateParam('StartDate', params.string('StartDate') as string);
    const end = dateParam('EndDate', params.string('EndDate') as string);
    if (end <= start) throw CMDLET_ERRORS.invalidOperation('The StartDate must be earlier than the EndDate.');
    const size = params.int('ResultSize') ?? DEFAULT_RESULT_SIZE;
    if (size < 1 || size > MAX_RESULT_SIZE) throw CMDLET_ERRORS.badValue('ResultSize', `The value must be between 1 and ${MAX_RESULT_SIZE}.`);
    const recordType = params.string('RecordType');
    // Only Exchange admin records are emulated: any other record type finds nothing.
    if (recordType !== undefined && recordType.toLowerCase() !== 'exchangeadmin') return { value: [] };
    const wanted = (list: string[] | undefined): Set<string> | undefined => (list === undefined ? undefined : new Set(list.map((item) => item.toLowerCase())));
    const operations = wanted(params.strings('Operations'));
    const users = wanted(params.strings('UserIds'));
    const objects = wanted(params.strings('ObjectIds'));
    const found = tenant
      .collection('adminAudit')
      .list()
      .filter((record) => {
        const time = Date.parse(record.creationDate);
        return (
          time >= start &&
          time < end &&
          (operations === undefined || operations.has(record.operation.toLowerCase())) &&
          (users === undefined || users.has(record.userId.toLowerCase())) &&
          (objects === undefined || objects.has(record.objectId.toLowerCase()))
        );
      })
      .slice(0, MAX_SESSION);
    const sessionId = params.string('SessionId');
    const command = params.string('SessionCommand');
    if (command !== undefined && !/^(ReturnLargeSet|ReturnNextPreviewPage)$/i.test(command))
      throw CMDLET_ERRORS.badValue('SessionCommand', 'Use ReturnLargeSet or ReturnNextPreviewPage.');
    let offset = 0;
    if (sessionId !== undefined && command !== undefined) {
      let cursors = sessions.get(tenant);
      if (cursors === undefined) sessions.set(tenant, (cursors = new Map()));
      offset = cursors.get(sessionId) ?? 0;
      cursors.set(sessionId, offset + size);
    }
    const page = found.slice(offset, offset + size);
    return { value: page.map((record, index) => auditRow(tenant, record, offset + index + 1, found.length)) };
  },
};
