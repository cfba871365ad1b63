import { describe, expect, it } from 'vitest';
import { GB, allSourcesOk, compliantSnapshot, contoso, runCheck, statuses, withMailbox, withSize } from '../fixture.js';

describe('MBX.SIZE.1', () => {
  it('passes for mailboxes below their thresholds, saying where the figure came from', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.SIZE.1', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual([
      'pass info@contoso.com size',
      'pass sales@contoso.com size',
      'pass support@contoso.com size',
      'pass team@contoso.com size',
    ]);
    expect(results[0]?.message).toBe('info@contoso.com holds 1.0 GB (usage report of 2026-11-21), below 40.0 GB.');
  });

  it("warns above the spec's sizeWarningGB, pointing at it, and above IssueWarningQuota where the spec sets none", async () => {
    const spec = await contoso();
    let snapshot = withSize(compliantSnapshot(spec), 'info@contoso.com', { bytes: 41 * GB, itemCount: 5, source: 'Get-MailboxStatistics' });
    snapshot = withSize(snapshot, 'sales@contoso.com', { bytes: 49.2 * GB, itemCount: 5, source: 'usage report', asOf: '2026-11-21' });
    const results = runCheck('MBX.SIZE.1', spec, snapshot);
    expect(statuses(results).slice(0, 2)).toEqual(['warn info@contoso.com size', 'warn sales@contoso.com size']);
    expect(results[0]?.message).toBe('info@contoso.com holds 41.0 GB (Get-MailboxStatistics), above the sizeWarningGB the spec sets of 40.0 GB.');
    expect(results[0]?.location.pointer).toBe('/sharedMailboxes/0/sizeWarningGB');
    expect(results[1]?.message).toContain('above its IssueWarningQuota of 49.0 GB');
  });

  it('fails at ProhibitSendQuota and at ProhibitSendReceiveQuota, saying what stops working', async () => {
    const spec = await contoso();
    let snapshot = withSize(compliantSnapshot(spec), 'sales@contoso.com', { bytes: 49.6 * GB, itemCount: 5, source: 'usage report', asOf: '2026-11-21' });
    snapshot = withSize(snapshot, 'team@contoso.com', { bytes: 50 * GB, itemCount: 5, source: 'usage report', asOf: '2026-11-21' });
    const results = runCheck('MBX.SIZE.1', spec, snapshot);
    expect(statuses(results)).toEqual([
      'pass info@contoso.com size',
      'fail sales@contoso.com ProhibitSendQuota',
      'pass support@contoso.com size',
      'fail team@contoso.com ProhibitSendReceiveQuota',
    ]);
    expect(results[1]?.message).toContain('it can no longer send mail');
    expect(results[3]?.message).toContain('it neither sends nor receives mail');
    expect(results[3]?.remediation?.powershell).toBe('Enable-Mailbox -Identity team@contoso.com -Archive');
  });

  it('warns when no size could be read; with Unlimited quotas, holds an unlicensed mailbox to the shared default and a licensed one to nothing', async () => {
    const spec = await contoso();
    let snapshot = withSize(compliantSnapshot(spec), 'support@contoso.com', undefined);
    snapshot = withMailbox(snapshot, 'team@contoso.com', { quotas: { issueWarning: null, prohibitSend: null, prohibitSendReceive: null } });
    snapshot = withSize(snapshot, 'team@contoso.com', { bytes: 120 * GB, itemCount: 5, source: 'usage report', asOf: '2026-11-21' });
    const results = runCheck('MBX.SIZE.1', spec, snapshot);
    expect(statuses(results).slice(2)).toEqual(['warn support@contoso.com', 'fail team@contoso.com ProhibitSendReceiveQuota']);
    expect(results[3]?.message).toBe(
      'team@contoso.com holds 120.0 GB (usage report of 2026-11-21), at or above its ProhibitSendReceiveQuota of 50.0 GB: it neither sends nor receives mail.',
    );
    const licensed = { ...spec, sharedMailboxes: spec.sharedMailboxes.map((mailbox) => ({ ...mailbox, licence: 'EXCHANGEENTERPRISE' })) };
    expect(statuses(runCheck('MBX.SIZE.1', licensed, snapshot)).slice(3)).toEqual(['pass team@contoso.com size']);
  });

  it('says small sizes in the unit they are in', async () => {
    const spec = await contoso();
    const snapshot = withSize(compliantSnapshot(spec), 'info@contoso.com', {
      bytes: 3 * 1024 * 1024 + 200 * 1024,
      itemCount: 5,
      source: 'Get-MailboxStatistics',
    });
    expect(runCheck('MBX.SIZE.1', spec, snapshot)[0]?.message).toBe('info@contoso.com holds 3.2 MB (Get-MailboxStatistics), below 40.0 GB.');
  });

  it('reports error, not a size, when the statistics source failed', async () => {
    const spec = await contoso();
    const ledger = allSourcesOk().set('exchange.statistics', { ok: false, error: 'denied', status: 403, permission: 'x' });
    const results = runCheck('MBX.SIZE.1', spec, compliantSnapshot(spec), ledger);
    expect(results.map((result) => result.status)).toEqual(['error', 'error', 'error', 'error']);
  });
});
