/**
 * A module of mbx as built in dist/ (npm test builds first), loaded by Node itself rather than
 * through Vite: code that Pulumi serializes must be the code the engine would run. Types come from
 * the source module the caller names.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `source` is the module's path under src/, such as `pulumi/local/runtime`. */
export async function built<T>(source: string): Promise<T> {
  const file = resolve('dist', 'src', `${source}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm test does) before this test`);
  return (await import(pathToFileURL(file).href)) as T;
}
