import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.SENDAS.1', () => {
  it('passes when Send As is exactly as declared', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.SENDAS.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails for a missing and an extra Send As trustee', async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const sendAs = new Map(snapshot.sendAs);
    sendAs.set('sales', ['lena.schmidt@contoso.com']);
    expect(statuses(runCheck('MBX.SENDAS.1', spec, { ...snapshot, sendAs })).filter((line) => line.startsWith('fail'))).toEqual([
      'fail sales@contoso.com erika.musterfrau@contoso.com',
      'fail sales@contoso.com lena.schmidt@contoso.com',
    ]);
  });
});
