/**
 * `npm start` itself, as a newcomer runs it: the emulator started, contoso applied locally and
 * verified green with probes, the tenant drifted and verified red, the reports written. Asserted
 * from its exit code and the reports it wrote (its --out-dir sent to a temporary folder).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument as Report } from '../../src/verify/result.js';

let out: string;
let run: { code: number; stdout: string; stderr: string };
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'mbx-report.json'), 'utf8')) as Report;
const failing = (of: Report) => of.results.filter((result) => result.status === 'fail').map((result) => `${result.checkId} ${result.mailbox ?? ''}`.trim());

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'mbx-start-'));
  run = await new Promise((resolve) => {
    execFile('npm', ['start', '--silent', '--', '--out-dir', out], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}, 130_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm start', () => {
  it('exits 0: provisioned green, and every drift found', () => {
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('The tenant holds what the spec says.');
    expect(run.stdout).toContain(`Reports: ${out}`);
  });

  it('verified the provisioned tenant green, probes included', () => {
    const green = report(join(out, 'provisioned'));
    expect(failing(green)).toEqual([]);
    expect(green.results.filter((result) => result.status === 'error' || result.status === 'pending')).toEqual([]);
    for (const probe of ['MBX.IMAP.1', 'MBX.SMTP.1', 'MBX.ROUNDTRIP.1', 'MBX.GRAPH.1'])
      expect(
        green.results.some((result) => result.checkId === probe && result.status === 'pass'),
        probe,
      ).toBe(true);
  });

  it('found the drift, with its remediation, in the reports it wrote', () => {
    const red = report(out);
    expect(failing(red)).toEqual(
      expect.arrayContaining(['MBX.SIGNIN.1 info@contoso.com', 'MBX.SENDAS.1 sales@contoso.com', 'MBX.SENDFROMALIAS.1', 'MBX.LICENCE.1 team@contoso.com']),
    );
    expect(red.results.find((result) => result.checkId === 'MBX.SIGNIN.1' && result.status === 'fail')?.remediation).toBeDefined();
    const junit = readFileSync(join(out, 'mbx-report.junit.xml'), 'utf8');
    expect(junit).toMatch(/failures="[1-9]\d*"/);
    expect(existsSync(join(out, 'mbx-report.html'))).toBe(true);
    // The action plan names each drift's finding, the sign-in one with the CIS control it breaks.
    expect(readFileSync(join(out, 'mbx-actions.csv'), 'utf8')).toMatch(/\r\nfail,high,MBX\.SIGNIN\.1,[^\r]*,CIS\.M365\.1\.2\.2,info@contoso\.com,/);
  });
});
