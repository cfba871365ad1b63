import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

describe('MBX.ALIASES.1', () => {
  it('passes with the declared aliases, ignoring the onmicrosoft.com routing address', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.ALIASES.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails for a missing alias and an undeclared one', async () => {
    const spec = await contoso();
    const snapshot = withMailbox(compliantSnapshot(spec), 'sales@contoso.com', {
      smtpAddresses: ['sales@contoso.com', 'vertrieb@contoso.com', 'sales@contoso.onmicrosoft.com'],
    });
    const results = runCheck('MBX.ALIASES.1', spec, snapshot).filter((result) => result.status === 'fail');
    expect(statuses(results)).toEqual(['fail sales@contoso.com angebote@contoso.com', 'fail sales@contoso.com vertrieb@contoso.com']);
    expect(results[0]?.remediation?.powershell).toBe('Set-Mailbox -Identity sales@contoso.com -EmailAddresses @{Add="smtp:angebote@contoso.com"}');
  });
});
