/**
 * `mbx report merge` proves coverage (issue 29): the shards of one run, each once, of one spec,
 * tenant and count. A missing or repeated shard makes the merged verdict "not proven" (exit 3,
 * whatever --allow-errors says), named at the top of every format; a JSON file that is not a
 * report, a folder or the same file twice is a named error, never a crash.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { mergeCommand } from '../../src/cli/commands/verify.js';
import { isMbxError } from '../../src/errors.js';
import { render } from '../../src/verify/render/index.js';
import type { ReportDocument } from '../../src/verify/result.js';
import { evaluate } from '../../src/verify/runner.js';
import { allSourcesOk, compliantSnapshot, contoso, NOW, reportOf } from '../checks/fixture.js';

let dir: string;
/** Shard i of 3, green. */
const shard = (index: number): string => join(dir, `shard-${index}.json`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-merge-coverage-'));
  const spec = await contoso();
  const snapshot = compliantSnapshot(spec);
  for (const index of [1, 2, 3]) {
    const options = { now: NOW, locate: () => ({ line: 3, column: 5 }), shard: { index, count: 3 } };
    writeFileSync(shard(index), render({ ...reportOf(evaluate(spec, snapshot, allSourcesOk(), CHECKS, options)), shard: { index, count: 3 } }, 'json'));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const merge = (files: string[], outDir = join(dir, `out-${files.length}-${Math.random().toString(36).slice(2)}`)) =>
  mergeCommand(files, { format: 'text,json,junit,sarif,markdown,html', outDir, failOn: 'info', allowErrors: true }, false).then((merged) => ({
    ...merged,
    outDir,
    file: (name: string) => readFileSync(join(outDir, name), 'utf8'),
  }));

describe('report merge proves coverage', () => {
  it('passes the whole set (exit 0) and says nothing of coverage', async () => {
    const merged = await merge([shard(1), shard(2), shard(3)]);
    expect(merged.exitCode).toBe(0);
    expect((JSON.parse(merged.file('mbx-report.json')) as ReportDocument).runErrors).toBeUndefined();
  });

  it('a missing shard: not proven, exit 3 even with --allow-errors, named at the top of every format', async () => {
    const merged = await merge([shard(1), shard(3)]);
    expect(merged.exitCode).toBe(3);
    const json = JSON.parse(merged.file('mbx-report.json')) as ReportDocument;
    expect(json.runErrors).toEqual([{ code: 'SHARDS_INCOMPLETE', message: expect.stringContaining('shard 2/3 is missing') }]);
    expect(merged.output).toMatch(/^mbx report merge .*\n\nSTOPPED \[SHARDS_INCOMPLETE\] shard 2\/3 is missing/);
    expect(merged.file('mbx-report.md')).toMatch(/^## ⚠️ Not proven: the run did not check everything \(SHARDS\\_INCOMPLETE\)/);
    expect(merged.file('mbx-report.md')).toContain('shard 2/3 is missing');
    expect(merged.file('mbx-report.html')).toContain('<p class="verdict incomplete"');
    expect(merged.file('mbx-report.html')).toContain('shard 2/3 is missing');
    expect(merged.file('mbx-report.junit.xml')).toMatch(/<testcase name="the run: SHARDS_INCOMPLETE"[^>]*>\s*<error message="shard 2\/3 is missing/);
    const sarif = JSON.parse(merged.file('mbx-report.sarif')) as {
      runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
    };
    expect(sarif.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications).toHaveLength(1);
  });

  it('the one shard of two that a cancelled matrix job left: exit 3, naming the other', async () => {
    const merged = await merge([shard(2)]);
    expect(merged.exitCode).toBe(3);
    expect(merged.output).toContain('shards 1/3, 3/3 are missing');
  });

  it('a shard given twice (a re-run job): not proven, naming both files', async () => {
    const again = join(dir, 'shard-2-rerun.json');
    writeFileSync(again, readFileSync(shard(2)));
    const merged = await merge([shard(1), shard(2), again, shard(3)]);
    expect(merged.exitCode).toBe(3);
    expect(merged.output).toContain(`shard 2/3 is given 2 times (${shard(2)}, ${again})`);
  });

  it('shards of runs split different ways, or a whole run among shards: not proven', async () => {
    const other = JSON.parse(readFileSync(shard(2), 'utf8')) as ReportDocument;
    const twoWays = join(dir, 'two-ways.json');
    writeFileSync(twoWays, JSON.stringify({ ...other, shard: { index: 2, count: 2 } }));
    expect((await merge([shard(1), twoWays])).output).toContain('split 3 ways and 2 ways');
    const whole = join(dir, 'whole.json');
    writeFileSync(whole, JSON.stringify({ ...other, shard: undefined }));
    const merged = await merge([shard(1), whole]);
    expect(merged.exitCode).toBe(3);
    expect(merged.output).toContain(`${whole} is the report of a whole run, not of a shard`);
  });

  it('names the file of another spec or tenant, not `undefined`', async () => {
    const foreign = join(dir, 'foreign.json');
    const document = JSON.parse(readFileSync(shard(2), 'utf8')) as ReportDocument;
    writeFileSync(foreign, JSON.stringify({ ...document, tenant: { ...document.tenant, id: 'another-tenant' } }));
    await expect(merge([shard(1), foreign])).rejects.toThrow(`${foreign} was verified from another spec or tenant`);
  });

  it('refuses what is not a report with a named error: no crash, no content quoted', async () => {
    const cases: Record<string, string> = {
      'not-json.json': 'password=hunter2 {',
      'array.json': '[1, 2, 3]',
      'number.json': '42',
      'null.json': 'null',
      'empty-object.json': '{}',
      'snapshot.json': JSON.stringify({ snapshotVersion: 1, takenAt: '2026-12-01T00:00:00Z', tenant: {} }),
      'sarif.json': JSON.stringify({ version: '2.1.0', runs: [] }),
      'results-not-array.json': JSON.stringify({ ...(JSON.parse(readFileSync(shard(1), 'utf8')) as object), results: 'none' }),
      'bad-result.json': JSON.stringify({ ...(JSON.parse(readFileSync(shard(1), 'utf8')) as object), results: [{ checkId: 1 }] }),
      'truncated.json': readFileSync(shard(1), 'utf8').slice(0, 2000),
      'empty.json': '',
    };
    for (const [name, text] of Object.entries(cases)) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const error = await merge([path]).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isMbxError(error), name).toBe(true);
      expect((error as Error).message, name).toContain(`${path} is not a report mbx verify wrote as JSON`);
      expect((error as Error).message, name).not.toContain('hunter2');
    }
    const folder = join(dir, 'a-folder.json');
    mkdirSync(folder);
    await expect(merge([folder])).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(merge([shard(1), shard(1)])).rejects.toThrow('is given twice');
  });
});
