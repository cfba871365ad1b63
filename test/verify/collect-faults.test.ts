/**
 * Collector failures never turn into a wrong pass or fail: a source that stays refused, throttled
 * (a 429 storm) or cut off (a dropped connection) makes the checks that read it `error`, and the
 * rest of the run goes on; a storm that ends is retried through and passes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { createCredential } from '../../src/m365/credential.js';
import { endpointsFrom } from '../../src/m365/endpoints.js';
import { ExchangeClient } from '../../src/m365/exchange/client.js';
import { GraphClient } from '../../src/m365/graph/client.js';
import { RequestStats } from '../../src/m365/stats.js';
import { loadSpecFile } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/types.js';
import { collect } from '../../src/verify/collect/index.js';
import { isProbeCheck } from '../../src/verify/probe-phase.js';
import { evaluate } from '../../src/verify/runner.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { provisionSpec } from '../helpers/provision.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
let spec: Spec;
const noWait = async (): Promise<void> => {};

/** Collect and evaluate with clients that do not sleep between retries (the faults send Retry-After: 0). */
async function verifyUnder(rules: unknown[]) {
  await emulator.control('PUT', 'faults', { seed: 3, rules });
  const endpoints = endpointsFrom(emulator.env);
  const credential = createCredential(emulator.env, endpoints);
  const stats = new RequestStats();
  const clients = {
    graph: new GraphClient(credential.token, endpoints, stats, { sleep: noWait, retryDelaySeconds: 0, maxRetries: 3 }),
    exchange: new ExchangeClient(credential.token, endpoints, credential.tenantId, stats, { sleep: noWait, random: () => 0, maxAttempts: 4 }),
  };
  const { snapshot, ledger } = await collect(spec, clients);
  // The collectors alone: the probes are another phase (test/probes/end-to-end.test.ts).
  const results = evaluate(
    spec,
    snapshot,
    ledger,
    CHECKS.filter((check) => !isProbeCheck(check.id)),
    { now: new Date(), locate: () => ({ line: 1, column: 1 }) },
  );
  const by = (status: string) => [...new Set(results.filter((result) => result.status === status).map((result) => result.checkId))].sort();
  return { results, ledger, stats: stats.snapshot(), errors: by('error'), fails: by('fail') };
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  const loaded = await loadSpecFile('examples/contoso.yaml');
  if (!loaded.ok) throw new Error('examples/contoso.yaml must be valid');
  spec = loaded.spec;
  await provisionSpec(new TenantAdmin(emulator), spec);
});
afterEach(() => emulator.control('PUT', 'faults', { rules: [] }));
afterAll(() => emulator.stop());

describe('collector failures', () => {
  it('turns a 429 storm on Get-MailboxPermission into error for the Full Access checks, after bounded retries', async () => {
    const run = await verifyUnder([{ surface: 'exchange', operation: 'Get-MailboxPermission', retryAfterSeconds: 0 }]);
    expect(run.ledger.get('exchange.fullAccess')).toMatchObject({ ok: false, status: 429 });
    expect(run.errors).toEqual(['MBX.ACCESS.1', 'MBX.ACCESS.3', 'MBX.APPSCOPE.3', 'MBX.AUTOMAP.1', 'MBX.FULLACCESS.1', 'MBX.GROUP.2']);
    expect(run.fails).toEqual([]);
    // Four attempts for each of the four mailboxes, no more.
    expect(run.stats.retries).toBe(12);
  });

  it('turns a connection dropped on every Get-CASMailbox into error for the protocol checks', async () => {
    const run = await verifyUnder([{ surface: 'exchange', operation: 'Get-CASMailbox', drop: true }]);
    expect(run.ledger.get('exchange.casMailboxes')).toMatchObject({ ok: false });
    expect(run.errors).toEqual(['MBX.DELEGATE.2', 'MBX.PROTOCOLS.1']);
    expect(run.fails).toEqual([]);
  });

  it('turns a Graph 429 storm on /users into error for the checks that read users', async () => {
    const run = await verifyUnder([{ surface: 'graph', operation: 'users.list', retryAfterSeconds: 0 }]);
    expect(run.ledger.get('graph.users')).toMatchObject({ ok: false, status: 429 });
    expect(run.errors).toEqual(['MBX.DELEGATE.1', 'MBX.LICENCE.1', 'MBX.LICENCE.2', 'MBX.SIGNIN.1']);
    expect(run.fails).toEqual([]);
  });

  it('retries through a storm that ends, and a dropped connection that recovers, to a clean pass', async () => {
    const run = await verifyUnder([
      { surface: 'exchange', operation: 'Get-Mailbox', retryAfterSeconds: 0, times: 2 },
      { surface: 'exchange', operation: 'Get-RecipientPermission', drop: true, times: 1 },
    ]);
    expect([...run.ledger.values()].every((outcome) => outcome.ok)).toBe(true);
    expect(run.errors).toEqual([]);
    expect(run.fails).toEqual([]);
    expect(run.stats.retries).toBe(3);
  });
});
