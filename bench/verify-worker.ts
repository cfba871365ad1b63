/**
 * One measured run for `npm run bench:verify`, in a process of its own so that its memory is its
 * own and it trusts the emulator's CA the way users do (NODE_EXTRA_CA_CERTS, read at start).
 *   verify-worker.js mbx <spec>       mbx verify, the report written in all six formats; prints the report's figures
 *   verify-worker.js naive <spec> <n> a naive collector: the first n mailboxes one after another,
 *                                     five requests each, as a per-mailbox script would
 *   verify-worker.js shard <spec> <i> <n> <out.json>   mbx verify --shard i/n, its JSON report written to out.json
 *   verify-worker.js merge <out-dir> <report.json...>  mbx report merge of the shards' reports, all six formats into out-dir
 */
import { connectFromEnvironment } from '../src/m365/connect.js';
import { loadSpecFile } from '../src/spec/load.js';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mergeCommand, verifyCommand } from '../src/cli/commands/verify.js';
import { FORMATS, chunks } from '../src/verify/render/index.js';
import { verify } from '../src/verify/index.js';

const [mode, file, count] = process.argv.slice(2) as [string, string, string | undefined];
const started = performance.now();

if (mode === 'mbx') {
  // As `mbx verify --format <all six> --out-dir DIR` runs: the report written in every format, which is what memory is measured on.
  const outDir = mkdtempSync(join(tmpdir(), 'mbx-bench-report-'));
  const written = performance.now();
  const outcome = await verifyCommand(file, { format: FORMATS.join(','), outDir, failOn: 'critical' }, { env: process.env, version: 'bench', colour: false });
  if (outcome.kind !== 'report') throw new Error(`the bench spec is invalid: ${JSON.stringify(outcome.errors[0])}`);
  const { report } = outcome;
  // Which checks did not pass, by check and status, with one message: a bench tenant must match its spec.
  const notPassing: Record<string, { count: number; example: string }> = {};
  for (const result of report.results.notable) {
    const key = `${result.checkId} ${result.status}`;
    const entry = (notPassing[key] ??= { count: 0, example: result.message });
    entry.count += 1;
  }
  console.log(
    JSON.stringify({
      verifyMs: report.durationMs,
      writeMs: Math.round(performance.now() - written - report.durationMs),
      processMs: Math.round(performance.now() - started),
      requests: report.requests,
      summary: report.summary,
      sourceErrors: report.sourceErrors.length,
      notPassing,
      reportMB: Object.fromEntries(outcome.written.map((path) => [basename(path), Math.round((statSync(path).size / 1048576) * 10) / 10])),
      maxResidentMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    }),
  );
  rmSync(outDir, { recursive: true, force: true });
} else if (mode === 'naive') {
  const loaded = await loadSpecFile(file);
  if (!loaded.ok) throw new Error('the bench spec is invalid');
  const { exchange, graph, stats } = connectFromEnvironment(process.env, { exchangeConcurrency: 1 });
  const mailboxes = loaded.spec.sharedMailboxes.slice(0, Number(count));
  const timed = performance.now();
  for (const { address } of mailboxes) {
    await exchange.invoke('Get-Mailbox', { Identity: address });
    await exchange.invoke('Get-CASMailbox', { Identity: address });
    await exchange.invoke('Get-MailboxPermission', { Identity: address });
    await exchange.invoke('Get-RecipientPermission', { Identity: address });
    await graph.get(`/users/${address}?$select=id,accountEnabled,assignedLicenses`);
  }
  console.log(JSON.stringify({ mailboxes: mailboxes.length, ms: Math.round(performance.now() - timed), requests: stats.snapshot() }));
} else if (mode === 'shard') {
  const [total, out] = process.argv.slice(5) as [string, string];
  const outcome = await verify({ file, env: process.env, version: 'bench', exchangeConcurrency: 8, shard: { index: Number(count), count: Number(total) } });
  if (!outcome.ok) throw new Error('the bench spec is invalid');
  // Written as the CLI writes it: streamed, a result a line, never one string.
  await pipeline(Readable.from(chunks(outcome.report, 'json')), createWriteStream(out));
  console.log(
    JSON.stringify({
      verifyMs: outcome.report.durationMs,
      requests: outcome.report.requests.total,
      results: outcome.report.results.length,
      maxResidentMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else if (mode === 'merge') {
  const files = process.argv.slice(4);
  // All six formats, as a pipeline's merge job writes them (JUnit reads each category's lines again).
  const merged = await mergeCommand(files, { format: FORMATS.join(','), outDir: file, failOn: 'critical' }, false);
  console.log(
    JSON.stringify({
      ms: Math.round(performance.now() - started),
      exitCode: merged.exitCode,
      maxResidentMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  throw new Error(`unknown mode ${mode}`);
}
