/**
 * README's runnable shell blocks (```sh runnable) run as written (issue 22): in a fresh folder
 * that holds only what a newcomer's checkout gives those commands (the examples, and `npx mbx`
 * resolving to this checkout's bin/mbx.js), with bash -e, as a newcomer would paste them. A block
 * that stops on an error, or leaves a process behind, fails here.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```sh runnable\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

/** The environment without a tenant's: a newcomer's shell has none of the emulator's or a test's variables. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AZURE_|MBX_|ARM_|NODE_EXTRA_CA_CERTS|ACTIONS_|SYSTEM_)/.test(name)));
  return { ...env, NO_COLOR: '1' };
}

describe("README's runnable blocks", () => {
  it('there is at least one, the by-hand emulator path', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((block, index) => {
    it(`block ${index + 1} runs as written`, { timeout: 240_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mbx-readme-'));
      try {
        writeFileSync(join(dir, 'package.json'), '{ "name": "newcomer", "private": true }\n');
        mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
        symlinkSync(resolve('bin/mbx.js'), join(dir, 'node_modules', '.bin', 'mbx'));
        symlinkSync(resolve('examples'), join(dir, 'examples'));
        const script = `set -eo pipefail\n${block}\nwait\n`;
        // A process group of its own, so that whatever the block started is stopped with it, even on a failure.
        const child = spawn('bash', ['-c', script], { cwd: dir, env: newcomerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((done) => child.on('close', done)).finally(() => {
          try {
            process.kill(-(child.pid as number), 'SIGTERM');
          } catch {
            // Nothing left to stop.
          }
        });
        expect(code, `${stdout}\n${stderr}`).toBe(0);
        // The by-hand path ends green: the last verify passed, with its probes.
        if (block.includes('MBX_PROBE_CREDENTIALS')) expect(stdout).toMatch(/\d+ results: [^\n]*pass[^\n]*\n(?![\s\S]*\d+ fail)/);
        expect(stderr).not.toMatch(/internal error/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
