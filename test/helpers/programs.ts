/**
 * Programs this project did not write, which some tests drive (python3's imaplib, curl, msmtp,
 * offlineimap, Chromium, zsh, fish, pdftotext). On a machine with Node and npm alone, `npm test` passes: a
 * test that needs a program it cannot find is skipped, naming the program and the Debian package
 * that brings it, and the run ends with the list (test/global-setup.ts). Under CI=true, where
 * .ci/run installs them all, a missing program fails the test instead: CI runs everything.
 */
import { accessSync, appendFileSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { describe, it } from 'vitest';
import { getCurrentTest } from 'vitest/suite';

/** Each program, and the Debian package that brings it. */
export const PROGRAMS = {
  python3: 'python3',
  curl: 'curl',
  msmtp: 'msmtp',
  offlineimap: 'offlineimap',
  chromium: 'chromium',
  zsh: 'zsh',
  fish: 'fish',
  pdftotext: 'poppler-utils',
} as const;

export type Program = keyof typeof PROGRAMS;

/** Whether a missing program fails the test rather than skipping it. */
export const strict = (): boolean => process.env.CI === 'true';

/** Whether `command` (a name on PATH, or an absolute path) can be run. */
export function installed(command: string): boolean {
  const candidates = isAbsolute(command) ? [command] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const why = (program: Program, command: string): string =>
  `needs ${command} (Debian package ${PROGRAMS[program]}: apt-get install ${PROGRAMS[program]}), which is not installed`;

/** Notes the skip for the list the run ends with. */
function record(program: Program, where: string): void {
  const log = process.env.MBX_TEST_SKIPS;
  if (log !== undefined) appendFileSync(log, `${JSON.stringify({ program, package: PROGRAMS[program], where })}\n`);
}

/**
 * Inside a test: go on when `program` is there; else skip this test, naming it (or fail, under CI).
 * For helpers that run the program (python(), curl()).
 */
export function requireProgram(program: Program, command: string = program): void {
  if (installed(command)) return;
  if (strict()) throw new Error(`${why(program, command)}; under CI=true a missing program fails the test`);
  const test = getCurrentTest();
  record(program, test === undefined ? 'a test' : `${test.file?.name ?? ''} > ${test.name}`);
  test?.context.skip(why(program, command));
}

/** A describe that runs only where `program` is (always under CI, where its absence then fails). */
export function describeWith(program: Program, command: string = program): typeof describe.skip {
  if (installed(command) || strict()) return describe as typeof describe.skip;
  record(program, `tests that need ${command}`);
  return describe.skip;
}

/** An it that runs only where `program` is (always under CI, where its absence then fails). */
export function itWith(program: Program, command: string = program): typeof it.skip {
  if (installed(command) || strict()) return it as typeof it.skip;
  record(program, `a test that needs ${command}`);
  return it.skip;
}
