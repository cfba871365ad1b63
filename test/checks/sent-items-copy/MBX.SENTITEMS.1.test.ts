import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

describe('MBX.SENTITEMS.1', () => {
  it('passes when both sent-items copies are as declared', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.SENTITEMS.1', spec, compliantSnapshot(spec)).every((result) => result.status === 'pass')).toBe(true);
  });

  it('fails for a copy turned off that the spec wants, and one turned on that it does not', async () => {
    const spec = await contoso();
    let snapshot = withMailbox(compliantSnapshot(spec), 'team@contoso.com', { messageCopyForSentAsEnabled: false });
    snapshot = withMailbox(snapshot, 'info@contoso.com', { messageCopyForSendOnBehalfEnabled: true });
    expect(statuses(runCheck('MBX.SENTITEMS.1', spec, snapshot)).filter((line) => line.startsWith('fail'))).toEqual([
      'fail info@contoso.com MessageCopyForSendOnBehalfEnabled',
      'fail team@contoso.com MessageCopyForSentAsEnabled',
    ]);
  });
});
