import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

describe('MBX.FORWARDING.1', () => {
  it('passes when forwarding is as declared, on or off', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.FORWARDING.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails for undeclared forwarding and for a forward that no longer keeps a copy', async () => {
    const spec = await contoso();
    let snapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { forwardingSmtpAddress: 'someone@example.org' });
    snapshot = withMailbox(snapshot, 'team@contoso.com', { deliverToMailboxAndForward: false });
    const results = runCheck('MBX.FORWARDING.1', spec, snapshot).filter((result) => result.status === 'fail');
    expect(statuses(results)).toEqual(['fail info@contoso.com', 'fail team@contoso.com']);
    expect(results[0]?.remediation?.powershell).toBe('Set-Mailbox -Identity info@contoso.com -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false');
    expect(results[1]).toMatchObject({ expected: 'team-archive@contoso.com (keeping a copy)', actual: 'team-archive@contoso.com (without a copy)' });
  });
});
