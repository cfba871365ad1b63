import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

describe('MBX.EXIST.1', () => {
  it('passes for each declared shared mailbox that exists as a SharedMailbox', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.EXIST.1', spec, compliantSnapshot(spec)))).toEqual([
      'pass info@contoso.com',
      'pass sales@contoso.com',
      'pass support@contoso.com',
      'pass team@contoso.com',
    ]);
  });

  it('fails for a missing mailbox and for a user mailbox at the address', async () => {
    const spec = await contoso();
    const snapshot = withMailbox(compliantSnapshot(spec), 'team@contoso.com', { recipientTypeDetails: 'UserMailbox' });
    const mailboxes = new Map(snapshot.mailboxes);
    mailboxes.delete('sales@contoso.com');
    const results = runCheck('MBX.EXIST.1', spec, { ...snapshot, mailboxes });
    expect(statuses(results)).toEqual(['pass info@contoso.com', 'fail sales@contoso.com', 'pass support@contoso.com', 'fail team@contoso.com']);
    expect(results[3]).toMatchObject({
      expected: 'SharedMailbox',
      actual: 'UserMailbox',
      remediation: { powershell: 'Set-Mailbox -Identity team@contoso.com -Type Shared' },
    });
  });

  it('reports error, not fail, when the mailboxes could not be read', async () => {
    const spec = await contoso();
    const ledger = new Map([['exchange.mailboxes' as const, { ok: false as const, error: '403 Forbidden', permission: 'Exchange.ManageAsApp' }]]);
    expect(statuses(runCheck('MBX.EXIST.1', spec, compliantSnapshot(spec), ledger))).toEqual([
      'error info@contoso.com',
      'error sales@contoso.com',
      'error support@contoso.com',
      'error team@contoso.com',
    ]);
  });
});
