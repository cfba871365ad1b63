/**
 * The clients against the emulator: Graph $batch in chunks of 20 with the items Graph throttles
 * inside a batch sent again, and the Exchange client's retries on 429 and its typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../src/m365/credential.js';
import { endpointsFrom } from '../../src/m365/endpoints.js';
import { ExchangeClient, ExchangeError } from '../../src/m365/exchange/client.js';
import { GraphClient } from '../../src/m365/graph/client.js';
import { RequestStats } from '../../src/m365/stats.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { TenantAdmin } from '../helpers/tenant.js';

let emulator: TestEmulator;
const noWait = async (): Promise<void> => {};

function clients(stats: RequestStats) {
  const endpoints = endpointsFrom(emulator.env);
  const credential = createCredential(emulator.env, endpoints);
  return {
    graph: new GraphClient(credential.token, endpoints, stats, { sleep: noWait }),
    // Exchange keeps answering 429 to a client that retries before Retry-After has passed: wait for real.
    exchange: new ExchangeClient(credential.token, endpoints, credential.tenantId, stats, { concurrency: 2 }),
  };
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  const admin = new TenantAdmin(emulator);
  for (let index = 0; index < 25; index += 1) await admin.user(`batch${index}@contoso.com`, { licensed: false });
});
afterAll(() => emulator.stop());

describe('GraphClient.batch', () => {
  it('answers 25 requests in two $batch calls, sending again the items throttled inside a batch', async () => {
    await emulator.control('PUT', 'faults', { seed: 7, rules: [{ surface: 'graph', operation: 'users.get', retryAfterSeconds: 1, times: 3 }] });
    try {
      const stats = new RequestStats();
      const items = Array.from({ length: 25 }, (_, index) => ({ id: String(index), url: `/users/batch${index}@contoso.com?$select=id,userPrincipalName` }));
      const answers = await clients(stats).graph.batch(items);
      expect([...answers.values()].every((answer) => answer.status === 200)).toBe(true);
      expect((answers.get('24')?.body as { userPrincipalName: string }).userPrincipalName).toBe('batch24@contoso.com');
      expect(stats.retries).toBe(3);
      expect(stats.graph).toBe(3);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it('sends again the items a $batch answered 503, as it would a single request (issue 29), and keeps a 404 as the answer', async () => {
    await emulator.control('PUT', 'faults', { seed: 7, rules: [{ surface: 'graph', operation: 'users.get', status: 503, times: 4 }] });
    try {
      const stats = new RequestStats();
      const items = [
        ...Array.from({ length: 5 }, (_, index) => ({ id: String(index), url: `/users/batch${index}@contoso.com?$select=id,userPrincipalName` })),
        { id: 'gone', url: '/users/nobody@contoso.com?$select=id' },
      ];
      const answers = await clients(stats).graph.batch(items);
      expect([...answers].filter(([id]) => id !== 'gone').every(([, answer]) => answer.status === 200)).toBe(true);
      expect(answers.get('gone')?.status).toBe(404);
      expect(stats.retries).toBe(4);
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });
});

describe('ExchangeClient', () => {
  it('retries 429 answers and counts each request', async () => {
    await emulator.control('PUT', 'faults', { seed: 7, rules: [{ surface: 'exchange', operation: 'Get-OrganizationConfig', retryAfterSeconds: 1, times: 2 }] });
    try {
      const stats = new RequestStats();
      const [config] = await clients(stats).exchange.invoke('Get-OrganizationConfig');
      expect(config).toHaveProperty('SendFromAliasEnabled');
      expect(stats.snapshot()).toMatchObject({ exchange: 3, retries: 2 });
    } finally {
      await emulator.control('PUT', 'faults', { rules: [] });
    }
  });

  it("turns Exchange's error envelope into a typed error", async () => {
    const error = await clients(new RequestStats())
      .exchange.invoke('Get-Mailbox', { Identity: 'nobody@contoso.com' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error).toMatchObject({ status: 404, serviceCode: 'NotFound', notFound: true });
    expect((error as ExchangeError).exceptionType).toContain('ManagementObjectNotFoundException');
  });
});
