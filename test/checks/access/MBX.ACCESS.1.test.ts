import { describe, expect, it } from 'vitest';
import type { MailAppFacts } from '../../../src/verify/access-facts.js';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

const backup: MailAppFacts = {
  servicePrincipalId: 'sp-backup',
  appId: 'b0000000-0000-0000-0000-00000000000b',
  displayName: 'Backup tool',
  application: [{ resource: 'Microsoft Graph', name: 'Mail.Read', since: '2026-11-20T08:00:00Z' }],
  delegated: [],
  rbac: [],
  accessPolicies: [],
};

describe('MBX.ACCESS.1', () => {
  it("passes when only the spec's app reaches the mailboxes", async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.ACCESS.1', spec, compliantSnapshot(spec)))).toEqual(spec.sharedMailboxes.map((mailbox) => `pass ${mailbox.address}`));
  });

  it('fails on every mailbox for an unscoped mail permission of another app, naming since when and by whom', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const audits = [
      {
        at: '2026-11-20T08:00:00Z',
        by: 'mallory@contoso.com',
        activity: 'Add app role assignment to service principal',
        targetId: 'sp-backup',
        targetName: 'Backup tool',
        modified: [],
      },
    ];
    const results = runCheck('MBX.ACCESS.1', spec, { ...base, mailApps: [...base.mailApps, backup], directoryAudits: audits });
    expect(results.map((result) => result.status)).toEqual(spec.sharedMailboxes.map(() => 'fail'));
    const info = results.find((result) => result.mailbox === 'info@contoso.com');
    expect(info?.message).toBe(
      'The app "Backup tool" (b0000000-0000-0000-0000-00000000000b) can read info@contoso.com through application permission Mail.Read (Microsoft Graph), on every mailbox: no RBAC scope or access policy limits it, since 2026-11-20T08:00:00Z (granted by mallory@contoso.com); the spec declares no such access.',
    );
    expect(info?.evidence).toMatchObject({ kind: 'app-permission', by: 'mallory@contoso.com' });
  });

  it('fails only where an RBAC role of another app reaches, and where a delegated consent acts for its people', async () => {
    const spec = await contoso();
    const base = compliantSnapshot(spec);
    const scoped = { ...backup, application: [], rbac: [{ role: 'Application Mail.Read', scope: 'Sales only', mailboxes: ['sales@contoso.com'] }] };
    expect(statuses(runCheck('MBX.ACCESS.1', spec, { ...base, mailApps: [...base.mailApps, scoped] })).filter((line) => line.startsWith('fail'))).toEqual([
      'fail sales@contoso.com Backup tool (b0000000-0000-0000-0000-00000000000b)',
    ]);
    const crm = { ...backup, application: [], delegated: [{ resource: 'Microsoft Graph', name: 'Mail.Read.Shared' }] };
    const failed = runCheck('MBX.ACCESS.1', spec, { ...base, mailApps: [...base.mailApps, crm] }).filter((result) => result.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.message).toContain('consented for every user: acts for');
  });

  it('reports an error, never a pass, when the apps could not be read', async () => {
    const spec = await contoso();
    const ledger = new Map([['graph.mailApps' as const, { ok: false as const, error: 'Forbidden', status: 403, permission: 'Application.Read.All' }]]);
    const results = runCheck('MBX.ACCESS.1', spec, compliantSnapshot(spec), ledger);
    expect(results.every((result) => result.status === 'error')).toBe(true);
  });
});
