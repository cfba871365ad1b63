import { describe, expect, it } from 'vitest';
import type { GroupFacts } from '../../../src/verify/snapshot.js';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';
import { withSalesGroups } from './spec.js';

const changed = (snapshot: ReturnType<typeof compliantSnapshot>, address: string, change: Partial<GroupFacts> | undefined) => {
  const groups = new Map(snapshot.groups);
  if (change === undefined) groups.delete(address);
  else groups.set(address, { ...(groups.get(address) as GroupFacts), ...change });
  return { ...snapshot, groups };
};

describe('MBX.GROUP.1', () => {
  it('passes for declared mail-enabled security groups with exactly their members, and skips a spec without groups', async () => {
    const spec = withSalesGroups(await contoso());
    expect(statuses(runCheck('MBX.GROUP.1', spec, compliantSnapshot(spec)))).toEqual([
      'pass organization sales-team@contoso.com',
      'pass organization sales-leads@contoso.com',
    ]);
    const plain = await contoso();
    expect(runCheck('MBX.GROUP.1', plain, compliantSnapshot(plain))[0]).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });

  it('fails for an undeclared member (it gains every right of the group) and a missing one, with the commands that fix them', async () => {
    const spec = withSalesGroups(await contoso());
    const snapshot = changed(compliantSnapshot(spec), 'sales-leads@contoso.com', {
      members: [{ id: 'm', kind: 'user', address: 'max.mustermann@contoso.com' }],
    });
    const results = runCheck('MBX.GROUP.1', spec, snapshot).filter((result) => result.status === 'fail');
    expect(statuses(results)).toEqual(['fail organization lena.schmidt@contoso.com', 'fail organization max.mustermann@contoso.com']);
    expect(results[1]?.message).toBe(
      'max.mustermann@contoso.com is a member of sales-leads@contoso.com, which the spec does not declare: it holds every right the group holds.',
    );
    expect(results[1]?.remediation?.powershell).toBe(
      'Remove-DistributionGroupMember -Identity sales-leads@contoso.com -Member max.mustermann@contoso.com -BypassSecurityGroupManagerCheck -Confirm:$false',
    );
    expect(results[0]?.remediation?.powershell).toBe(
      'Add-DistributionGroupMember -Identity sales-leads@contoso.com -Member lena.schmidt@contoso.com -BypassSecurityGroupManagerCheck',
    );
    expect(results[0]?.location.pointer).toBe('/groups/1/members/0');
  });

  it('fails for a missing group and for a distribution group, whose grants reach nobody', async () => {
    const spec = withSalesGroups(await contoso());
    let snapshot = changed(compliantSnapshot(spec), 'sales-team@contoso.com', { recipientTypeDetails: 'MailUniversalDistributionGroup' });
    snapshot = changed(snapshot, 'sales-leads@contoso.com', undefined);
    const results = runCheck('MBX.GROUP.1', spec, snapshot);
    expect(results.map((result) => [result.status, result.actual])).toEqual([
      ['fail', 'MailUniversalDistributionGroup'],
      ['fail', 'missing'],
    ]);
    expect(results[1]?.remediation?.powershell).toBe(
      'New-DistributionGroup -Type Security -Name "Sales Leads" -PrimarySmtpAddress sales-leads@contoso.com -Members lena.schmidt@contoso.com',
    );
  });

  it('passes for an existing group the spec names without members, counting whom it holds, and never fails a member of it', async () => {
    const base = withSalesGroups(await contoso());
    const spec = { ...base, groups: base.groups.map((group) => (group.address === 'sales-leads@contoso.com' ? { ...group, members: undefined } : group)) };
    const snapshot = changed(compliantSnapshot(spec), 'sales-leads@contoso.com', {
      members: [{ id: 'm', kind: 'user', address: 'max.mustermann@contoso.com' }],
      transitiveMembers: [{ id: 'm', kind: 'user', address: 'max.mustermann@contoso.com' }],
    });
    const result = runCheck('MBX.GROUP.1', spec, snapshot).find((found) => found.subject === 'sales-leads@contoso.com');
    expect(result?.status).toBe('pass');
    expect(result?.message).toBe(
      'sales-leads@contoso.com is a mail-enabled security group whose membership the spec leaves to the tenant: 1 user in it, nested groups included (MBX.GROUP.2 says whom it lets into which mailbox).',
    );
  });
});
