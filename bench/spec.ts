/**
 * npm run bench:spec: how long a 10,000-mailbox spec takes to validate (target: under 2 s on the
 * 2-core build machine). Generates a realistic spec (every profile, grants, aliases, waivers),
 * then times loadSpecFile in this process (clean, and with one warning, which needs source
 * positions), and `mbx validate` as a fresh process. Prints JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generate } from './generate-spec.js';
import { loadSpecFile } from '../src/spec/load.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const RUNS = Number(process.env.MBX_BENCH_RUNS ?? 5);

/** Runs work RUNS times and summarizes its wall-clock times in milliseconds. */
async function timeRuns(work: () => unknown): Promise<{ median: number; min: number; max: number }> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: Math.round(times[Math.floor(times.length / 2)]!), min: Math.round(times[0]!), max: Math.round(times[times.length - 1]!) };
}

const dir = mkdtempSync(join(tmpdir(), 'mbx-bench-'));
try {
  const file = join(dir, 'spec.yaml');
  const text = stringify(generate(MAILBOXES));
  writeFileSync(file, text);

  let valid = false;
  const inProcessMs = await timeRuns(async () => {
    const result = await loadSpecFile(file);
    valid = result.ok && result.warnings.length === 0;
  });

  // One warning forces the positioned parse that places it: the slow path, measured on its own.
  const warned = generate(MAILBOXES);
  (warned.sharedMailboxes[MAILBOXES - 1] as { signInBlocked?: boolean }).signInBlocked = false;
  const warnedFile = join(dir, 'warned.yaml');
  writeFileSync(warnedFile, stringify(warned));
  const withOneWarningMs = await timeRuns(() => loadSpecFile(warnedFile));

  const cliProcessMs = await timeRuns(() => execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'mbx.js'), 'validate', file], { stdio: 'pipe' }));

  console.log(
    JSON.stringify(
      {
        benchmark: 'spec-validate',
        mailboxes: MAILBOXES,
        bytes: Buffer.byteLength(text),
        lines: text.split('\n').length,
        valid,
        runs: RUNS,
        inProcessMs,
        withOneWarningMs,
        cliProcessMs,
        targetMs: 2000,
        peakRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
        node: process.version,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
