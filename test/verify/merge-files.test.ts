/**
 * `mbx report merge` reads the shards' JSON reports a line at a time (report-files.ts): the merged
 * results are those of the reports read whole, in report order, for every view; a file another
 * tool re-formatted, or one not in report order, is read whole instead, with the same outcome.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { mergeCommand } from '../../src/cli/commands/verify.js';
import { mergeDocuments } from '../../src/verify/merge.js';
import { render } from '../../src/verify/render/index.js';
import { FileResults, readReports } from '../../src/verify/report-files.js';
import type { CheckResult, ReportDocument } from '../../src/verify/result.js';
import { evaluate, type RunOptions } from '../../src/verify/runner.js';
import { allSourcesOk, compliantSnapshot, contoso, NOW, reportOf, withMailbox } from '../checks/fixture.js';

let dir: string;
let paths: string[];
let documents: ReportDocument[];
const options = (shard: number): RunOptions => ({ now: NOW, locate: () => ({ line: 3, column: 5 }), shard: { index: shard, count: 3 } });
const key = (result: CheckResult) => JSON.stringify(result);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mbx-merge-'));
  const spec = await contoso();
  const snapshot = withMailbox(withMailbox(compliantSnapshot(spec), 'team@contoso.com', { forwardingSmtpAddress: 'x@example.org' }), 'info@contoso.com', {
    messageCopyForSentAsEnabled: false,
  });
  paths = [];
  documents = [];
  for (const shard of [1, 2, 3]) {
    const report = { ...reportOf(evaluate(spec, snapshot, allSourcesOk(), CHECKS, options(shard))), shard: { index: shard, count: 3 } };
    const path = join(dir, `shard-${shard}.json`);
    writeFileSync(path, render(report, 'json'));
    paths.push(path);
    documents.push(JSON.parse(readFileSync(path, 'utf8')) as ReportDocument);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report merge, a line at a time', () => {
  it('gives the results of the reports read whole, in report order, for every selection', () => {
    const lined = FileResults.open(paths);
    expect(lined).toBeDefined();
    const whole = mergeDocuments(documents).results;
    const results = lined?.results as FileResults;
    expect([...results].map(key)).toEqual([...whole].map(key));
    expect(results.summary).toEqual(whole.summary);
    expect(results.notable.map(key)).toEqual(whole.notable.map(key));
    expect(results.summary.pass).toBeGreaterThan(0);
    for (const category of whole.categories.keys()) expect([...results.select({ category })].map(key)).toEqual([...whole.select({ category })].map(key));
    expect([...results.select({ checkId: 'MBX.SENDAS.1', statuses: new Set(['pass']) })].map(key)).toEqual(
      [...whole.select({ checkId: 'MBX.SENDAS.1', statuses: new Set(['pass']) })].map(key),
    );
    expect(results.passedOrSkipped(['info@contoso.com', ''])).toEqual(whole.passedOrSkipped(['info@contoso.com', '']));
  });

  it('reads whole a report another tool re-formatted, or one not in report order, with the same outcome', () => {
    const pretty = join(dir, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(documents[1], null, 2));
    const unordered = join(dir, 'unordered.json');
    writeFileSync(unordered, `${JSON.stringify({ ...documents[2], results: [...(documents[2] as ReportDocument).results].reverse() }, null, 1)}\n`);
    for (const odd of [pretty, unordered]) {
      const files = [paths[0] as string, odd];
      expect(FileResults.open(files)).toBeUndefined();
      const read = readReports(files);
      expect(read.results.summary).toEqual(
        mergeDocuments([documents[0] as ReportDocument, JSON.parse(readFileSync(odd, 'utf8')) as ReportDocument]).results.summary,
      );
    }
  });

  it('writes the merged report in every format, the JSON equal to the reports merged whole', async () => {
    const out = join(dir, 'merged');
    const merged = await mergeCommand(paths, { format: 'json,junit,html,markdown,sarif,text', outDir: out, failOn: 'critical' }, false);
    expect(merged.exitCode).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'mbx-report.json'), 'utf8')) as ReportDocument;
    expect(json.results.map(key)).toEqual([...mergeDocuments(documents).results].map(key));
    expect(json.shards).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    expect(readFileSync(join(out, 'mbx-report.junit.xml'), 'utf8')).toContain(`tests="${json.results.length}"`);
    await expect(mergeCommand([join(dir, 'missing.json')], { format: 'json', failOn: 'high' }, false)).rejects.toThrow(
      /cannot read .*missing\.json \(ENOENT\)/,
    );
  });
});
