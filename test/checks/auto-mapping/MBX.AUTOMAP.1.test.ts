import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.AUTOMAP.1', () => {
  it('never passes a direct user grant (Exchange does not expose -AutoMapping): not readable, said so (issue 29)', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.AUTOMAP.1', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual([
      'skip info@contoso.com',
      'skip sales@contoso.com erika.musterfrau@contoso.com',
      'skip support@contoso.com',
      'skip team@contoso.com lena.schmidt@contoso.com',
      'skip team@contoso.com erika.musterfrau@contoso.com',
    ]);
    expect(results[1]?.skipReason).toBe('not-readable');
    expect(results[1]?.message).toContain('Exchange does not expose whether -AutoMapping was set, so whether it auto-maps is not proven');
  });

  it('fails for auto-mapping asked of a group grant, and skips a grant that is missing', async () => {
    const spec = await contoso();
    const team = spec.sharedMailboxes[3];
    if (team === undefined) throw new Error('fixture');
    const withGroup = {
      ...spec,
      groups: [{ address: 'helpdesk@contoso.com', displayName: 'Helpdesk', pointer: '/groups/0' }],
      sharedMailboxes: [
        ...spec.sharedMailboxes.slice(0, 3),
        { ...team, fullAccess: [...team.fullAccess, { trustee: 'helpdesk@contoso.com', autoMapping: true, pointer: '/sharedMailboxes/3/fullAccess/2' }] },
      ],
    };
    const snapshot = compliantSnapshot(spec);
    const fullAccess = new Map(snapshot.fullAccess);
    fullAccess.set('team@contoso.com', [{ trustee: 'lena.schmidt@contoso.com', deny: false, inherited: false }]);
    const results = runCheck('MBX.AUTOMAP.1', withGroup, { ...snapshot, fullAccess }).filter((result) => result.mailbox === 'team@contoso.com');
    expect(statuses(results)).toEqual([
      'skip team@contoso.com lena.schmidt@contoso.com',
      'skip team@contoso.com erika.musterfrau@contoso.com',
      'fail team@contoso.com helpdesk@contoso.com',
    ]);
    expect(results[1]?.skipReason).toBe('depends-on');
  });
});
