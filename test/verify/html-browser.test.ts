/**
 * The HTML report in a real browser (issue 22): Debian's Chromium driven by puppeteer-core. The
 * verdict is what a reader sees first; the status and mailbox filters hide and show cards; each
 * check id links to its doc; the page has no horizontal scroll at 420 px; the keyboard reaches the
 * filters and the matrix; text keeps WCAG AA contrast; printing opens the collapsed sections and
 * hides the filters. Screenshots (desktop and 420 px) are kept in .ci/artifacts/ for CI to keep.
 * CHROMIUM names another browser binary; .ci/run installs Debian's chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MBX_SOURCE_URL, PACKAGE_ROOT } from '../../src/paths.js';
import { describeWith, strict } from '../helpers/programs.js';
import type { TenantSnapshot } from '../../src/verify/snapshot.js';
import type { Spec } from '../../src/spec/types.js';
import { CHECKS } from '../../checks/index.js';
import { render } from '../../src/verify/render/index.js';
import { evaluate } from '../../src/verify/runner.js';
import { allSourcesOk, compliantSnapshot, contoso, NOW, probedSnapshot, reportOf, withAppScope, withMailbox, withRefusal } from '../checks/fixture.js';

/** The browser's globals the page functions use: they run in Chromium, and this project compiles without the DOM library. */
interface Element {
  readonly id: string;
  readonly className: string;
  readonly tagName: string;
  readonly textContent: string | null;
  readonly parentElement: Element | null;
  readonly dataset: Readonly<Record<string, string | undefined>>;
  readonly hidden: boolean;
  readonly href: string;
  readonly open: boolean;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
}
declare const document: {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  readonly activeElement: Element | null;
  getElementById(id: string): Element | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
};
declare const window: { readonly innerHeight: number; dispatchEvent(event: unknown): boolean };
declare function getComputedStyle(element: Element): { readonly color: string; readonly backgroundColor: string; readonly display: string };
declare const Event: new (type: string) => unknown;

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = '.ci/artifacts';
let browser: Browser;
let dir: string;
let url: string;

beforeAll(async () => {
  // No browser: the tests below are skipped, naming it (under CI=true they run, and fail).
  if (!existsSync(CHROMIUM) && !strict()) return;
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), or set CHROMIUM`);
  const spec = await contoso();
  const snapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { forwardingSmtpAddress: 'crm@example.org' });
  const waived = {
    ...spec,
    waivers: [
      ...spec.waivers,
      { check: 'MBX.SENTITEMS.1', mailbox: 'team@contoso.com', rationale: 'Team reviews sent mail in the CRM.', expires: '2027-01-31', pointer: '/waivers/1' },
    ],
  };
  const drifted = withMailbox(withMailbox(snapshot, 'team@contoso.com', { messageCopyForSentAsEnabled: false }), 'sales@contoso.com', {
    forwardingSmtpAddress: 'x@example.org',
  });
  const results = evaluate(waived, drifted, allSourcesOk(), CHECKS, { now: NOW, locate: () => ({ line: 12, column: 5 }) });
  dir = mkdtempSync(join(tmpdir(), 'mbx-html-'));
  const file = join(dir, 'mbx-report.html');
  writeFileSync(file, render(reportOf(results), 'html'));
  url = pathToFileURL(file).href;
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The report (or the page `at`) opened in a page of this width, for `use`; the page closed afterwards, whatever happens. */
async function withPage(width: number, use: (page: Page) => Promise<void>, at: string = url): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width, height: 900 });
    await page.goto(at, { waitUntil: 'load' });
    await use(page);
  } finally {
    await page.close();
  }
}

const visibleCards = (page: Page) => page.$$eval('article.result', (cards) => cards.filter((card) => !card.hidden).map((card) => card.dataset.status ?? ''));

describeWith('chromium', CHROMIUM)('the HTML report in Chromium', () => {
  it('shows the verdict first, and filters findings by status and mailbox', async () => {
    await withPage(1280, async (page) => {
      const first = await page.evaluate(() => {
        const verdict = document.getElementById('verdict');
        const box = verdict?.getBoundingClientRect();
        return { text: verdict?.textContent ?? '', top: box?.top ?? 9999, inView: box !== undefined && box.bottom < window.innerHeight };
      });
      expect(first.text).toMatch(/^Does not match the spec: 2 failures \(2 high\)$/);
      expect(first.inView).toBe(true);
      expect(first.top).toBeLessThan(150);
      expect(await visibleCards(page)).toEqual(['fail', 'fail', 'waived']);
      await page.select('#status', 'waived');
      expect(await visibleCards(page)).toEqual(['waived']);
      await page.select('#status', 'all');
      await page.type('#mailbox', 'sales@');
      expect(await visibleCards(page)).toEqual(['fail']);
      expect(await page.$eval('#shown', (element) => element.textContent)).toBe('1 shown');
      // The matrix follows the mailbox filter too.
      const rows = await page.$$eval('table.matrix tbody tr[data-mailbox]', (found) => found.filter((row) => !row.hidden).map((row) => row.dataset.mailbox));
      expect(rows).toEqual(['sales@contoso.com']);
      await page.screenshot({ path: join(ARTIFACTS, 'html-report-desktop.png'), fullPage: true });
    });
  });

  it("links each result's check id to its doc, which exists", async () => {
    await withPage(1280, async (page) => {
      const links = await page.$$eval('article.result h3 a', (anchors) => anchors.map((anchor) => anchor.href));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link).toMatch(/^https:\/\/\S+\/checks\/[\w-]+\/MBX\.[A-Z]+\.\d+\.md$/);
        // The link is this version's source on the web: the same file is in this checkout.
        expect(existsSync(join(PACKAGE_ROOT, link.slice(MBX_SOURCE_URL.length)))).toBe(true);
      }
    });
  });

  it('shows every column of the matrix at 1280 px; fits 420 px without horizontal scrolling, the matrix scrolling in its own box', async () => {
    await withPage(1280, async (page) => {
      const matrix = await page.$eval('.scroll', (box) => ({
        content: box.scrollWidth,
        shown: box.clientWidth,
        columns: box.querySelectorAll('thead th').length,
      }));
      expect(matrix.columns).toBeGreaterThan(25);
      expect(matrix.content).toBeLessThanOrEqual(matrix.shown);
    });
    await withPage(420, async (page) => {
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
        matrix: document.querySelector('.scroll')?.scrollWidth ?? 0,
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      expect(widths.matrix).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, 'html-report-420px.png'), fullPage: true });
    });
  });

  it('is usable from the keyboard, and its text keeps WCAG AA contrast', async () => {
    await withPage(1280, async (page) => {
      const reached: string[] = [];
      for (let press = 0; press < 40 && !reached.includes('mailbox'); press += 1) {
        await page.keyboard.press('Tab');
        reached.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || document.activeElement?.tagName || ''));
      }
      expect(reached).toEqual(expect.arrayContaining(['scroll', 'status', 'mailbox']));
      const ratios = await page.evaluate(() => {
        const luminance = (colour: string): number => {
          const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((part) => {
            const channel = Number(part) / 255;
            return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
          }) as [number, number, number];
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const background = (element: Element): string => {
          for (let at: Element | null = element; at !== null; at = at.parentElement) {
            const found = getComputedStyle(at).backgroundColor;
            if (found !== 'rgba(0, 0, 0, 0)' && found !== 'transparent') return found;
          }
          return 'rgb(255, 255, 255)';
        };
        return [...document.querySelectorAll('.verdict, .badge, .severity, .where, ul.counts li, table.matrix td span, a')].map((element) => {
          const [light, dark] = [luminance(getComputedStyle(element).color), luminance(background(element))].sort((a, b) => b - a) as [number, number];
          return { text: element.textContent?.slice(0, 30), ratio: (light + 0.05) / (dark + 0.05) };
        });
      });
      expect(ratios.filter((entry) => entry.ratio < 4.5)).toEqual([]);
    });
  });

  it('prints whole: the filters hidden, the collapsed passes and skips opened', async () => {
    await withPage(1280, async (page) => {
      await page.emulateMediaType('print');
      expect(await page.$eval('.filters', (element) => getComputedStyle(element).display)).toBe('none');
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      expect(await page.$$eval('details', (all) => all.every((details) => details.open))).toBe(true);
    });
  });

  describeWith('pdftotext')('printed to PDF, read back with pdftotext', () => {
    it.each([1280, 420])('holds every mark of the matrix, every finding and every probe step, opened at %i px', async (width) => {
      const url = await reportPage('failing', (spec) => {
        const probed = probedSnapshot(spec, withMailbox(compliantSnapshot(spec), 'info@contoso.com', { forwardingSmtpAddress: 'crm@example.org' }));
        const withKind = (kind: string) => [...(probed.probes ?? [])].find(([, probes]) => probes.runs.some((run) => run.probe.kind === kind))?.[0] ?? '';
        const refused = withRefusal(
          withRefusal(probed, withKind('imap'), 'imap', 'A1 NO AUTHENTICATE failed.'),
          withKind('graph'),
          'graph',
          '403 ErrorAccessDenied',
        );
        // The organization's only mark is in a late column, the one cut off before.
        return withAppScope(refused, { accessPolicies: [{ accessRight: 'RestrictAccess', scopeName: 'crm-scope', description: 'left over' }] });
      });
      const { shown, layout, flowing } = await printed(url, width);
      const failing = shown.rows.filter((row) => row.marks.includes('✗')).map((row) => row.mailbox);
      expect(failing).toEqual(expect.arrayContaining(['info@contoso.com', 'organization']));
      for (const row of shown.rows)
        expect({ mailbox: row.mailbox, marks: printedMarks(layout, row.mailbox) }).toEqual({ mailbox: row.mailbox, marks: row.marks });
      expect(shown.findings.length).toBeGreaterThanOrEqual(3);
      for (const finding of shown.findings) expect(flowing).toContain(`${finding.check} `);
      for (const finding of shown.findings) expect(flowing).toContain(normal(finding.message));
      expect(shown.steps.length).toBeGreaterThan(0);
      for (const steps of shown.steps) expect(flowing).toContain(normal(steps));
    });

    it('prints the passes of a green report, not empty collapsed sections', async () => {
      const { shown, flowing } = await printed(await reportPage('green', (spec) => compliantSnapshot(spec)), 1280);
      expect(shown.passed.length).toBeGreaterThan(5);
      // Each passed check's id, after the section's heading (a title that wraps in its cell reads out of order).
      const passes = flowing.slice(flowing.indexOf(' Passed '));
      for (const check of shown.passed) expect(passes).toContain(` ${check.split(' ')[0] ?? ''} `);
    });
  });
});

const normal = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The report of `snapshot` against contoso, written as HTML; its file URL. */
async function reportPage(name: string, snapshot: (spec: Spec) => TenantSnapshot): Promise<string> {
  const spec = await contoso();
  const results = evaluate(spec, snapshot(spec), allSourcesOk(), CHECKS, { now: NOW, locate: () => ({ line: 12, column: 5 }) });
  const file = join(dir, `${name}.html`);
  writeFileSync(file, render(reportOf(results), 'html'));
  return pathToFileURL(file).href;
}

/** What the page shows of its matrix, findings, probe steps and passes, and the text of the PDF it prints to (A4), opened at `width` px. */
async function printed(page: string, width: number) {
  let shown: { rows: { mailbox: string; marks: string }[]; findings: { check: string; message: string }[]; steps: string[]; passed: string[] } | undefined;
  const pdf = join(dir, `page-${width}.pdf`);
  await withPage(
    width,
    async (opened) => {
      shown = await opened.evaluate(() => ({
        rows: [...document.querySelectorAll('table.matrix tbody tr')].map((row) => ({
          mailbox: row.querySelector('th')?.textContent ?? '',
          marks: [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '').join(''),
        })),
        findings: [...document.querySelectorAll('article.result')].map((card) => ({
          check: card.querySelector('h3 a')?.textContent ?? '',
          message: card.querySelector('p.where + p')?.textContent ?? '',
        })),
        steps: [...document.querySelectorAll('#probes + .scroll tbody tr td:last-child')].map((cell) => cell.textContent ?? ''),
        passed: [...document.querySelectorAll('details td:first-child')].map((cell) => cell.textContent ?? ''),
      }));
      writeFileSync(pdf, await opened.pdf({ format: 'A4' }));
    },
    page,
  );
  const layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const flowing = normal(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }));
  return { shown: shown as NonNullable<typeof shown>, layout, flowing };
}

/** The matrix marks on the printed line of a row (the line that starts with its mailbox), in order. */
function printedMarks(layout: string, mailbox: string): string | undefined {
  const line = layout.split('\n').find((text) => text.trim().startsWith(`${mailbox} `) || text.trim() === mailbox);
  return line?.replace(mailbox, '').replace(/[^✓✗!⚠…⊘–]/g, '');
}
