import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';

describe('the progress line of a long verify', () => {
  it('stays silent for the first second, then rewrites one line at most four times a second, and erases it at the end', () => {
    const written: string[] = [];
    let now = 0;
    const progress = progressLine(
      (text) => written.push(text),
      () => now,
    );
    progress.update(10, 2000);
    now = 1200;
    progress.update(500, 2000);
    now = 1300;
    progress.update(600, 2000);
    now = 1500;
    progress.update(800, 2000);
    now = 1550;
    progress.update(2000, 2000);
    progress.end();
    expect(written).toEqual([
      '\r\x1b[Kmbx verify: 500 of 2000 mailboxes read',
      '\r\x1b[Kmbx verify: 800 of 2000 mailboxes read',
      '\r\x1b[Kmbx verify: 2000 of 2000 mailboxes read',
      '\r\x1b[K',
    ]);
  });

  it('prints nothing at all for a short run', () => {
    const written: string[] = [];
    const progress = progressLine(
      (text) => written.push(text),
      () => 0,
    );
    progress.update(4, 4);
    progress.end();
    expect(written).toEqual([]);
  });

  it('says what --settle waits for, when it tries again and how long it may still wait, counting down, and stops when the run ends', () => {
    const written: string[] = [];
    let now = 0;
    let tick: (() => void) | undefined;
    let stopped = 0;
    const progress = progressLine(
      (text) => written.push(text),
      () => now,
      'mbx probe',
      (each) => {
        tick = each;
        return () => (stopped += 1);
      },
    );
    progress.settling(['info@contoso.com', 'sales@contoso.com'], 15_000, 3_600_000);
    now = 1_000;
    tick?.();
    progress.settling(['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com'], 60_000, 3_599_000);
    progress.end();
    expect(written).toEqual([
      '\r\x1b[Kmbx probe: --settle: waiting for info@contoso.com, sales@contoso.com (probes pending); next try in 15s, at most 1h 0m left',
      '\r\x1b[Kmbx probe: --settle: waiting for info@contoso.com, sales@contoso.com (probes pending); next try in 14s, at most 59m 59s left',
      '\r\x1b[Kmbx probe: --settle: waiting for a@x.com, b@x.com, c@x.com and 2 more (probes pending); next try in 1m 0s, at most 59m 59s left',
      '\r\x1b[K',
    ]);
    // The countdown of the first wait stopped when the second began, and the second's at the end.
    expect(stopped).toBe(2);
  });

  it('names the command it counts for', () => {
    const written: string[] = [];
    let now = 0;
    const progress = progressLine(
      (text) => written.push(text),
      () => now,
      'mbx export',
    );
    now = 2000;
    progress.update(3, 10);
    expect(written).toEqual(['\r\x1b[Kmbx export: 3 of 10 mailboxes read']);
  });
});
