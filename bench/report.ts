/**
 * npm run bench:report: the HTML report and the step summary at 10,000 mailboxes (issue 22: the
 * HTML under 10 MB and open in a browser in under 3 s). A report of 10,000 mailboxes is made of
 * results shaped as mbx verify's (every catalogue check for every mailbox; passes, skips for the
 * probe categories, and in the drifted variant two failures a mailbox with evidence and fixes),
 * rendered, and opened in Debian's Chromium through puppeteer-core, timing navigation to `load`.
 * Prints JSON.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CATALOGUE } from '../checks/catalogue.js';
import { render } from '../src/verify/render/index.js';
import type { AccessRow } from '../src/access/query.js';
import { sectionOf } from '../src/verify/access-section.js';
import type { AccessSection, CheckResult } from '../src/verify/result.js';
import type { Report } from '../src/verify/results.js';
import { HeldResults } from '../src/verify/results.js';

const MAILBOXES = Number(process.env.MBX_BENCH_MAILBOXES ?? 10_000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PROBES = new Set(['imap', 'pop', 'smtp', 'round-trip', 'graph']);

function results(drifted: boolean): CheckResult[] {
  const all: CheckResult[] = [];
  for (let index = 0; index < MAILBOXES; index += 1) {
    const mailbox = `shared${index}@contoso.com`;
    const pointer = `/sharedMailboxes/${index}`;
    const location = { file: 'mailboxes.yaml', pointer, line: 10 + index * 9, column: 5 };
    for (const entry of CATALOGUE.filter((check) => check.scope === 'mailbox')) {
      const failing = drifted && (entry.id === 'MBX.SENDAS.1' || entry.id === 'MBX.FULLACCESS.1');
      const base = {
        checkId: entry.id,
        title: entry.title,
        category: entry.category,
        severity: entry.severity,
        mailbox,
        sources: [],
        durationMs: 0.02,
        location,
      };
      if (failing) {
        all.push({
          ...base,
          status: 'fail',
          subject: `delegate${index % 50}@contoso.com`,
          message: `delegate${index % 50}@contoso.com holds no ${entry.title.toLowerCase()} on ${mailbox}, which the spec declares.`,
          expected: 'granted',
          actual: 'absent',
          evidence: { trustees: [`delegate${(index + 1) % 50}@contoso.com`], source: 'Get-RecipientPermission' },
          remediation: {
            spec: 'Keep the grant in the spec, or remove it there.',
            pulumi: 'pulumi up grants it again.',
            powershell: `Add-RecipientPermission -Identity ${mailbox} -Trustee delegate${index % 50}@contoso.com -AccessRights SendAs -Confirm:$false`,
          },
        } as CheckResult);
      } else if (PROBES.has(entry.category)) {
        all.push({
          ...base,
          status: 'skip',
          skipReason: 'not-applicable',
          message: 'No client of this mailbox uses this.',
          skipText: 'Nothing in the spec needs this for the mailbox.',
        } as CheckResult);
      } else {
        all.push({
          ...base,
          status: 'pass',
          message: `${entry.title}: as the spec declares for ${mailbox}.`,
          evidence: { source: 'Get-Mailbox' },
        } as CheckResult);
      }
    }
  }
  return all;
}

/** The access section of such a tenant: five ways into each mailbox (three Full Access, two Send As), two of them undeclared when drifted. */
function access(drifted: boolean): AccessSection {
  const rows: AccessRow[] = [];
  for (let index = 0; index < MAILBOXES; index++)
    for (let way = 0; way < 5; way++) {
      const principal = `delegate${(index + way) % 3000}@contoso.com`;
      const fullAccess = way < 3;
      rows.push({
        mailbox: `shared${index}@contoso.com`,
        principal,
        principalKind: 'user',
        principalName: `Delegate ${(index + way) % 3000}`,
        rights: [fullAccess ? 'read' : 'send-as'],
        kind: fullAccess ? 'full-access' : 'send-as',
        via: `${fullAccess ? 'Full Access' : 'Send As'} granted directly`,
        groups: [],
        declared: !(drifted && (way === 0 || way === 3)),
      });
    }
  return sectionOf(rows);
}

function reportOf(list: CheckResult[], drifted: boolean): Report {
  const held = new HeldResults(list);
  return {
    reportVersion: 1,
    tool: { name: 'mbx', version: 'bench' },
    tenant: { id: '00000000-0000-0000-0000-000000000000', primaryDomain: 'contoso.onmicrosoft.com' },
    spec: { file: 'mailboxes.yaml', sha256: '0'.repeat(64) },
    startedAt: new Date().toISOString(),
    durationMs: 36_000,
    requests: { graph: 13, exchange: 10_053, retries: 0, total: 10_066 },
    sourceErrors: [],
    access: access(drifted),
    summary: held.summary,
    results: held,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'mbx-bench-report-'));
const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const variants: Record<string, unknown> = {};
try {
  for (const drifted of [false, true]) {
    const report = reportOf(results(drifted), drifted);
    const started = performance.now();
    const html = render(report, 'html');
    const renderMs = Math.round(performance.now() - started);
    const file = join(dir, `${drifted ? 'drifted' : 'green'}.html`);
    writeFileSync(file, html);
    const markdown = render(report, 'markdown');
    // Opening: navigation to the load event, three times, the median.
    const opens: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const page = await browser.newPage();
      const opened = performance.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
      opens.push(Math.round(performance.now() - opened));
      await page.close();
    }
    opens.sort((a, b) => a - b);
    variants[drifted ? 'drifted' : 'green'] = {
      results: report.results.length,
      fails: report.summary.fail,
      htmlMB: Math.round((statSync(file).size / 1_048_576) * 100) / 100,
      renderMs,
      openMs: opens[1],
      stepSummaryKB: Math.round(Buffer.byteLength(markdown) / 1024),
    };
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

const green = variants.green as { htmlMB: number; openMs: number };
const drifted = variants.drifted as { htmlMB: number; openMs: number };
console.log(
  JSON.stringify(
    {
      benchmark: 'report',
      mailboxes: MAILBOXES,
      ...variants,
      targets: { htmlMB: 10, openMs: 3000, stepSummaryKB: 1024 },
      met: { green: green.htmlMB < 10 && green.openMs < 3000, drifted: drifted.htmlMB < 10 && drifted.openMs < 3000 },
    },
    null,
    2,
  ),
);
