/**
 * Runs once before the test workers start: makes (or reuses) the emulator's CA in a shared cache
 * folder and trusts it through NODE_EXTRA_CA_CERTS, which Node reads only at process start. This
 * is how users trust the emulator too; nothing turns TLS verification off. After the run it lists
 * the tests skipped for want of a program (test/helpers/programs.ts), with the package to install.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../src/emulator/tls.js';

export const TEST_TLS_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache', 'mbx-test-tls');

export default async function setup(): Promise<() => void> {
  const tls = await ensureTls(TEST_TLS_DIR);
  process.env.NODE_EXTRA_CA_CERTS = tls.caPath;
  process.env.MBX_TEST_TLS_DIR = TEST_TLS_DIR;
  // mbx apply --local keeps its state per tenant: the tests' tenants keep theirs out of the checkout.
  process.env.MBX_STATE_DIR = mkdtempSync(join(tmpdir(), 'mbx-test-state-'));
  const skips = join(mkdtempSync(join(tmpdir(), 'mbx-test-skips-')), 'skips.jsonl');
  process.env.MBX_TEST_SKIPS = skips;
  return () => {
    if (!existsSync(skips)) return;
    const entries = readFileSync(skips, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { program: string; package: string; where: string });
    const byProgram = new Map<string, { package: string; count: number }>();
    for (const entry of entries) byProgram.set(entry.program, { package: entry.package, count: (byProgram.get(entry.program)?.count ?? 0) + 1 });
    const lines = [...byProgram].map(([program, { package: name, count }]) => `  ${program}: ${count} skipped (apt-get install ${name})`);
    process.stdout.write(`\nSkipped for want of a program (CI=true runs them, and fails where one is missing):\n${lines.join('\n')}\n`);
  };
}
