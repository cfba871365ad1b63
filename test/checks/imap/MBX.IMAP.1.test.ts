import { describe, expect, it } from 'vitest';
import { compliantSnapshot, contoso, probedSnapshot, runCheck, statuses, withProbeRuns, withRefusal } from '../fixture.js';

const AUTH_FAILED = 'NO AUTHENTICATE failed.';

describe('MBX.IMAP.1', () => {
  it('passes where the IMAP login as the client worked, and skips mailboxes no IMAP client uses', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.IMAP.1', spec, probedSnapshot(spec));
    expect(statuses(results)).toEqual([
      'pass info@contoso.com max.mustermann@contoso.com',
      'skip sales@contoso.com',
      'skip support@contoso.com',
      'skip team@contoso.com',
    ]);
    expect(results[0]?.durationMs).toBe(60);
    expect(results[0]?.timings?.map((step) => step.name)).toEqual(['connect and authenticate', 'the rest']);
  });

  it('fails with the diagnosis and its fix when the login is refused and the directory shows no Full Access', async () => {
    const spec = await contoso();
    const probed = withRefusal(probedSnapshot(spec), 'info@contoso.com', 'imap', AUTH_FAILED);
    const fullAccess = new Map(probed.fullAccess);
    fullAccess.set('info@contoso.com', []);
    const [result] = runCheck('MBX.IMAP.1', spec, { ...probed, fullAccess });
    expect(result?.status).toBe('fail');
    expect(result?.message).toContain('the server answered "NO AUTHENTICATE failed."');
    expect(result?.evidence).toMatchObject({ diagnosis: 'authenticate-failed', step: 'authenticate' });
    expect(result?.remediation?.powershell).toContain('Add-MailboxPermission');
  });

  it('is error, never fail, when Exchange was still throttling after the tries: no verdict, and no fix offered', async () => {
    const spec = await contoso();
    const [result] = runCheck(
      'MBX.IMAP.1',
      spec,
      withRefusal(probedSnapshot(spec), 'info@contoso.com', 'imap', 'NO Request is throttled. Suggested Backoff Time: 1000 milliseconds'),
    );
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['error', 'throttled']);
    expect(result?.message).toContain('not a verdict on the tenant');
    expect(result?.remediation).toBeUndefined();
  });

  it('is error for an answer mbx does not know', async () => {
    const spec = await contoso();
    const [result] = runCheck('MBX.IMAP.1', spec, withRefusal(probedSnapshot(spec), 'info@contoso.com', 'imap', 'NO Something new happened'));
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['error', 'unknown']);
  });

  it('is pending, not failed, when the directory already shows the Full Access the login lacks', async () => {
    const spec = await contoso();
    const [result] = runCheck('MBX.IMAP.1', spec, withRefusal(probedSnapshot(spec), 'info@contoso.com', 'imap', AUTH_FAILED));
    expect(result?.status).toBe('pending');
    expect(result?.message).toContain('--settle');
  });

  it('fails for IMAP off: "not connected" is no replication delay when the directory shows IMAP off', async () => {
    const spec = await contoso();
    const probed = withRefusal(probedSnapshot(spec), 'info@contoso.com', 'imap', 'NO User is authenticated but not connected.');
    const casMailboxes = new Map(compliantSnapshot(spec).casMailboxes);
    casMailboxes.set('info', { imapEnabled: false, popEnabled: false, smtpClientAuthenticationDisabled: false });
    expect(runCheck('MBX.IMAP.1', spec, { ...probed, casMailboxes })[0]?.status).toBe('fail');
  });

  it('skips, with the fix, where the probe has no credentials to sign in as the client', async () => {
    const spec = await contoso();
    const snapshot = probedSnapshot(spec);
    const run = snapshot.probes?.get('info@contoso.com')?.runs.find((candidate) => candidate.probe.kind === 'imap');
    const skipped = withProbeRuns(snapshot, 'info@contoso.com', [
      { probe: run!.probe, ran: false, reason: 'no-probe-credentials', message: 'no refresh token for max' },
    ]);
    const [result] = runCheck('MBX.IMAP.1', spec, skipped);
    expect([result?.status, result?.skipReason]).toEqual(['skip', 'no-probe-credentials']);
    expect(result?.skipText).toContain('MBX_PROBE_CREDENTIALS');
  });
});
