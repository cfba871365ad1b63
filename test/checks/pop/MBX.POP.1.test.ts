import { describe, expect, it } from 'vitest';
import type { PlannedProbe } from '../../../src/probes/plan.js';
import { contoso, probedSnapshot, runCheck, statuses, withProbeRuns, withRefusal } from '../fixture.js';

// contoso has no POP client: info@ is given one here, as a client that downloads by POP3 would be.
const POP: PlannedProbe = {
  mailbox: 'info@contoso.com',
  kind: 'pop',
  identity: 'delegate',
  user: 'max.mustermann@contoso.com',
  scopes: [],
  pointer: '/sharedMailboxes/0/clients/0',
};
const ok = { ok: true as const, steps: [{ name: 'authenticate', ms: 12 }], detail: { messages: 4 } };

describe('MBX.POP.1', () => {
  it('passes where the POP3 login, STAT and UIDL worked', async () => {
    const spec = await contoso();
    const snapshot = withProbeRuns(probedSnapshot(spec), 'info@contoso.com', [
      { probe: POP, ran: true, actions: [{ label: 'log in, STAT, UIDL', outcome: ok }] },
    ]);
    const results = runCheck('MBX.POP.1', spec, snapshot);
    expect(statuses(results)[0]).toBe('pass info@contoso.com max.mustermann@contoso.com');
    expect(results[0]?.message).toContain('4 messages');
  });

  it('fails when POP is off for the mailbox, with the Set-CASMailbox fix', async () => {
    const spec = await contoso();
    const base = withProbeRuns(probedSnapshot(spec), 'info@contoso.com', [{ probe: POP, ran: true, actions: [{ label: 'log in, STAT, UIDL', outcome: ok }] }]);
    const [result] = runCheck('MBX.POP.1', spec, withRefusal(base, 'info@contoso.com', 'pop', '-ERR User is authenticated but not connected.'));
    // The directory shows POP off (contoso keeps it off), so this is no replication delay.
    expect([result?.status, result?.evidence?.diagnosis]).toEqual(['fail', 'not-connected']);
    expect(result?.remediation?.powershell).toContain('-PopEnabled $true');
  });
});
