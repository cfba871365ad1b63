/**
 * Shell completion (issue 22): the scripts `mbx completion bash|zsh|fish` print are loaded by each
 * real shell and complete commands, subcommands, options and option values from the CLI's own tree.
 * The shells are Debian's (.ci/run installs zsh and fish).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWith } from '../helpers/programs.js';
import { main } from '../../src/cli/main.js';

const run = promisify(execFile);
let dir: string;

async function script(shell: string): Promise<string> {
  let out = '';
  const code = await main(['completion', shell], { stdout: (text) => (out += text), stderr: () => undefined });
  expect(code).toBe(0);
  const file = join(dir, `mbx.${shell}`);
  writeFileSync(file, out);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-completion-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bash', () => {
  /** What bash offers at the end of `line` (a trailing space: a new word). */
  const offers = async (file: string, line: string): Promise<string[]> => {
    const words = line.split(' ');
    const program = `source ${file}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _mbx; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await run('bash', ['-c', program], { cwd: dir });
    return stdout.split('\n').filter((item) => item !== '');
  };

  it('completes commands, subcommands, options and their values', async () => {
    const file = await script('bash');
    expect(await offers(file, 'mbx ve')).toEqual(['verify']);
    expect(await offers(file, 'mbx ')).toEqual(expect.arrayContaining(['validate', 'verify', 'probe', 'export', 'report', 'completion']));
    expect(await offers(file, 'mbx report ')).toEqual(['merge']);
    expect(await offers(file, 'mbx verify mailboxes.yaml --fo')).toEqual(['--format']);
    expect(await offers(file, 'mbx verify --format ')).toEqual(['text', 'json', 'junit', 'sarif', 'markdown', 'html', 'csv']);
    expect(await offers(file, 'mbx report merge --fail-on h')).toEqual(['high']);
    expect(await offers(file, 'mbx report merge --fa')).toEqual(['--fail-on']);
    // A spec is a file: bash offers the files here.
    writeFileSync(join(dir, 'mailboxes.yaml'), 'version: 1\n');
    expect(await offers(file, 'mbx verify mail')).toEqual(['mailboxes.yaml']);
  });

  it('refuses a shell it does not know, with the ones it does', async () => {
    let err = '';
    const code = await main(['completion', 'tcsh'], { stdout: () => undefined, stderr: (text) => (err += text) });
    expect(code).toBe(2);
    expect(err).toContain("completion takes bash, zsh, fish; 'tcsh' is not one");
  });
});

describeWith('zsh')('zsh', () => {
  it('loads through bashcompinit and registers the completion for mbx', async () => {
    const file = await script('zsh');
    await run('zsh', ['-n', file]);
    const { stdout } = await run('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D; source ${file}; print -r -- \${_comps[mbx]}`], { cwd: dir });
    expect(stdout).toMatch(/_bash_complete.*-F _mbx/);
  });
});

describeWith('fish')('fish', () => {
  it('completes commands and options through complete -C', async () => {
    const file = await script('fish');
    await run('fish', ['--no-execute', file]);
    const complete = async (line: string): Promise<string[]> => {
      const { stdout } = await run('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], { cwd: dir });
      return stdout.split('\n').map((item) => item.split('\t')[0] ?? '');
    };
    expect(await complete('mbx ver')).toContain('verify');
    expect(await complete('mbx report ')).toContain('merge');
    expect(await complete('mbx verify --fail-on=')).toEqual(expect.arrayContaining(['--fail-on=critical', '--fail-on=high']));
    expect(await complete('mbx verify --out')).toContain('--out-dir');
  });
});
