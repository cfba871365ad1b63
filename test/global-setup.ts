/**
 * Runs once before the test workers start: makes (or reuses) the emulator's CA in a shared cache
 * folder and trusts it through NODE_EXTRA_CA_CERTS, which Node reads only at process start. This
 * is how users trust the emulator too; nothing turns TLS verification off.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../src/emulator/tls.js';

export const TEST_TLS_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache', 'mbx-test-tls');

export default async function setup(): Promise<void> {
  const tls = await ensureTls(TEST_TLS_DIR);
  process.env.NODE_EXTRA_CA_CERTS = tls.caPath;
  process.env.MBX_TEST_TLS_DIR = TEST_TLS_DIR;
  // mbx apply --local keeps its state per tenant: the tests' tenants keep theirs out of the checkout.
  process.env.MBX_STATE_DIR = mkdtempSync(join(tmpdir(), 'mbx-test-state-'));
}
