import { describe, expect, it } from 'vitest';
import { contoso, probedSnapshot, runCheck, statuses, withProbeRuns, withRefusal } from '../fixture.js';

describe('MBX.ROUNDTRIP.1', () => {
  it('passes when the probe message arrived, with its latency', async () => {
    const spec = await contoso();
    const results = runCheck('MBX.ROUNDTRIP.1', spec, probedSnapshot(spec));
    expect(statuses(results)[0]).toBe('pass info@contoso.com max.mustermann@contoso.com');
    expect(results[0]?.message).toContain('150 ms after submission');
    expect(results[0]?.evidence?.roundTripMs).toBe(150);
  });

  it('fails when the message did not arrive in the time allowed on a working connection', async () => {
    const spec = await contoso();
    const [result] = runCheck(
      'MBX.ROUNDTRIP.1',
      spec,
      withRefusal(probedSnapshot(spec), 'info@contoso.com', 'round-trip', 'The probe message did not arrive in info@contoso.com within 60000 ms.'),
    );
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['fail', 'not-arrived']);
    expect(result?.message).toContain('did not arrive');
  });

  it('is error, not fail, when the connection kept dropping while it awaited the message', async () => {
    const spec = await contoso();
    const [result] = runCheck('MBX.ROUNDTRIP.1', spec, withRefusal(probedSnapshot(spec), 'info@contoso.com', 'round-trip', 'Connection not available'));
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['error', 'connection-failed']);
  });

  it('skips, pointing at MBX.SMTP.1, when the message could not be sent', async () => {
    const spec = await contoso();
    const snapshot = probedSnapshot(spec);
    const runs = (snapshot.probes?.get('info@contoso.com')?.runs ?? []).map((run) =>
      run.probe.kind === 'round-trip' ? { probe: run.probe, ran: false as const, reason: 'depends-on' as const, message: 'MBX.SMTP.1 reports why' } : run,
    );
    const [result] = runCheck('MBX.ROUNDTRIP.1', spec, withProbeRuns(snapshot, 'info@contoso.com', runs));
    expect([result?.status, result?.skipReason]).toEqual(['skip', 'depends-on']);
  });
});
