/**
 * The env file the emulator writes names its CA and state by absolute paths (issue 30): sourced from
 * another folder than the one the emulator was started in, relative paths would name nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';

it('writes absolute paths to its env file when started with relative ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbx-paths-'));
  cpSync(process.env.MBX_TEST_TLS_DIR as string, join(dir, 'tls'), { recursive: true });
  const emulator = await startEmulator({ stateDir: relative(process.cwd(), join(dir, 'state')), tlsDir: relative(process.cwd(), join(dir, 'tls')) });
  try {
    expect(isAbsolute(emulator.stateDir)).toBe(true);
    expect(isAbsolute(emulator.env.NODE_EXTRA_CA_CERTS as string)).toBe(true);
    const written = readFileSync(join(dir, 'state', 'env'), 'utf8');
    expect(written).toContain(`NODE_EXTRA_CA_CERTS='${join(dir, 'tls', 'ca.pem')}'`);
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
