import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../src/spec/types.js';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

/** contoso with info@ declaring a 25 MB send limit. */
async function declaring(): Promise<Spec> {
  const spec = await contoso();
  return { ...spec, sharedMailboxes: spec.sharedMailboxes.map((mailbox, i) => (i === 0 ? { ...mailbox, maxSendSizeMB: 25 } : mailbox)) };
}

describe('MBX.SETTINGS.1', () => {
  it('passes where a declared setting holds, and judges nothing the spec leaves out', async () => {
    const spec = await declaring();
    expect(statuses(runCheck('MBX.SETTINGS.1', spec, compliantSnapshot(spec)))).toEqual(['pass info@contoso.com MaxSendSize']);
  });

  it('fails for a setting changed by hand, with the command that puts it back and the spec key', async () => {
    const spec = await declaring();
    const snapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { settings: { maxSendSizeMB: 35 } });
    const [result] = runCheck('MBX.SETTINGS.1', spec, snapshot);
    expect(result).toMatchObject({ status: 'fail', mailbox: 'info@contoso.com', subject: 'MaxSendSize', expected: '25 MB', actual: '35 MB' });
    expect(result?.remediation?.powershell).toBe('Set-Mailbox -Identity info@contoso.com -MaxSendSize 25MB');
    expect(result?.location.pointer).toBe('/sharedMailboxes/0/maxSendSizeMB');
  });

  it('fails where Exchange does not show the setting, rather than pass on nothing', async () => {
    const spec = await declaring();
    const [result] = runCheck('MBX.SETTINGS.1', spec, withMailbox(compliantSnapshot(spec), 'info@contoso.com', { settings: {} }));
    expect(result).toMatchObject({ status: 'fail', actual: 'unreadable' });
  });
});
