import { describe, expect, it } from 'vitest';
import type { GroupFacts } from '../../../src/verify/snapshot.js';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';
import { withSalesGroups } from './spec.js';

describe('MBX.GROUP.2', () => {
  it('passes, naming who reaches the mailbox through which group with which rights, nested groups included', async () => {
    const spec = withSalesGroups(await contoso());
    const results = runCheck('MBX.GROUP.2', spec, compliantSnapshot(spec));
    expect(statuses(results)).toEqual([
      'skip info@contoso.com',
      'pass sales@contoso.com sales-team@contoso.com',
      'skip support@contoso.com',
      'skip team@contoso.com',
    ]);
    expect(results[1]?.message).toBe(
      '2 users reach sales@contoso.com (Full Access and Send As) through the group sales-team@contoso.com: erika.musterfrau@contoso.com, lena.schmidt@contoso.com.',
    );
  });

  it('fails for a user the spec does not expect, saying through which nested group it comes in', async () => {
    const spec = withSalesGroups(await contoso());
    const snapshot = compliantSnapshot(spec);
    const groups = new Map(snapshot.groups);
    const leads = groups.get('sales-leads@contoso.com') as GroupFacts;
    const team = groups.get('sales-team@contoso.com') as GroupFacts;
    const max = { id: 'm', kind: 'user' as const, address: 'max.mustermann@contoso.com' };
    groups.set('sales-leads@contoso.com', { ...leads, members: [...(leads.members ?? []), max] });
    groups.set('sales-team@contoso.com', { ...team, transitiveMembers: [...(team.transitiveMembers ?? []), max] });
    const results = runCheck('MBX.GROUP.2', spec, { ...snapshot, groups }).filter((result) => result.status === 'fail');
    expect(statuses(results)).toEqual(['fail sales@contoso.com max.mustermann@contoso.com']);
    expect(results[0]?.message).toBe(
      "max.mustermann@contoso.com reaches sales@contoso.com (Full Access and Send As) through the group sales-team@contoso.com (as a member of sales-leads@contoso.com), which the spec does not expect: it is not among the group's declared members.",
    );
    expect(results[0]?.remediation?.powershell).toBe(
      'Remove-DistributionGroupMember -Identity sales-leads@contoso.com -Member max.mustermann@contoso.com -BypassSecurityGroupManagerCheck -Confirm:$false',
    );
  });

  it('warns where an Outlook mailbox is granted through a group: Outlook does not auto-map it', async () => {
    const base = withSalesGroups(await contoso());
    const spec = {
      ...base,
      sharedMailboxes: base.sharedMailboxes.map((mailbox) =>
        mailbox.address === 'team@contoso.com'
          ? { ...mailbox, fullAccess: [...mailbox.fullAccess, { trustee: 'sales-leads@contoso.com', autoMapping: false, pointer: '/x' }] }
          : mailbox,
      ),
    };
    const results = runCheck('MBX.GROUP.2', spec, compliantSnapshot(spec)).filter((result) => result.mailbox === 'team@contoso.com');
    expect(results.map((result) => result.status)).toEqual(['pass', 'warn']);
    expect(results[1]?.message).toContain('Outlook does not auto-map a mailbox granted through a group');
  });
});
