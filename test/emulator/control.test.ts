/**
 * The control API (admin token required) and the fault layer: rules as data, throttling that
 * names the cmdlet, Retry-After policing of the client, state export and import, counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFaults, parseFaultSet, PRESETS } from '../../src/emulator/faults/rules.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let admin: TenantAdmin;

beforeAll(async () => {
  emulator = await startTestEmulator();
  admin = new TenantAdmin(emulator);
});
afterAll(() => emulator.stop());

describe('control API', () => {
  it('refuses calls without the admin token', async () => {
    const anonymous = await fetch(`${emulator.url}/_emulator/state`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${emulator.url}/_emulator/state`, { headers: { authorization: 'Bearer mbx-admin-wrong' } });
    expect(wrong.status).toBe(401);
  });

  it('changes settings within their bounds', async () => {
    const set = await emulator.control('PUT', 'settings', { replicationDelaySeconds: 90 });
    expect(await set.json()).toMatchObject({ replicationDelaySeconds: 90 });
    expect((await emulator.control('PUT', 'settings', { replicationDelaySeconds: 99_999 })).status).toBe(400);
    expect((await emulator.control('PUT', 'settings', { colour: 1 })).status).toBe(400);
    await emulator.control('PUT', 'settings', { replicationDelaySeconds: 0 });
  });

  it('exports the state and imports it back after a reset', async () => {
    await admin.sharedMailbox('export@contoso.com');
    const exported = await (await emulator.control('GET', 'state')).json();
    expect((await emulator.control('POST', 'reset')).status).toBe(204);
    // After a reset the tenant is bootstrapped afresh: the mailbox is gone.
    const fresh = new TenantAdmin({ ...emulator, ...(await freshIdentity()) });
    expect((await fresh.exo('Get-Mailbox', { Identity: 'export@contoso.com' })).status).toBe(404);
    expect((await emulator.control('PUT', 'state', exported)).status).toBe(200);
    expect((await new TenantAdmin(emulator).exo('Get-Mailbox', { Identity: 'export@contoso.com' })).status).toBe(200);
    expect((await emulator.control('PUT', 'state', { nonsense: true })).status).toBe(400);
  });
});

/** After a reset the tenant id and bootstrap app id are new; the health endpoint and env tell them. */
async function freshIdentity(): Promise<{ tenantId: string; clientId: string }> {
  const state = (await (await emulator.control('GET', 'state')).json()) as { tenants: { info: { id: string; bootstrapClientId: string } }[] };
  const info = state.tenants[0]?.info as { id: string; bootstrapClientId: string };
  return { tenantId: info.id, clientId: info.bootstrapClientId };
}

describe('faults', () => {
  it('polices Retry-After per client, never per remote address: another app asking for a token from the same machine is not held back', async () => {
    const { tenantId } = await freshIdentity();
    const other = await admin.app('A client on 127.0.0.1');
    const otherSecret = await admin.secret(other.id);
    const second = await admin.app('Another client on 127.0.0.1');
    const secondSecret = await admin.secret(second.id);
    const token = (id: string, secret: string) =>
      fetch(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: id,
          client_secret: secret,
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      });
    await emulator.control('DELETE', 'counters');
    await emulator.control('PUT', 'faults', { rules: [{ surface: 'entra', operation: 'token', retryAfterSeconds: 30, times: 1 }] });
    try {
      expect((await token(other.appId, otherSecret)).status).toBe(429);
      // Another app asks at once from the same address: not policed, for it was told nothing.
      expect((await token(second.appId, secondSecret)).status).toBe(200);
      // The app that was told to wait and did not is.
      expect((await token(other.appId, otherSecret)).status).toBe(429);
      const counters = (await (await emulator.control('GET', 'counters')).json()) as { earlyRetries: number };
      expect(counters.earlyRetries).toBe(1);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
      await emulator.control('PUT', 'settings', { clockOffsetSeconds: 60 });
      await token(other.appId, otherSecret);
      await emulator.control('PUT', 'settings', { clockOffsetSeconds: 0 });
    }
  });

  it('throttles one cmdlet with 429 and Retry-After, and counts a client that retries too early', async () => {
    await emulator.control('DELETE', 'counters');
    const rules = {
      rules: [{ id: 'throttle-permissions', surface: 'exchange', operation: 'Get-MailboxPermission', status: 429, retryAfterSeconds: 30, times: 1 }],
    };
    expect((await emulator.control('PUT', 'faults', rules)).status).toBe(200);
    await admin.sharedMailbox('faults@contoso.com');
    const throttled = await admin.exo('Get-MailboxPermission', { Identity: 'faults@contoso.com' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('30');
    // Other cmdlets are not matched by the rule, but the client was told to wait, and did not.
    const early = await admin.exo('Get-Mailbox', { Identity: 'faults@contoso.com' });
    expect(early.status).toBe(429);
    const counters = (await (await emulator.control('GET', 'counters')).json()) as {
      earlyRetries: number;
      operations: Record<string, { requests: number; faults: number }>;
    };
    expect(counters.earlyRetries).toBe(1);
    expect(counters.operations['exchange Get-MailboxPermission']).toMatchObject({ requests: 1, faults: 1 });
    await emulator.control('PUT', 'faults', { rules: [] });
    await emulator.control('PUT', 'settings', { clockOffsetSeconds: 60 });
    expect((await admin.exo('Get-Mailbox', { Identity: 'faults@contoso.com' })).status).toBe(200);
    await emulator.control('PUT', 'settings', { clockOffsetSeconds: 0 });
  });

  it('delays answers and drops connections when a rule says so', async () => {
    await emulator.control('PUT', 'faults', {
      rules: [
        { surface: 'graph', operation: 'domains.list', latencyMs: 300 },
        { surface: 'graph', operation: 'subscribedSkus.list', drop: true },
      ],
    });
    try {
      const started = performance.now();
      expect((await admin.graph('GET', 'domains')).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      await expect(admin.graph('GET', 'subscribedSkus')).rejects.toThrow(/fetch failed/);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it('refuses rules that break the schema, naming the JSON pointer', async () => {
    const answer = await emulator.control('PUT', 'faults', { rules: [{ surface: 'graph', probability: 2, status: 503 }] });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toContain('/rules/0/probability');
    expect(() => parseFaultSet({ rules: [{ surface: 'graph' }] }, 'test')).toThrow(/EMULATOR|anyOf|must match/);
  });

  it('loads every preset, and names the presets when --faults is neither a preset nor a file', () => {
    for (const name of Object.keys(PRESETS)) expect(parseFaultSet(loadFaults(name), name)).toBeDefined();
    expect(() => loadFaults('no-such-preset')).toThrow(/graph-throttling, exchange-throttling, transient-5xx, slow, replication-delay/);
  });
});
