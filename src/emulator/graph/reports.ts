/**
 * reports/getMailboxUsageDetail(period='D7'): Graph answers 302 with a pre-authenticated download
 * URL for a CSV (fidelity 3.4); the emulator serves it under /v1.0/reports/download/{id} for five
 * minutes, without a token, as Microsoft's download URLs need none. Columns as documented,
 * including the two the doc's example omits; the privacy setting that hashes UPNs is off.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { route, type EmuResponse } from '../http/types.js';
import { primarySmtpAddress } from '../exchange/recipients.js';
import { NEEDS } from './auth.js';
import { GRAPH_ERRORS } from './errors.js';
import { graphRoute } from './route.js';

const COLUMNS = [
  'Report Refresh Date',
  'User Principal Name',
  'Display Name',
  'Is Deleted',
  'Deleted Date',
  'Created Date',
  'Last Activity Date',
  'Item Count',
  'Storage Used (Byte)',
  'Issue Warning Quota (Byte)',
  'Prohibit Send Quota (Byte)',
  'Prohibit Send/Receive Quota (Byte)',
  'Deleted Item Count',
  'Deleted Item Size (Byte)',
  'Deleted Item Quota (Byte)',
  'Has Archive',
  'Report Period',
];
const PERIODS = new Set(['D7', 'D30', 'D90', 'D180']);
const LIFETIME_MS = 5 * 60_000;

function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function report(context: EmulatorContext, tenantId: string, period: string): string {
  const tenant = context.store.resolve(tenantId);
  const day = context.now().toISOString().slice(0, 10);
  const rows = (tenant?.collection('mailboxes').list() ?? []).map((mailbox) => {
    const user = tenant?.collection('users').get(mailbox.userId);
    return [
      day,
      user?.userPrincipalName ?? primarySmtpAddress(mailbox),
      mailbox.displayName,
      false,
      null,
      mailbox.whenCreated.slice(0, 10),
      null,
      mailbox.itemCount,
      mailbox.totalItemSize,
      mailbox.quotas.issueWarning,
      mailbox.quotas.prohibitSend,
      mailbox.quotas.prohibitSendReceive,
      0,
      0,
      32_212_254_720,
      mailbox.archiveEnabled,
      period.slice(1),
    ];
  });
  return `\ufeff${[COLUMNS, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export const REPORT_ROUTES = [
  graphRoute(
    'GET',
    "reports/getMailboxUsageDetail\\(period='(?<period>[^']+)'\\)",
    'reports.getMailboxUsageDetail',
    NEEDS.reportsRead,
    (request, context, { tenant }): EmuResponse => {
      const period = request.params.period as string;
      if (!PERIODS.has(period)) throw GRAPH_ERRORS.invalidRequest(`Invalid value for the period parameter: '${period}'. Use D7, D30, D90 or D180.`);
      const id = randomBytes(24).toString('base64url');
      for (const [key, value] of context.downloads) if (value.expiresAtMs < Date.now()) context.downloads.delete(key);
      context.downloads.set(id, { csv: report(context, tenant.info.id, period), expiresAtMs: Date.now() + LIFETIME_MS });
      return { status: 302, headers: { location: `${context.baseUrl}/v1.0/reports/download/${id}` } };
    },
  ),
  route('graph', 'GET', /^\/v1\.0\/reports\/download\/(?<id>[\w-]+)$/, 'reports.download', (request, context) => {
    const entry = context.downloads.get(request.params.id as string);
    if (entry === undefined || entry.expiresAtMs < Date.now()) return { status: 404 };
    return {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="MailboxUsageDetail.csv"' },
      body: entry.csv,
    };
  }),
];
