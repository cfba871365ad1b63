import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../src/spec/types.js';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

/** contoso with info@ declaring `archive` as given. */
const declaring = (spec: Spec, archive: boolean): Spec => ({
  ...spec,
  sharedMailboxes: spec.sharedMailboxes.map((mailbox, i) => (i === 0 ? { ...mailbox, archive, licence: 'EXCHANGEENTERPRISE' } : mailbox)),
});

describe('MBX.ARCHIVE.1', () => {
  it('passes for a declared archive that is active, and skips mailboxes whose spec leaves it open', async () => {
    const spec = declaring(await contoso(), true);
    const results = runCheck('MBX.ARCHIVE.1', spec, compliantSnapshot(spec));
    expect(results.map((result) => `${result.status} ${result.mailbox}`)).toEqual([
      'pass info@contoso.com',
      'skip sales@contoso.com',
      'skip support@contoso.com',
      'skip team@contoso.com',
    ]);
    expect(results[1]?.skipReason).toBe('not-declared');
  });

  it('fails for a declared archive that is missing, with Enable-Mailbox -Archive', async () => {
    const spec = declaring(await contoso(), true);
    const results = runCheck('MBX.ARCHIVE.1', spec, withMailbox(compliantSnapshot(spec), 'info@contoso.com', { archiveEnabled: false }));
    expect(statuses(results)[0]).toBe('fail info@contoso.com');
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
