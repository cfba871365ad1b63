/** Files that ship beside the compiled code (schemas, examples), found from the package root. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The mbx package root, whether running from src/ (tests) or dist/src/ (the built CLI). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const SPEC_SCHEMA_PATH = join(PACKAGE_ROOT, 'schemas', 'mailbox-spec.schema.json');

/** This mbx's version, from its package.json. */
export const MBX_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
