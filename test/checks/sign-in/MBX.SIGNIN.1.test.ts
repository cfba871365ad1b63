import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox, withUser } from '../fixture.js';

describe('MBX.SIGNIN.1', () => {
  it('passes when every shared mailbox account is blocked', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.SIGNIN.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails when a shared mailbox account can sign in, with the Graph fix', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.SIGNIN.1', spec, withUser(compliantSnapshot(spec), 'info@contoso.com', { accountEnabled: true }));
    expect(statuses(results)[0]).toBe('fail info@contoso.com');
    expect(results[0]).toMatchObject({
      expected: 'blocked',
      actual: 'allowed',
      remediation: { powershell: 'Update-MgUser -UserId info@contoso.com -AccountEnabled:$false' },
    });
  });

  it('fails when the Entra user behind the mailbox is not found', async () => {
    const spec = await contoso();
    const snapshot = withMailbox(compliantSnapshot(spec), 'sales@contoso.com', { userId: 'ffffffff-0000-0000-0000-000000000000' });
    expect(statuses(runCheck('MBX.SIGNIN.1', spec, snapshot))[1]).toBe('fail sales@contoso.com');
  });
});
