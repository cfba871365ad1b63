import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.PROTOCOLS.2', () => {
  it('passes when SMTP AUTH is off for the organization', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.PROTOCOLS.2', spec, compliantSnapshot(spec)))).toEqual(['pass organization SmtpClientAuthenticationDisabled']);
  });

  it('fails when it is on for the organization, and warns when the spec asks for that', async () => {
    const spec = await contoso();
    const open = { ...compliantSnapshot(spec), transport: { smtpClientAuthenticationDisabled: false } };
    expect(runCheck('MBX.PROTOCOLS.2', spec, open)[0]).toMatchObject({
      status: 'fail',
      remediation: { powershell: 'Set-TransportConfig -SmtpClientAuthenticationDisabled $true' },
    });
    const asked = { ...spec, organization: { ...spec.organization, smtpAuth: true } };
    expect(runCheck('MBX.PROTOCOLS.2', asked, open)[0]?.status).toBe('warn');
  });
});
