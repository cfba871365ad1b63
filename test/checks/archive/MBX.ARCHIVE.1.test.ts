import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../src/spec/types.js';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

/** contoso with info@ declaring `archive` as given. */
const declaring = (spec: Spec, archive: boolean): Spec => ({
  ...spec,
  sharedMailboxes: spec.sharedMailboxes.map((mailbox, i) => (i === 0 ? { ...mailbox, archive, licence: 'EXCHANGEENTERPRISE' } : mailbox)),
});

describe('MBX.ARCHIVE.1', () => {
  it('passes for a declared archive that is active, and says what a mailbox whose spec leaves it open holds', async () => {
    const spec = declaring(await contoso(), true);
    const results = runCheck('MBX.ARCHIVE.1', spec, compliantSnapshot(spec)).filter((result) => result.subject === 'archive');
    expect(results.map((result) => `${result.status} ${result.mailbox}`)).toEqual([
      'pass info@contoso.com',
      'pass sales@contoso.com',
      'pass support@contoso.com',
      'pass team@contoso.com',
    ]);
    expect(results[0]?.message).toBe('info@contoso.com has archive, as declared.');
    expect(results[1]?.message).toBe('The spec leaves the archive of sales@contoso.com open; it has none (MBX.LICENCE.1 judges the licence it needs).');
  });

  it('fails for a declared litigation hold that is off, and warns for one the spec does not declare (never lifted)', async () => {
    const base = await contoso();
    const spec = {
      ...base,
      sharedMailboxes: base.sharedMailboxes.map((mailbox, i) => (i === 0 ? { ...mailbox, litigationHold: true, licence: 'EXCHANGEENTERPRISE' } : mailbox)),
    };
    let snapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { litigationHoldEnabled: false });
    snapshot = withMailbox(snapshot, 'sales@contoso.com', { litigationHoldEnabled: true });
    const holds = runCheck('MBX.ARCHIVE.1', spec, snapshot).filter((result) => result.subject === 'litigation hold');
    expect(holds.map((result) => `${result.status} ${result.mailbox}`)).toEqual([
      'fail info@contoso.com',
      'warn sales@contoso.com',
      'pass support@contoso.com',
      'pass team@contoso.com',
    ]);
    expect(holds[0]?.remediation?.powershell).toBe('Set-Mailbox -Identity info@contoso.com -LitigationHoldEnabled $true');
    expect(holds[1]?.message).toContain('mbx never lifts a hold');
  });

  it('fails for a declared archive that is missing, with Enable-Mailbox -Archive', async () => {
    const spec = declaring(await contoso(), true);
    const results = runCheck('MBX.ARCHIVE.1', spec, withMailbox(compliantSnapshot(spec), 'info@contoso.com', { archiveEnabled: false }));
    expect(statuses(results)[0]).toBe('fail info@contoso.com archive');
    expect(results[0]).toMatchObject({
      expected: 'archive',
      actual: 'no archive',
      remediation: { powershell: 'Enable-Mailbox -Identity info@contoso.com -Archive' },
    });
    expect(results[0]?.location.pointer).toBe('/sharedMailboxes/0/archive');
  });

  it('fails for an archive where the spec says archive: false, warning that disabling it loses its contents after 30 days', async () => {
    const spec = declaring(await contoso(), false);
    const results = runCheck('MBX.ARCHIVE.1', spec, withMailbox(compliantSnapshot(spec), 'info@contoso.com', { archiveEnabled: true }));
    expect(results[0]).toMatchObject({ status: 'fail', expected: 'no archive', actual: 'archive' });
    expect(results[0]?.message).toContain('30 days');
  });
});
