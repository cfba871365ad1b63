import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.AUTOREPLY.1', () => {
  it("passes when the scheduled replies match, comparing the text inside Exchange's HTML and times as instants", async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.AUTOREPLY.1', spec, compliantSnapshot(spec)))).toEqual([
      'skip info@contoso.com',
      'skip sales@contoso.com',
      'skip support@contoso.com',
      'pass team@contoso.com',
    ]);
  });

  it('fails for each setting that drifted, with one command that restores them all', async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const autoReplies = new Map(snapshot.autoReplies);
    const team = autoReplies.get('team@contoso.com');
    if (team === undefined) throw new Error('fixture');
    autoReplies.set('team@contoso.com', { ...team, state: 'Enabled', externalMessage: '<p>Out until February.</p>', endTime: '2027-02-01T00:00:00.000Z' });
    const results = runCheck('MBX.AUTOREPLY.1', spec, { ...snapshot, autoReplies }).filter((result) => result.status === 'fail');
    expect(statuses(results)).toEqual(['fail team@contoso.com AutoReplyState', 'fail team@contoso.com ExternalMessage', 'fail team@contoso.com EndTime']);
    expect(results[0]?.remediation?.powershell).toMatch(
      /^Set-MailboxAutoReplyConfiguration -Identity team@contoso\.com -AutoReplyState Scheduled -ExternalAudience All -InternalMessage 'The team is away/,
    );
  });
});
