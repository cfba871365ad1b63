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

const PACKAGE = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; repository?: { url?: string } | string };

/** This mbx's version, from its package.json. */
export const MBX_VERSION = PACKAGE.version;

/** mbx's home on the web: package.json's repository (`https://github.com/<owner>/<repo>`). */
export const MBX_HOME_URL = ((): string => {
  const repository = typeof PACKAGE.repository === 'string' ? PACKAGE.repository : (PACKAGE.repository?.url ?? '');
  const github = /github\.com[/:]([^/]+)\/([^/.]+)/.exec(repository);
  return github === null ? 'https://github.com/mailbox-as-code/mbx' : `https://github.com/${github[1]}/${github[2]}`;
})();

/**
 * Where this version's files are read on the web: the repository at the tag of this version
 * (`<home>/blob/v<version>/`). Check links in every report start here, so they work on any machine
 * that opens the report, not only the one that wrote it.
 */
export const MBX_SOURCE_URL = `${MBX_HOME_URL}/blob/v${PACKAGE.version}/`;
