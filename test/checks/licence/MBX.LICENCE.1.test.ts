import { describe, expect, it } from 'vitest';
import { GB, compliantSnapshot, contoso, runCheck, statuses, withMailbox, withSize, withUser } from '../fixture.js';

describe('MBX.LICENCE.1', () => {
  it('passes for unlicensed shared mailboxes that need no licence', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.LICENCE.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails for a licence nothing needs', async () => {
    const spec = await contoso();
    const snapshot = withUser(compliantSnapshot(spec), 'team@contoso.com', {
      assignedLicenses: [{ skuId: '4b9405b0-7788-4568-add1-99614e613b69', disabledPlans: [] }],
    });
    const results = runCheck('MBX.LICENCE.1', spec, snapshot);
    expect(statuses(results)[3]).toBe('fail team@contoso.com');
    expect(results[3]?.message).toContain('EXCHANGESTANDARD');
  });

  it('fails when an archive is on but the mailbox is unlicensed', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.LICENCE.1', spec, withMailbox(compliantSnapshot(spec), 'info@contoso.com', { archiveEnabled: true }));
    expect(results[0]).toMatchObject({ status: 'fail', expected: 'licensed with archiving', actual: 'unlicensed' });
    expect(results[0]?.message).toContain('archive');
  });

  it('fails when an unlicensed mailbox holds more than 50 GB', async () => {
    const spec = await contoso();
    const results = runCheck(
      'MBX.LICENCE.1',
      spec,
      withSize(compliantSnapshot(spec), 'sales@contoso.com', { bytes: 51 * GB, itemCount: null, source: 'Get-MailboxStatistics' }),
    );
    expect(results[1]).toMatchObject({ status: 'fail', expected: 'licensed with archiving', actual: 'unlicensed' });
    expect(results[1]?.message).toContain('51.0 GB of mail (over 50 GB)');
  });

  it('fails for an archive on a mailbox licensed with Plan 1 only, and passes with Plan 2 (m365-fidelity 6)', async () => {
    const spec = await contoso();
    const archived = {
      ...spec,
      sharedMailboxes: spec.sharedMailboxes.map((mailbox, i) => (i === 0 ? { ...mailbox, archive: true, licence: 'EXCHANGESTANDARD' } : mailbox)),
    };
    const plan1 = withUser(withMailbox(compliantSnapshot(archived), 'info@contoso.com', { archiveEnabled: true }), 'info@contoso.com', {
      assignedLicenses: [{ skuId: '4b9405b0-7788-4568-add1-99614e613b69', disabledPlans: [] }],
    });
    const failed = runCheck('MBX.LICENCE.1', archived, plan1)[0];
    expect(failed).toMatchObject({ status: 'fail', expected: 'licensed with archiving', actual: 'licensed' });
    expect(failed?.message).toBe(
      'info@contoso.com holds EXCHANGESTANDARD, which does not cover an archive on a shared mailbox: that needs Exchange Online Plan 2, or Plan 1 with Exchange Online Archiving.',
    );
    expect(failed?.location.pointer).toBe('/sharedMailboxes/0/licence');
    const plan2 = withUser(plan1, 'info@contoso.com', { assignedLicenses: [{ skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', disabledPlans: [] }] });
    expect(runCheck('MBX.LICENCE.1', archived, plan2)[0]).toMatchObject({ status: 'pass', actual: 'licensed with archiving' });
  });
});
