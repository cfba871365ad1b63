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
    expect(results[0]).toMatchObject({ status: 'fail', expected: 'licensed', actual: 'unlicensed' });
    expect(results[0]?.message).toContain('archive');
  });

  it('fails when an unlicensed mailbox holds more than 50 GB', async () => {
    const spec = await contoso();
    const results = runCheck(
      'MBX.LICENCE.1',
      spec,
      withSize(compliantSnapshot(spec), 'sales@contoso.com', { bytes: 51 * GB, itemCount: null, source: 'Get-MailboxStatistics' }),
    );
    expect(results[1]).toMatchObject({ status: 'fail', expected: 'licensed', actual: 'unlicensed' });
    expect(results[1]?.message).toContain('51.0 GB of mail (over 50 GB)');
  });
});
