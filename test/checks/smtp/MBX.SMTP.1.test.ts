import { describe, expect, it } from 'vitest';
import { contoso, probedSnapshot, runCheck, statuses, withProbeRuns, withRefusal } from '../fixture.js';

const DENIED =
  '554 5.2.252 SendAsDenied; max.mustermann@contoso.com not allowed to send as info@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied';

describe('MBX.SMTP.1', () => {
  it('passes for each address the client sends from over SMTP', async () => {
    const spec = await contoso();
    expect(statuses(runCheck('MBX.SMTP.1', spec, probedSnapshot(spec)).filter((result) => result.status !== 'skip'))).toEqual([
      'pass info@contoso.com info@contoso.com',
      'pass support@contoso.com support@contoso.com',
    ]);
  });

  it('fails with SendAsDenied where the directory shows no Send As, and is pending where it does', async () => {
    const spec = await contoso();
    const refused = withRefusal(probedSnapshot(spec), 'info@contoso.com', 'smtp', DENIED);
    const sendAs = new Map(refused.sendAs);
    sendAs.set('info', []);
    const [failed] = runCheck('MBX.SMTP.1', spec, { ...refused, sendAs });
    expect([failed?.status, failed?.evidence?.diagnosis]).toEqual(['fail', 'send-as-denied']);
    expect(failed?.remediation?.powershell).toContain('Add-RecipientPermission');
    const [pending] = runCheck('MBX.SMTP.1', spec, refused);
    expect(pending?.status).toBe('pending');
    expect(pending?.message).toContain('Send As for max.mustermann@contoso.com');
  });

  it('fails for SMTP AUTH off for the tenant, naming the per-mailbox fix', async () => {
    const spec = await contoso();
    const [result] = runCheck(
      'MBX.SMTP.1',
      spec,
      withRefusal(
        probedSnapshot(spec),
        'info@contoso.com',
        'smtp',
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
      ),
    );
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['fail', 'smtp-auth-tenant']);
    expect(result?.remediation?.spec).toContain('smtpAuth: true');
  });

  it('warns when probe messages could not be deleted', async () => {
    const spec = await contoso();
    const snapshot = probedSnapshot(spec);
    const runs = snapshot.probes?.get('support@contoso.com')?.runs ?? [];
    const results = runCheck(
      'MBX.SMTP.1',
      spec,
      withProbeRuns(snapshot, 'support@contoso.com', runs, { removed: 0, sent: 1, problem: 'No client of support@contoso.com reads it' }),
    );
    expect(statuses(results)).toContain('warn support@contoso.com clean-up');
  });
});
