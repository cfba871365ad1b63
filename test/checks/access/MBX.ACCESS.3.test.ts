import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../../src/spec/load.js';
import type { Spec } from '../../../src/spec/types.js';
import { NOW, compliantSnapshot, contoso, runCheck } from '../fixture.js';

async function groupsSpec(): Promise<Spec> {
  const loaded = await loadSpecFile('examples/groups.yaml', { today: NOW });
  if (!loaded.ok) throw new Error('examples/groups.yaml must be valid');
  return loaded.spec;
}

describe('MBX.ACCESS.3', () => {
  it("passes when each client's user holds its rights, naming the path", async () => {
    const spec = await contoso();
    const info = runCheck('MBX.ACCESS.3', spec, compliantSnapshot(spec)).filter((result) => result.mailbox === 'info@contoso.com');
    expect(info.map((result) => [result.status, result.subject, result.actual])).toEqual([
      ['pass', 'max.mustermann@contoso.com Full Access', 'Full Access granted directly'],
      ['pass', 'max.mustermann@contoso.com Send As', 'Send As granted directly'],
    ]);
  });

  it("fails when the client's user left the group the grant runs through, naming the broken link", async () => {
    const spec = await groupsSpec();
    const base = compliantSnapshot(spec);
    const groups = new Map(base.groups);
    const team = groups.get('sales-team@contoso.com');
    if (team === undefined) throw new Error('the fixture has sales-team@');
    const without = (members: typeof team.members) => (members ?? []).filter((member) => member.address !== 'erika.musterfrau@contoso.com');
    groups.set(team.primaryAddress, { ...team, members: without(team.members), transitiveMembers: without(team.transitiveMembers) });
    const results = runCheck('MBX.ACCESS.3', spec, { ...base, groups });
    const failed = results.filter((result) => result.status === 'fail');
    expect(failed.map((result) => result.subject)).toEqual(['erika.musterfrau@contoso.com Full Access', 'erika.musterfrau@contoso.com Send As']);
    expect(failed[0]?.message).toContain(
      'erika.musterfrau@contoso.com is not a member of sales-team@contoso.com or of the groups inside it (sales-leads@contoso.com)',
    );
  });

  it('leaves a lost direct grant to the grant check, which reports it', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const fullAccess = new Map(base.fullAccess);
    fullAccess.set('info@contoso.com', []);
    const results = runCheck('MBX.ACCESS.3', spec, { ...base, fullAccess }).filter((result) => result.mailbox === 'info@contoso.com');
    expect(results.map((result) => [result.status, result.subject])).toEqual([
      ['skip', 'max.mustermann@contoso.com Full Access'],
      ['pass', 'max.mustermann@contoso.com Send As'],
    ]);
    expect(results[0]?.message).toContain('MBX.FULLACCESS.1 reports it');
  });
});
