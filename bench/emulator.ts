/**
 * npm run bench:emulator: the emulator's throughput and memory with a big tenant loaded (targets:
 * 1,500 requests/s or more on one core; under 300 MB resident at 10,000 shared mailboxes with
 * five grants each). The emulator runs as `mbx emulator` in its own process, so it has one core
 * to itself; this process loads the tenant through the control API (state import), then drives
 * each scenario with 16 concurrent keep-alive HTTPS clients for a fixed number of requests, and
 * reads the emulator's resident memory from /proc. Prints JSON.
 * To profile the emulator: MBX_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (the child
 * is stopped with SIGTERM, so it writes its profile).
 */
import { loadTenant, percentile, startBenchEmulator, type Answer } from './harness.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const REQUESTS = Number(process.env.MBX_BENCH_REQUESTS ?? 4_000);
const CONCURRENCY = 16;
const SHAPE = { mailboxes: MAILBOXES, delegates: 50, fullAccessPerMailbox: 3, sendAsPerMailbox: 2 };

const emulator = await startBenchEmulator({
  concurrency: CONCURRENCY,
  nodeArgs: (process.env.MBX_BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
});
try {
  const { env, call } = emulator;
  // Load the tenant: the bootstrap export plus delegates, shared mailboxes and five grants per mailbox.
  const loadMs = await loadTenant(emulator, SHAPE);

  const exchange = { authorization: `Bearer ${await emulator.token('https://outlook.office365.com')}`, 'content-type': 'application/json' };
  const graph = { authorization: `Bearer ${await emulator.token('https://graph.microsoft.com')}` };
  const invoke = (cmdlet: string, parameters: object): string => JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
  const page = (index: number, size: number): string => Buffer.from(String((index * size) % MAILBOXES)).toString('base64url');

  const scenarios: { name: string; send: (index: number) => Promise<Answer> }[] = [
    {
      name: 'Get-Mailbox, pages of 100 (Prefer: odata.maxpagesize=100)',
      send: (index) =>
        call(
          'POST',
          `/adminapi/beta/${env.AZURE_TENANT_ID}/InvokeCommand?$skiptoken=${page(index, 100)}`,
          { ...exchange, prefer: 'odata.maxpagesize=100' },
          invoke('Get-Mailbox', { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' }),
        ),
    },
    {
      name: 'Get-MailboxPermission of one mailbox',
      send: (index) =>
        call(
          'POST',
          `/adminapi/beta/${env.AZURE_TENANT_ID}/InvokeCommand`,
          exchange,
          invoke('Get-MailboxPermission', { Identity: `shared${(index * 7919) % MAILBOXES}@contoso.com` }),
        ),
    },
    {
      name: 'Graph GET /users, pages of 100',
      send: (index) =>
        call('GET', `/v1.0/users?$select=id,userPrincipalName,accountEnabled,assignedLicenses,usageLocation&$top=100&$skiptoken=${page(index, 100)}`, graph),
    },
  ];

  const results = [];
  for (const scenario of scenarios) {
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const index = next++;
          const sent = performance.now();
          const answer = await scenario.send(index);
          latencies.push(performance.now() - sent);
          if (answer.status !== 200) failures += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    results.push({
      scenario: scenario.name,
      requests: REQUESTS,
      failures,
      requestsPerSecond: Math.round(REQUESTS / seconds),
      p50Ms: Number(percentile(latencies, 0.5).toFixed(2)),
      p99Ms: Number(percentile(latencies, 0.99).toFixed(2)),
    });
  }

  console.log(
    JSON.stringify(
      {
        tenant: {
          sharedMailboxes: MAILBOXES,
          delegates: SHAPE.delegates,
          fullAccessGrants: MAILBOXES * SHAPE.fullAccessPerMailbox,
          sendAsGrants: MAILBOXES * SHAPE.sendAsPerMailbox,
          loadMs,
        },
        concurrency: CONCURRENCY,
        scenarios: results,
        emulatorMemoryMB: emulator.memoryMB(),
        targets: { requestsPerSecond: 1500, residentMB: 300 },
      },
      null,
      2,
    ),
  );
} finally {
  await emulator.stop();
}
