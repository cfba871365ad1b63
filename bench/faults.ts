/**
 * npm run bench:faults (issue 15): the fault matrix as figures. Contoso is provisioned on the
 * embedded tenant as `npm start` does it (the people, then `mbx apply --local`), one drift is made
 * (erika's Send As on sales@ removed, so the baseline holds failures too), and `mbx verify` with
 * probes runs once clean and once per seed with faults at about 10% of every surface's requests
 * (MBX_FAULT_SEEDS: a comma list or random:N; MBX_FAULT_RATE: another rate). Prints JSON: flips
 * between pass and fail (must be 0), the share of verdicts unchanged, wall time against the clean
 * run, retries, and probe messages left behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCommand } from '../src/cli/commands/apply.js';
import { demoCa } from '../src/cli/commands/demo.js';
import { createPeople } from '../src/cli/commands/people.js';
import { startEmulator } from '../src/emulator/index.js';
import { writeAtomically } from '../src/files.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { connectFromEnvironment } from '../src/m365/connect.js';
import { loadSpecFile } from '../src/spec/load.js';
import { baseline, seedRun, seedsFrom, type MatrixTenant, type SeedRun } from './fault-matrix.js';

const SPEC = join(PACKAGE_ROOT, 'examples', 'contoso.yaml');
const RATE = Number(process.env.MBX_FAULT_RATE ?? 0.1);
const tlsDir = join(PACKAGE_ROOT, '.mbx', 'tls');
const caPath = await demoCa(tlsDir);

if (process.env.NODE_EXTRA_CA_CERTS !== caPath) {
  // Node reads NODE_EXTRA_CA_CERTS only at start: run again trusting the emulator's CA (verification stays on).
  const child = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath } });
  process.exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
} else {
  const work = mkdtempSync(join(tmpdir(), 'mbx-bench-faults-'));
  const emulator = await startEmulator({ stateDir: join(work, 'tenant'), tlsDir });
  try {
    Object.assign(process.env, emulator.env);
    const loaded = await loadSpecFile(SPEC);
    if (!loaded.ok) throw new Error('examples/contoso.yaml must be valid');
    const clients = connectFromEnvironment(process.env);
    const delegates = await createPeople(loaded.spec, clients);
    const certificate = join(work, 'app.pem');
    const applied = await applyCommand(SPEC, { local: true, certificate });
    if (applied.kind !== 'applied' || !applied.result.ok) throw new Error('mbx apply --local failed');
    await clients.exchange.invoke('Remove-RecipientPermission', {
      Identity: 'sales@contoso.com',
      Trustee: 'erika.musterfrau@contoso.com',
      AccessRights: ['SendAs'],
      Confirm: false,
    });
    const credentials = join(work, 'probe-credentials.json');
    writeAtomically(credentials, JSON.stringify({ delegates, app: { certificatePath: certificate } }), 0o600);
    const control = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${emulator.url}/_emulator/${path}`, {
        method,
        headers: { authorization: `Bearer ${emulator.adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const tenant: MatrixTenant = { env: { ...process.env, MBX_PROBE_CREDENTIALS: credentials }, control };

    const base = await baseline(SPEC, tenant, join(work, 'reports'));
    const runs: SeedRun[] = [];
    for (const seed of seedsFrom(process.env, [11, 23, 37, 41, 59])) runs.push(await seedRun(SPEC, tenant, base, seed, RATE, join(work, 'reports')));
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const unchangedPct = (run: SeedRun): number => Math.round((1000 * run.unchanged) / run.total) / 10;
    console.log(
      JSON.stringify(
        {
          benchmark: 'faults',
          rate: RATE,
          results: base.statuses.size,
          baseline: { wallMs: base.wallMs, fail: [...base.statuses.values()].filter((status) => status === 'fail').length },
          runs: runs.map((run) => ({
            seed: run.seed,
            wallMs: run.wallMs,
            exitCode: run.exitCode,
            flips: run.flips.length,
            unchangedPct: unchangedPct(run),
            errors: run.errors.length,
            faulted: run.faulted,
            retries: run.retries,
            earlyRetries: run.earlyRetries,
            leftovers: run.leftovers.length,
            reportWritten: run.reportWritten,
          })),
          total: {
            flips: runs.reduce((sum, run) => sum + run.flips.length, 0),
            meanUnchangedPct: Math.round(mean(runs.map(unchangedPct)) * 10) / 10,
            meanWallMs: Math.round(mean(runs.map((run) => run.wallMs))),
            slowdown: Math.round((mean(runs.map((run) => run.wallMs)) / base.wallMs) * 10) / 10,
            leftovers: runs.reduce((sum, run) => sum + run.leftovers.length, 0),
            reportsWritten: runs.filter((run) => run.reportWritten).length,
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
