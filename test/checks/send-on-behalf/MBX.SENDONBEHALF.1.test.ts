import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses, withMailbox } from '../fixture.js';

describe('MBX.SENDONBEHALF.1', () => {
  it('passes when Send on Behalf is exactly as declared', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.SENDONBEHALF.1', spec, compliantSnapshot(spec)).map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails when a declared delegate lost Send on Behalf', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.SENDONBEHALF.1', spec, withMailbox(compliantSnapshot(spec), 'team@contoso.com', { grantSendOnBehalfTo: [] }));
    expect(statuses(results)[3]).toBe('fail team@contoso.com erika.musterfrau@contoso.com');
    expect(results[3]?.remediation?.powershell).toBe('Set-Mailbox -Identity team@contoso.com -GrantSendOnBehalfTo @{Add="erika.musterfrau@contoso.com"}');
  });
});
