/**
 * Who made a change (issue 19): the emulator keeps each changing cmdlet in the unified audit log
 * and Search-UnifiedAuditLog pages it with a ReturnLargeSet session; mbx reads the records through
 * its Exchange client and names, for each grant or membership change, the cmdlet that made it:
 * hash tables (@{Add=...; Remove=...}) by their side, replacing lists by what they leave out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, readAdminAudit } from '../../src/export/audit.js';
import type { AuditEntry, Change } from '../../src/export/changes.js';
import type { ExportedSpec } from '../../src/export/index.js';
import { connectFromEnvironment } from '../../src/m365/connect.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
});
afterAll(async () => {
  await emulator.stop();
});

describe('the Exchange admin audit log', () => {
  it('keeps each change with who, when and its parameters, pages it with a session, and skips reads', async () => {
    const start = new Date(Date.now() - 1000);
    await admin.sharedMailbox('audit@contoso.com');
    for (let index = 0; index < 7; index++) await admin.exo('Set-Mailbox', { Identity: 'audit@contoso.com', DisplayName: `Audit round ${index}` });
    await admin.exo('Get-Mailbox', { Identity: 'audit@contoso.com' });
    const end = new Date(Date.now() + 1000);
    const page = await admin.exo('Search-UnifiedAuditLog', {
      StartDate: start.toISOString(),
      EndDate: end.toISOString(),
      RecordType: 'ExchangeAdmin',
      ResultSize: 3,
      SessionId: 'paging',
      SessionCommand: 'ReturnLargeSet',
    });
    expect(page.status).toBe(200);
    expect(page.body.value.map((row: { ResultIndex: number; ResultCount: number }) => [row.ResultIndex, row.ResultCount])).toEqual([
      [1, 8],
      [2, 8],
      [3, 8],
    ]);
    const first = page.body.value[0];
    expect([first.RecordType, first.Operations]).toEqual(['ExchangeAdmin', 'New-Mailbox']);
    const data = JSON.parse(first.AuditData);
    expect(data.Parameters).toContainEqual({ Name: 'PrimarySmtpAddress', Value: 'audit@contoso.com' });
    expect(data.Parameters).toContainEqual({ Name: 'Shared', Value: 'True' });
    const next = await admin.exo('Search-UnifiedAuditLog', {
      StartDate: start.toISOString(),
      EndDate: end.toISOString(),
      ResultSize: 3,
      SessionId: 'paging',
      SessionCommand: 'ReturnLargeSet',
    });
    expect(next.body.value.map((row: { ResultIndex: number }) => row.ResultIndex)).toEqual([4, 5, 6]);
    const refused = await admin.exo('Search-UnifiedAuditLog', { StartDate: end.toISOString(), EndDate: start.toISOString() });
    expect(refused.status).toBe(400);

    // mbx's reader walks the whole session; an operation filter leaves the Set-Mailbox rounds.
    const { exchange } = connectFromEnvironment(emulator.env);
    const window = await readAdminAudit(exchange, start, end);
    expect(window.unreadable).toBeUndefined();
    expect(window.entries?.map((entry) => entry.operation)).toEqual(['New-Mailbox', ...Array(7).fill('Set-Mailbox')]);
    expect(window.entries?.[0]?.by).toMatch(/\S/);
  });
});

const entry = (operation: string, parameters: Record<string, string>, at = '2026-12-01T10:00:00.000Z'): AuditEntry => ({
  at,
  by: 'admin@contoso.com',
  operation,
  parameters,
});
const spec = {
  version: 1,
  sharedMailboxes: [{ address: 'info@contoso.com', displayName: 'Info', aliases: ['hello@contoso.com'] }],
  groups: [{ address: 'leads@contoso.com', displayName: 'Sales leads' }],
} as unknown as ExportedSpec;

describe('attributing changes to audit records', () => {
  it('matches the cmdlet, the mailbox by any of its names, the trustee and the right, and takes the latest', () => {
    const changes: Change[] = [
      { kind: 'grant-added', mailbox: 'info@contoso.com', right: 'Full Access', trustee: 'lena@contoso.com' },
      { kind: 'grant-added', mailbox: 'info@contoso.com', right: 'Send on Behalf', trustee: 'max@contoso.com' },
      { kind: 'grant-removed', mailbox: 'info@contoso.com', right: 'Send on Behalf', trustee: 'erika@contoso.com' },
      { kind: 'member-removed', group: 'leads@contoso.com', member: 'otto@contoso.com' },
      { kind: 'grant-removed', mailbox: 'info@contoso.com', right: 'Send As', trustee: 'lena@contoso.com' },
    ];
    const entries = [
      entry('Add-MailboxPermission', { identity: 'Info', user: 'lena@contoso.com', accessrights: 'FullAccess' }, '2026-12-01T09:00:00.000Z'),
      entry('Add-MailboxPermission', { identity: 'hello@contoso.com', user: 'lena', accessrights: 'FullAccess' }, '2026-12-01T11:00:00.000Z'),
      entry('Set-Mailbox', { identity: 'info@contoso.com', grantsendonbehalfto: '@{Add=max@contoso.com; Remove=erika@contoso.com}' }),
      entry('Update-DistributionGroupMember', { identity: 'Sales leads', members: 'anna@contoso.com' }),
      // A Send As removal for someone else, and a Full Access one, name nobody for lena's Send As.
      entry('Remove-RecipientPermission', { identity: 'info@contoso.com', trustee: 'max@contoso.com', accessrights: 'SendAs' }),
    ];
    const found = attribute(changes, entries, spec, spec);
    expect(found.map((item) => item?.operation)).toEqual(['Add-MailboxPermission', 'Set-Mailbox', 'Set-Mailbox', 'Update-DistributionGroupMember', undefined]);
    expect(found[0]?.at).toBe('2026-12-01T11:00:00.000Z');
  });

  it('does not take a hash table that removes someone for the grant that added them', () => {
    const changes: Change[] = [{ kind: 'grant-added', mailbox: 'info@contoso.com', right: 'Send on Behalf', trustee: 'erika@contoso.com' }];
    const entries = [entry('Set-Mailbox', { identity: 'info@contoso.com', grantsendonbehalfto: '@{Remove=erika@contoso.com}' })];
    expect(attribute(changes, entries, spec, spec)).toEqual([undefined]);
  });
});
