/**
 * The unified audit log's keeping side: each cmdlet that ran and changed something, with its
 * caller, time and parameters as passed (cmdlets/audit-log.ts searches them; the differences from
 * Exchange are listed there). At most MAX_RECORDS are kept, the oldest dropped first.
 */
import { randomUUID } from 'node:crypto';
import type { AccessClaims } from '../entra/tokens.js';
import { isRecord } from '../http/types.js';
import type { Tenant } from '../store/store.js';

const MAX_RECORDS = 100_000;
const COMMON = new Set(['confirm', 'warningaction', 'erroraction', 'verbose', 'debug', 'whatif', 'informationaction']);

/** Cmdlets that only read: not audited. */
const READS = /^(get|search|test)-/i;

/** A parameter value as the audit log shows it: PowerShell's rendering of lists, hash tables and switches. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return value.map(shown).join(';');
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([key]) => !key.startsWith('@'));
    return `@{${entries.map(([key, item]) => `${key}=${shown(item)}`).join('; ')}}`;
  }
  return String(value);
}

/** Keep a record of a cmdlet that ran and changed something (reads are not kept). */
export function auditAdminChange(tenant: Tenant, claims: AccessClaims, cmdlet: string, parameters: unknown, now: Date): void {
  if (READS.test(cmdlet)) return;
  const given = isRecord(parameters) ? Object.entries(parameters).filter(([key]) => !key.includes('@odata') && !COMMON.has(key.toLowerCase())) : [];
  const identity = given.find(([key]) => key.toLowerCase() === 'identity');
  const servicePrincipal = tenant.collection('servicePrincipals').lookup(`appId:${claims.appid.toLowerCase()}`)[0];
  const log = tenant.collection('adminAudit');
  if (log.size >= MAX_RECORDS) {
    const oldest = log.list()[0];
    if (oldest !== undefined) log.delete(oldest.id);
  }
  log.put({
    id: randomUUID(),
    creationDate: now.toISOString(),
    userId:
      claims.idtyp === 'user' ? (claims.upn ?? claims.unique_name ?? claims.oid) : (servicePrincipal?.displayName ?? claims.app_displayname ?? claims.appid),
    appId: claims.appid,
    operation: cmdlet,
    objectId: identity === undefined ? '' : shown(identity[1]),
    parameters: given.map(([Name, value]) => ({ Name, Value: shown(value) })),
  });
}
