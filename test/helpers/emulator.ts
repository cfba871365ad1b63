/**
 * Start an emulator for a test: a fresh state folder in the OS temp dir, the CA shared by all tests
 * (global-setup.ts), device codes polled every second. Stop it in afterAll; the folder is removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export interface TestEmulator extends RunningEmulator {
  /** Call the control API. */
  control(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'mbx-emulator-'));
  const emulator = await startEmulator({ tlsDir: process.env.MBX_TEST_TLS_DIR, deviceCodeIntervalSeconds: 1, ...options, stateDir });
  return {
    ...emulator,
    control: (method, path, body) =>
      fetch(`${emulator.url}/_emulator/${path}`, {
        method,
        headers: { authorization: `Bearer ${emulator.adminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    stop: async () => {
      await emulator.stop();
      if (options.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
