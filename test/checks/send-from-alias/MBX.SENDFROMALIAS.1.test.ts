import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.SENDFROMALIAS.1', () => {
  it('passes when SendFromAliasEnabled matches the spec', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.SENDFROMALIAS.1', spec, compliantSnapshot(spec)))).toEqual(['pass organization SendFromAliasEnabled']);
  });

  it('fails when it is off though a client sends from an alias, naming the mailbox', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.SENDFROMALIAS.1', spec, { ...compliantSnapshot(spec), organization: { sendFromAliasEnabled: false } });
    expect(results[0]).toMatchObject({
      status: 'fail',
      expected: true,
      actual: false,
      remediation: { powershell: 'Set-OrganizationConfig -SendFromAliasEnabled $true' },
    });
    expect(results[0]?.message).toContain('sales@contoso.com');
  });
});
