/**
 * The runner's own rules: waivers (active ones waive failures and warnings they name, an expired one says so),
 * --only and --skip by id, category or mailbox, shards that partition the mailboxes and merge back
 * into the unsharded report, and the exit codes pipelines gate on.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { exitCodeOf, parseShard } from '../../src/cli/commands/verify.js';
import { mergeDocuments } from '../../src/verify/merge.js';
import { summarize, type CheckResult } from '../../src/verify/result.js';
import { evaluate, units, type RunOptions } from '../../src/verify/runner.js';
import { EvaluatedResults, HeldResults } from '../../src/verify/results.js';
import { allSourcesOk, compliantSnapshot, contoso, documentOf, NOW, reportOf, withMailbox } from '../checks/fixture.js';

const options = (extra: Partial<RunOptions> = {}): RunOptions => ({ now: NOW, locate: () => ({ line: 1, column: 1 }), ...extra });

describe('waivers', () => {
  it('waive a failure while they last, and say so in the message once expired', async () => {
    const spec = await contoso();
    const drifted = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { forwardingSmtpAddress: 'x@example.org' });
    const waiver = (expires: string) => ({
      ...spec,
      waivers: [{ check: 'MBX.FORWARDING.1', mailbox: 'info@contoso.com', rationale: 'Migration', expires, pointer: '/waivers/0' }],
    });
    const forwarding = (expires: string) =>
      evaluate(waiver(expires), drifted, allSourcesOk(), CHECKS, options({ only: ['MBX.FORWARDING.1'] })).find(
        (result) => result.mailbox === 'info@contoso.com',
      );
    expect(forwarding('2026-12-31')).toMatchObject({ status: 'waived', waiver: { rationale: 'Migration', expires: '2026-12-31' } });
    const expired = forwarding('2026-11-01');
    expect(expired?.status).toBe('fail');
    expect(expired?.message).toContain('the waiver for this expired on 2026-11-01');
  });

  it('hide only the findings they name: a status, a subject, a text (issue 29), and say what they accept', async () => {
    const spec = await contoso();
    const snapshot = compliantSnapshot(spec);
    const sendAs = new Map(snapshot.sendAs);
    sendAs.set('sales', ['erika.musterfrau@contoso.com', 'lena.schmidt@contoso.com', 'max.mustermann@contoso.com']);
    const drifted = withMailbox({ ...snapshot, sendAs }, 'info@contoso.com', { forwardingSmtpAddress: 'x@example.org' });
    const run = (waiver: Record<string, unknown>) =>
      evaluate(
        { ...spec, waivers: [{ rationale: 'Accepted by the mail team', expires: '2027-01-01', pointer: '/waivers/0', ...waiver } as never] },
        drifted,
        allSourcesOk(),
        CHECKS,
        options({ only: ['MBX.FORWARDING.1', 'MBX.SENDAS.1'] }),
      ).filter((result) => result.status === 'fail' || result.status === 'waived');
    const lines = (results: CheckResult[]) => results.map((result) => `${result.status} ${result.checkId} ${result.subject ?? ''}`.trim()).sort();
    // A waiver written for a warning leaves a failure of the same check and mailbox a failure.
    expect(lines(run({ check: 'MBX.FORWARDING.1', mailbox: 'info@contoso.com', status: 'warn' }))).toContain('fail MBX.FORWARDING.1');
    // A subject: the one trustee accepted, the other still fails.
    const bySubject = run({ check: 'MBX.SENDAS.1', mailbox: 'sales@contoso.com', subject: 'lena.schmidt@contoso.com' });
    expect(lines(bySubject).filter((line) => line.includes('SENDAS'))).toEqual([
      'fail MBX.SENDAS.1 max.mustermann@contoso.com',
      'waived MBX.SENDAS.1 lena.schmidt@contoso.com',
    ]);
    expect(bySubject.find((result) => result.status === 'waived')?.waiver?.covers).toBe(
      'warnings and failures of MBX.SENDAS.1 on sales@contoso.com about lena.schmidt@contoso.com',
    );
    // A text the message must hold: one that no finding says hides nothing.
    expect(run({ check: 'MBX.FORWARDING.1', mailbox: 'info@contoso.com', contains: 'no such words' }).map((result) => result.status)).not.toContain('waived');
    const byText = run({ check: 'MBX.FORWARDING.1', mailbox: 'info@contoso.com', contains: 'X@EXAMPLE.ORG' });
    expect(byText.find((result) => result.checkId === 'MBX.FORWARDING.1')?.status).toBe('waived');
  });

  it('leave passing results alone', async () => {
    const spec = await contoso();
    const waived = { ...spec, waivers: [{ check: 'MBX.FORWARDING.1', rationale: 'x', expires: '2027-01-01', pointer: '/waivers/0' }] };
    const results = evaluate(waived, compliantSnapshot(spec), allSourcesOk(), CHECKS, options({ only: ['forwarding'] }));
    expect(results.map((result) => result.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
});

describe('selection', () => {
  it('keeps results by check id, category or mailbox, and drops what --skip names', async () => {
    const spec = await contoso();
    const run = (extra: Partial<RunOptions>) => evaluate(spec, compliantSnapshot(spec), allSourcesOk(), CHECKS, options(extra));
    expect(new Set(run({ only: ['MBX.SENDAS.1'] }).map((result) => result.checkId))).toEqual(new Set(['MBX.SENDAS.1']));
    expect(new Set(run({ only: ['licence'] }).map((result) => result.checkId))).toEqual(new Set(['MBX.LICENCE.1', 'MBX.LICENCE.2']));
    expect(new Set(run({ only: ['sales@contoso.com'] }).map((result) => result.mailbox))).toEqual(new Set(['sales@contoso.com']));
    expect(run({ skip: ['protocols', 'team@contoso.com'] }).some((result) => result.category === 'protocols' || result.mailbox === 'team@contoso.com')).toBe(
      false,
    );
  });

  it('splits mailboxes into shards that together give the unsharded results, organization checks in shard 1', async () => {
    const spec = await contoso();
    const snapshot = withMailbox(compliantSnapshot(spec), 'team@contoso.com', { forwardingSmtpAddress: null });
    const whole = evaluate(spec, snapshot, allSourcesOk(), CHECKS, options());
    const shards = [1, 2, 3].map((index) =>
      documentOf(evaluate(spec, snapshot, allSourcesOk(), CHECKS, options({ shard: { index, count: 3 } })), { index, count: 3 }),
    );
    const key = (result: CheckResult) => `${result.checkId} ${result.mailbox} ${result.subject} ${result.status}`;
    expect(
      shards
        .flatMap((shard) => shard.results)
        .map(key)
        .sort(),
    ).toEqual(whole.map(key).sort());
    expect(shards.slice(1).every((shard) => shard.results.every((result) => result.mailbox !== undefined))).toBe(true);
    const merged = mergeDocuments(shards);
    expect(merged.summary).toEqual(summarize(whole));
    expect(merged.shards).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    expect(merged.requests.total).toBe(9);
  });

  it('refuses to merge reports of different specs, and a shard outside 1..n', () => {
    const other = { ...documentOf([]), spec: { file: 'x.yaml', sha256: 'c'.repeat(64) } };
    expect(() => mergeDocuments([documentOf([]), other])).toThrow(/another spec or tenant/);
    expect(() => parseShard('0/3')).toThrow(/--shard takes i\/n/);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });
});

describe('results held lazily', () => {
  it('keep only what needs attention, and give every other result again in report order, as held results would', async () => {
    const spec = await contoso();
    // A failure, a warning, a waived failure, skips and passes, and a source that failed (errors).
    let snapshot = withMailbox(compliantSnapshot(spec), 'team@contoso.com', { forwardingSmtpAddress: 'x@example.org' });
    snapshot = withMailbox(snapshot, 'info@contoso.com', { forwardingSmtpAddress: 'y@example.org' });
    const waived = {
      ...spec,
      waivers: [{ check: 'MBX.FORWARDING.1', mailbox: 'team@contoso.com', rationale: 'x', expires: '2027-01-01', pointer: '/waivers/0' }],
    };
    const ledger = allSourcesOk();
    ledger.set('exchange.transport', { ok: false, error: '503', permission: 'x' });
    const lazy = new EvaluatedResults(waived, units(waived, snapshot, ledger, CHECKS, options()));
    const held = new HeldResults(evaluate(waived, snapshot, ledger, CHECKS, options()));
    const key = (result: CheckResult) => JSON.stringify({ ...result, durationMs: 0 });
    expect([...lazy].map(key)).toEqual([...held].map(key));
    expect(new Set([...lazy].map((result) => result.status))).toEqual(new Set(['fail', 'error', 'waived', 'skip', 'pass']));
    expect(lazy.summary).toEqual(held.summary);
    expect(lazy.notable.map(key)).toEqual(held.notable.map(key));
    expect(lazy.notable.every((result) => !['pass', 'skip'].includes(result.status))).toBe(true);
    expect([...lazy.categories.keys()].sort()).toEqual([...held.categories.keys()].sort());
    for (const category of lazy.categories.keys()) {
      expect([...lazy.select({ category })].map(key)).toEqual([...held.select({ category })].map(key));
      expect(lazy.categories.get(category)?.summary).toEqual(held.categories.get(category)?.summary);
    }
    // A pass given again carries the time its check took the first time.
    const first = [...lazy.select({ statuses: new Set(['pass']) })][0];
    expect(first?.durationMs).toBe([...lazy.select({ statuses: new Set(['pass']) })][0]?.durationMs);
  });
});

describe('exit codes', () => {
  it('are 1 for failures at or above --fail-on, 3 for checks that could not run unless allowed, else 0', async () => {
    const spec = await contoso();
    const drifted = withMailbox(compliantSnapshot(spec), 'team@contoso.com', { messageCopyForSentAsEnabled: false });
    const failed = reportOf(evaluate(spec, drifted, allSourcesOk(), CHECKS, options()));
    expect(exitCodeOf(failed, 'info', false)).toBe(1);
    // MBX.SENTITEMS.1 is low: a high threshold lets it through.
    expect(exitCodeOf(failed, 'high', false)).toBe(0);
    const ledger = allSourcesOk();
    ledger.set('exchange.transport', { ok: false, error: '503', permission: 'x' });
    const errored = reportOf(evaluate(spec, compliantSnapshot(spec), ledger, CHECKS, options()));
    expect(exitCodeOf(errored, 'info', false)).toBe(3);
    expect(exitCodeOf(errored, 'info', true)).toBe(0);
  });
});

it('names in the report schema every source the collectors have', async () => {
  const { SOURCE_PERMISSIONS } = await import('../../src/verify/snapshot.js');
  const { readFileSync } = await import('node:fs');
  const schema = JSON.parse(readFileSync('schemas/report.schema.json', 'utf8'));
  expect([...schema.$defs.result.properties.sources.items.enum].sort()).toEqual(Object.keys(SOURCE_PERMISSIONS).sort());
});
