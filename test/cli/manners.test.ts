/**
 * CLI manners (issue 22): colour by the NO_COLOR and FORCE_COLOR conventions, painted by picocolors,
 * and `-` for a spec read from standard input, named <stdin> in diagnostics.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/cli/colour.js';
import { textChunks } from '../../src/verify/render/text.js';
import type { CheckResult } from '../../src/verify/result.js';
import type { Report } from '../../src/verify/results.js';
import { HeldResults } from '../../src/verify/results.js';
import { CONTOSO_PATH, ROOT } from '../helpers/spec.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

function mbx(args: readonly string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(ROOT, 'bin', 'mbx.js'), ...args], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number((error as { code?: number }).code ?? 1), stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

describe('colour', () => {
  it('follows NO_COLOR, then FORCE_COLOR, then whether the stream is a terminal that is not dumb', () => {
    expect(wantsColour(tty, {})).toBe(true);
    expect(wantsColour(pipe, {})).toBe(false);
    expect(wantsColour(tty, { TERM: 'dumb' })).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColour(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('paints statuses only when asked, and titles the view with its command', () => {
    const report = {
      spec: { file: 'spec.yaml', sha256: '' },
      tenant: { id: 't', primaryDomain: 'contoso.onmicrosoft.com' },
      summary: { fail: 1, error: 0, warn: 0, pending: 0, waived: 0, skip: 0, pass: 0 },
      requests: { graph: 0, exchange: 0, retries: 0, total: 0 },
      durationMs: 0,
      sourceErrors: [],
      results: new HeldResults([
        {
          checkId: 'MBX.SIGNIN.1',
          title: 't',
          category: 'sign-in',
          severity: 'high',
          status: 'fail',
          mailbox: 'info@contoso.com',
          message: 'sign-in is enabled',
          sources: [],
          durationMs: 0,
          location: { file: 'spec.yaml', pointer: '', line: 1, column: 1 },
        } as unknown as CheckResult,
      ]),
    } as unknown as Report;
    const coloured = [...textChunks(report, { colour: true, command: 'mbx probe' })].join('');
    expect(coloured.startsWith('mbx probe spec.yaml against')).toBe(true);
    expect(coloured).toContain('\u001b[31mFAIL');
    expect([...textChunks(report, { colour: false })].join('')).not.toContain('\u001b[');
    // The summary ends on the verdict in words, as every other view opens with it (issue 30).
    expect([...textChunks(report, { colour: false })].join('').trimEnd().split('\n').at(-1)).toBe('Does not match the spec: 1 failure (1 high).');
  });
});

describe('a spec from standard input', () => {
  it('validates what - reads, naming it <stdin> in each diagnostic', async () => {
    const valid = await mbx(['validate', '-'], readFileSync(CONTOSO_PATH, 'utf8'));
    expect([valid.code, valid.stdout]).toEqual([0, '<stdin>: valid, 4 shared mailboxes\n']);
    const invalid = await mbx(['validate', '-'], 'version: 1\nfoo: 1\n');
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain("<stdin>:2:1  error    unknown key 'foo'");
  });

  it('refuses - for apply --local, which hands the spec to Pulumi by its path', async () => {
    const refused = await mbx(['apply', '--local', '-'], '');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('needs the spec as a file');
  });
});
