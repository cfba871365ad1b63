import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, runCheck, statuses } from '../fixture.js';

describe('MBX.PROTOCOLS.1', () => {
  it('passes when IMAP, POP and SMTP AUTH are as declared, following the organization where the mailbox does not say', async () => {
    const spec = await contoso();
    expect(runCheck('MBX.PROTOCOLS.1', spec, compliantSnapshot(spec)).every((result) => result.status === 'pass')).toBe(true);
  });

  it('fails for IMAP off where the client needs it, and for POP on where nothing needs it', async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const casMailboxes = new Map(snapshot.casMailboxes);
    casMailboxes.set('info', { imapEnabled: false, popEnabled: false, smtpClientAuthenticationDisabled: null });
    casMailboxes.set('team', { imapEnabled: false, popEnabled: true, smtpClientAuthenticationDisabled: null });
    const results = runCheck('MBX.PROTOCOLS.1', spec, { ...snapshot, casMailboxes }).filter((result) => result.status === 'fail');
    expect(statuses(results)).toEqual(['fail info@contoso.com IMAP', 'fail team@contoso.com POP']);
    expect(results[0]?.message).toContain('clients need it');
    expect(results[0]?.remediation?.powershell).toBe('Set-CASMailbox -Identity info@contoso.com -ImapEnabled $true');
  });

  it('fails for SMTP AUTH a mailbox inherits from an organization that allows it', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.PROTOCOLS.1', spec, { ...compliantSnapshot(spec), transport: { smtpClientAuthenticationDisabled: false } }).filter(
      (result) => result.status === 'fail',
    );
    // No shared mailbox of contoso needs SMTP AUTH: its delegates sign in to SMTP as themselves.
    expect(statuses(results)).toEqual([
      'fail info@contoso.com SMTP AUTH',
      'fail sales@contoso.com SMTP AUTH',
      'fail support@contoso.com SMTP AUTH',
      'fail team@contoso.com SMTP AUTH',
    ]);
  });
});
