#!/usr/bin/env node
// The published entry: everything, including the exit code, is decided in src/cli/main.ts.
// In a checkout without a build (dist/ is made by `npm ci`, through `prepare`, or `npm run build`),
// build first and say so, rather than sit silent for half a minute or fail on a missing module.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(new URL('../dist/src/cli/main.js', import.meta.url))) {
  process.stderr.write('mbx: first run in this checkout: building mbx (npm run build, about 30 s, once)...\n');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (built.status !== 0) {
    process.stderr.write('mbx: the build failed (see above); run `npm ci` in the checkout, then try again\n');
    process.exit(2);
  }
  process.stderr.write('mbx: built.\n');
}
const { run } = await import('../dist/src/cli/main.js');
await run();
