/**
 * Clients this project did not write, as tests run them: Python and curl. A token never goes on
 * their command line, where `ps` and a failed command's error message would show it: Python reads
 * it from MBX_TEST_TOKEN, curl from a config file only this user can read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireProgram } from './programs.js';

const run = promisify(execFile);

/** Run a Python script with `args` as sys.argv[1:] and the token in os.environ["MBX_TEST_TOKEN"]; its stdout. */
export async function python(script: string, args: readonly string[], token = ''): Promise<string> {
  requireProgram('python3');
  return (await run('python3', ['-c', script, ...args], { env: { ...process.env, MBX_TEST_TOKEN: token } })).stdout;
}

/** Run curl, trusting `caPath`, with `config` lines (curl's --config syntax) and `input` on stdin; its stdout. */
export async function curl(caPath: string, config: readonly string[], input?: string): Promise<string> {
  requireProgram('curl');
  const dir = mkdtempSync(join(tmpdir(), 'mbx-curl-'));
  const file = join(dir, 'config');
  writeFileSync(file, `${config.join('\n')}\n`, { mode: 0o600 });
  try {
    const child = run('curl', ['--silent', '--show-error', '--cacert', caPath, '--config', file, ...(input === undefined ? [] : ['--upload-file', '-'])]);
    child.child.stdin?.end(input ?? '');
    return (await child).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
