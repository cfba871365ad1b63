/**
 * `mbx emulator` as its own process (the built CLI: npm test builds first), as users and CI run it:
 * started on free ports with a state folder, resolved once it has printed the environment clients need.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './spec.js';

export async function startEmulatorProcess(stateDir: string): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/mbx.js'), 'emulator', '--port', '0', '--smtp-port', '0', '--pop-port', '0', '--imap-port', '0', '--state-dir', stateDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('MBX_EMULATOR_TOKEN=')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
  });
  const env = Object.fromEntries([...output.matchAll(/^([A-Z_]+)='([^']*)'$/gm)].map((match) => [match[1] as string, match[2] as string]));
  return { child, env };
}
