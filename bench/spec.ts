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
import { timeRuns } from './harness.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const RUNS = Number(process.env.MBX_BENCH_RUNS ?? 5);

const dir = mkdtempSync(join(tmpdir(), 'mbx-bench-'));
try {
  const file = join(dir, 'spec.yaml');
  const text = stringify(generate(MAILBOXES));
  writeFileSync(file, text);

  let valid = false;
  const inProcessMs = await timeRuns(RUNS, async () => {
    const result = await loadSpecFile(file);
    valid = result.ok && result.warnings.length === 0;
  });

  // One warning forces the positioned parse that places it: the slow path, measured on its own.
  const warned = generate(MAILBOXES);
  (warned.sharedMailboxes[MAILBOXES - 1] as { signInBlocked?: boolean }).signInBlocked = false;
  const warnedFile = join(dir, 'warned.yaml');
  writeFileSync(warnedFile, stringify(warned));
  const withOneWarningMs = await timeRuns(RUNS, () => loadSpecFile(warnedFile));

  const cliProcessMs = await timeRuns(RUNS, () => execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'mbx.js'), 'validate', file], { stdio: 'pipe' }));

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
