/**
 * One self-contained HTML file an auditor opens offline and signs: the verdict first, the run's
 * identity (spec and its hash, tenant, time, version), the counts, a mailbox-by-category matrix,
 * then every result that needs attention as a card (failures, errors, pending, warnings, waived;
 * each with its evidence, its fixes and a link to its check's doc), the waivers with their reasons
 * and expiry, and last the passes and skips, collapsed and summarised per check. No external
 * script, style or font; every value from the tenant or the spec is escaped.
 *
 * Passes and skips are summarised, not listed one by one: at 10,000 mailboxes they are some
 * 320,000 results, and a page of them is hundreds of megabytes no browser opens (issue 21). The
 * JSON report lists every result.
 */
import type { CheckCategory } from '../../../checks/catalogue.js';
import { accessHtml } from './access.js';
import { CATALOGUE } from '../../../checks/catalogue.js';
import { STATUSES, type CheckResult, type ResultStatus } from '../result.js';
import type { Report } from '../results.js';
import { checkDocUrl, controlsOf, escapeHtml, runErrorLines, verdictOf } from './common.js';
import { sourceFailureText } from '../snapshot.js';

/** How many mailboxes the matrix shows by name (those with the worst results first); the rest are counted. */
export const MATRIX_ROWS = 500;
/** Findings shown as full cards (evidence, fixes); past them, one table row each (the JSON report has the rest of each). */
export const CARDS = 1000;
/** Findings listed at all (cards, then rows): past these, a count and the JSON report (the page stays under 10 MB and opens in seconds). */
export const LISTED = 10_000;
/** How many mailboxes a pass or skip summary names before it counts the rest. */
export const NAMED_PER_CHECK = 20;

const NOTABLE_STATUSES: readonly ResultStatus[] = ['fail', 'error', 'pending', 'warn', 'waived'];
const SYMBOL: Readonly<Record<ResultStatus, string>> = { fail: '✗', error: '!', warn: '⚠', pending: '…', waived: '⊘', skip: '–', pass: '✓' };

const html = escapeHtml;

const value = (item: unknown): string => html(typeof item === 'string' ? item : JSON.stringify(item));
const count = (amount: number): string => amount.toLocaleString('en-US');
const docLink = (checkId: string, category: string): string => `<a href="${html(checkDocUrl(checkId, category))}">${html(checkId)}</a>`;

function evidenceTable(evidence: Readonly<Record<string, unknown>> | undefined): string {
  if (evidence === undefined || Object.keys(evidence).length === 0) return '';
  const rows = Object.entries(evidence).map(([key, item]) => `<tr><th scope="row">${html(key)}</th><td><code>${value(item)}</code></td></tr>`);
  return `<table class="kv"><caption>Evidence</caption>${rows.join('')}</table>`;
}

/** A probe's steps with their times. */
function timingsTable(timings: CheckResult['timings']): string {
  if (timings === undefined || timings.length === 0) return '';
  const rows = timings.map((step) => `<tr><th scope="row">${html(step.name)}</th><td>${step.ms.toFixed(1)} ms</td></tr>`);
  return `<table class="kv"><caption>Timings</caption>${rows.join('')}</table>`;
}

function card(result: CheckResult): string {
  const fix = result.remediation;
  const fixes =
    fix === undefined
      ? ''
      : `<dl class="fix">${fix.spec === undefined ? '' : `<dt>Spec</dt><dd>${html(fix.spec)}</dd>`}${fix.pulumi === undefined ? '' : `<dt>Pulumi</dt><dd>${html(fix.pulumi)}</dd>`}${fix.powershell === undefined ? '' : `<dt>PowerShell</dt><dd><code>${html(fix.powershell)}</code></dd>`}</dl>`;
  const expectation =
    result.expected === undefined && result.actual === undefined
      ? ''
      : `<p>Expected <code>${value(result.expected ?? '')}</code>, found <code>${value(result.actual ?? '')}</code></p>`;
  const waiver = result.waiver === undefined ? '' : `<p class="waiver">Waived until ${html(result.waiver.expires)}: ${html(result.waiver.rationale)}</p>`;
  const mailbox = result.mailbox ?? 'organization';
  const controls = controlsOf(result);
  return `<article class="result" data-status="${result.status}" data-mailbox="${html(mailbox)}">
<h3><span class="badge ${result.status}">${result.status}</span> <span class="severity">${result.severity}</span> ${docLink(result.checkId, result.category)} ${html(result.title)}${controls === '' ? '' : ` <span class="severity">${html(controls)}</span>`}</h3>
<p class="where">${html(mailbox)}${result.subject === undefined ? '' : ` · ${html(result.subject)}`} · <code>${html(result.location.file)}:${result.location.line}:${result.location.column}</code></p>
<p>${html(result.message)}</p>${expectation}${waiver}${fixes}${evidenceTable(result.evidence)}${timingsTable(result.timings)}
</article>`;
}

const STYLE = `:root{--fail:#b3261e;--error:#6a1b9a;--warn:#7a4f00;--pending:#0b5c7a;--waived:#1a4f9c;--skip:#555;--pass:#1b5e20;color:#1b1b1b;background:#fff}
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem;margin:0 0 .2rem}
a{color:#0b57d0}a:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible,.scroll:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.verdict{font-size:1.2rem;font-weight:700;padding:.8rem 1rem;border-radius:6px;border:2px solid;margin:.6rem 0}
.verdict.pass{color:var(--pass);background:#e8f5e9}.verdict.fail{color:var(--fail);background:#fdecea}.verdict.incomplete{color:var(--error);background:#f3e5f5}.verdict.empty{color:var(--skip);background:#f1f1f1}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.6rem 0}dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
ul.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:1rem 0}ul.counts li{border:1px solid #ccc;border-radius:6px;padding:.3rem .7rem;min-width:5.5rem}
ul.counts b{display:block;font-size:1.2rem}
.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse}
table.matrix th,table.matrix td{border:1px solid #ddd;padding:.15rem .3rem;text-align:center;white-space:nowrap}table.matrix th[scope=row]{text-align:left}
table.matrix thead th{font-size:.75rem;font-weight:600;vertical-align:bottom}table.matrix thead th+th{writing-mode:vertical-rl;transform:rotate(180deg);padding:.3rem .15rem}
.fail{color:var(--fail)}.error{color:var(--error)}.warn{color:var(--warn)}.pending{color:var(--pending)}.waived{color:var(--waived)}.skip{color:var(--skip)}.pass{color:var(--pass)}
.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0;align-items:end}.filters label{display:flex;flex-direction:column;font-size:.85rem}
.result{border:1px solid #ccc;border-left-width:6px;border-radius:4px;padding:.6rem 1rem;margin:.6rem 0;break-inside:avoid;content-visibility:auto;contain-intrinsic-size:auto 12rem}
.result[data-status=fail]{border-left-color:var(--fail)}.result[data-status=error]{border-left-color:var(--error)}.result[data-status=warn]{border-left-color:#c28a00}
.result[data-status=pending]{border-left-color:var(--pending)}.result[data-status=waived]{border-left-color:var(--waived)}
.badge{font-weight:700;text-transform:uppercase;font-size:.8rem}.severity{color:#444;font-size:.8rem}.where{color:#444;margin:.2rem 0}
table.kv{margin:.4rem 0}table.kv th,table.kv td,table.list th,table.list td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:600}
dl.fix dt{font-weight:600}dl.fix dd{margin:0 0 .3rem 1rem}code{font-size:.85em;overflow-wrap:anywhere}
details{margin:.6rem 0}summary{cursor:pointer;font-weight:600}
@media print{.filters{display:none}body{margin:0;max-width:none;font-size:12px}a{color:inherit}.result{border-left-width:3px;content-visibility:visible}
.scroll{overflow:visible}table.matrix{font-size:11px}table.matrix th[scope=row]{white-space:normal;overflow-wrap:anywhere}
table.list td{overflow-wrap:anywhere}details::details-content{content-visibility:visible;display:block}summary{list-style:none}}`;

const SCRIPT = `const $=(id)=>document.getElementById(id);
const apply=()=>{const s=$('status').value,m=$('mailbox').value.trim().toLowerCase();let shown=0;
for(const e of document.querySelectorAll('.result,tr[data-status]')){const hide=(s!=='all'&&e.dataset.status!==s)||(m!==''&&!e.dataset.mailbox.includes(m));e.hidden=hide;if(!hide)shown++;}
for(const r of document.querySelectorAll('tr[data-mailbox]'))r.hidden=m!==''&&!r.dataset.mailbox.includes(m);
$('shown').textContent=shown+' shown';};
$('status').addEventListener('change',apply);$('mailbox').addEventListener('input',apply);
if($('status').value!=='all'||$('mailbox').value!=='')apply();else $('shown').textContent=document.querySelectorAll('.result,tr[data-status]').length+' shown';`;

/** Printing opens the collapsed sections (the print style shows them too, in browsers that style details' content). */
const PRINT_SCRIPT = `addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details'))d.open=true;});`;

/** A matrix cell: the status's symbol, named for screen readers and on hover; empty when nothing ran there. */
const statusCell = (status: ResultStatus | undefined): string =>
  status === undefined ? '<td></td>' : `<td class="${status}"><span role="img" aria-label="${status}" title="${status}">${SYMBOL[status]}</span></td>`;

function* matrix(report: Report): Generator<string> {
  const categories = [...report.results.categories.keys()];
  if (categories.length === 0) return;
  // The worst result of each mailbox in each category, for the mailboxes with anything to attend to.
  const worst = new Map<string, Map<CheckCategory, ResultStatus>>();
  for (const result of report.results.notable) {
    const mailbox = result.mailbox ?? 'organization';
    let row = worst.get(mailbox);
    if (row === undefined) worst.set(mailbox, (row = new Map()));
    if (!row.has(result.category)) row.set(result.category, result.status);
  }
  const mailboxes = [...new Set(report.results.notable.map((result) => result.mailbox ?? 'organization'))];
  const shown = mailboxes.slice(0, MATRIX_ROWS);
  const passed = report.results.passedOrSkipped(shown.map((mailbox) => (mailbox === 'organization' ? '' : mailbox)));
  const heads = categories.map((category) => `<th scope="col">${html(category)}</th>`).join('');
  yield `<h2 id="matrix">Mailboxes by category</h2>
<p>${mailboxes.length === 0 ? 'No mailbox has a result that needs attention' : `${count(mailboxes.length)} ${mailboxes.length === 1 ? 'has' : 'have'} results that need attention${mailboxes.length > shown.length ? `; the ${count(shown.length)} with the worst are shown` : ''}`}. ✓ pass, ✗ fail, ! could not check, ⚠ warning, … pending, ⊘ waived, – skipped.</p>
<div class="scroll" tabindex="0" role="region" aria-label="Mailboxes by category"><table class="matrix"><thead><tr><th scope="col">mailbox</th>${heads}</tr></thead><tbody>\n`;
  for (const mailbox of shown) {
    const row = worst.get(mailbox) ?? new Map<CheckCategory, ResultStatus>();
    const rest = passed.get(mailbox === 'organization' ? '' : mailbox) ?? new Map<CheckCategory, ReadonlySet<'pass' | 'skip'>>();
    const cells = categories.map((category) => {
      const status = row.get(category) ?? (rest.get(category)?.has('pass') === true ? 'pass' : rest.get(category)?.has('skip') === true ? 'skip' : undefined);
      return statusCell(status);
    });
    yield `<tr data-mailbox="${html(mailbox)}"><th scope="row">${html(mailbox)}</th>${cells.join('')}</tr>\n`;
  }
  // The rest in one row: each category's passes and skips over every other mailbox (and the organization).
  if (report.results.summary.pass + report.results.summary.skip > 0) {
    const cells = categories.map((category) => {
      const counts = report.results.categories.get(category)?.summary;
      const status = (counts?.pass ?? 0) > 0 ? 'pass' : (counts?.skip ?? 0) > 0 ? 'skip' : undefined;
      return statusCell(status);
    });
    yield `<tr><th scope="row">${mailboxes.length === 0 ? 'every mailbox' : 'every other mailbox'}</th>${cells.join('')}</tr>\n`;
  }
  yield '</tbody></table></div>\n';
}

function* waivers(report: Report): Generator<string> {
  const waived = report.results.notable.filter((result) => result.waiver !== undefined);
  if (waived.length === 0) return;
  const rows = [...waived]
    .sort((a, b) => (a.waiver?.expires ?? '').localeCompare(b.waiver?.expires ?? ''))
    .map(
      (result) =>
        `<tr><td>${docLink(result.checkId, result.category)}</td><td>${html(result.mailbox ?? 'organization')}</td><td>${html(result.waiver?.covers ?? '')}</td><td>${html(result.waiver?.expires ?? '')}</td><td>${html(result.waiver?.rationale ?? '')}</td></tr>`,
    );
  yield `<h2 id="waivers">Waivers</h2>\n<div class="scroll"><table class="list"><thead><tr><th scope="col">check</th><th scope="col">mailbox</th><th scope="col">accepts</th><th scope="col">expires</th><th scope="col">reason</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>\n`;
}

/** The live probes' categories: their results carry each step's time. */
const PROBE_CATEGORIES: ReadonlySet<CheckCategory> = new Set(['imap', 'pop', 'smtp', 'round-trip', 'graph']);

/** Every live probe that ran (not skipped), with each step's time: how long a client's login and send took is evidence too. */
function* probes(report: Report): Generator<string> {
  const ran = new Set<ResultStatus>(STATUSES.filter((status) => status !== 'skip'));
  let rows = 0;
  let more = 0;
  for (const category of report.results.categories.keys()) {
    if (!PROBE_CATEGORIES.has(category)) continue;
    for (const result of report.results.select({ category, statuses: ran })) {
      if (rows >= MATRIX_ROWS) {
        more += 1;
        continue;
      }
      if (rows === 0)
        yield '<h2 id="probes">Live probes</h2>\n<div class="scroll"><table class="list"><caption>Timings</caption><thead><tr><th scope="col">check</th><th scope="col">mailbox</th><th scope="col">as</th><th scope="col">status</th><th scope="col">steps</th></tr></thead><tbody>\n';
      rows += 1;
      const steps = (result.timings ?? []).map((step) => `${html(step.name)} ${step.ms.toFixed(1)} ms`).join('; ');
      yield `<tr><td>${docLink(result.checkId, result.category)}</td><td>${html(result.mailbox ?? 'organization')}</td><td>${html(result.subject ?? '')}</td><td class="${result.status}">${result.status}</td><td>${steps}</td></tr>\n`;
    }
  }
  if (rows > 0) yield `</tbody></table></div>${more > 0 ? `<p>and ${count(more)} more probes (the JSON report lists them).</p>` : ''}\n`;
}

/** Passes or skips per check, collapsed: a count, the first mailboxes by name, and (for skips) why. */
function* collapsed(report: Report, status: 'pass' | 'skip'): Generator<string> {
  const total = report.results.summary[status];
  if (total === 0) return;
  const heading = status === 'pass' ? 'Passed' : 'Skipped';
  yield `<h2 id="${status}">${heading}</h2>\n<details><summary>${count(total)} results ${status === 'pass' ? 'passed' : 'were skipped'}, by check</summary>\n<div class="scroll"><table class="list"><thead><tr><th scope="col">check</th><th scope="col">results</th><th scope="col">${status === 'pass' ? 'mailboxes' : 'why, and for which mailboxes'}</th></tr></thead><tbody>\n`;
  const entries = CATALOGUE.filter((entry) => (report.results.checks.get(entry.id)?.[status] ?? 0) > 0);
  for (const entry of entries) {
    const amount = report.results.checks.get(entry.id)?.[status] ?? 0;
    // Skips are grouped by their reason; passes name the first mailboxes.
    const groups = new Map<string, { count: number; names: string[] }>();
    for (const result of report.results.select({ statuses: new Set([status]), checkId: entry.id })) {
      const reason = status === 'pass' ? '' : (result.skipText ?? result.message);
      let group = groups.get(reason);
      if (group === undefined) groups.set(reason, (group = { count: 0, names: [] }));
      group.count += 1;
      if (group.names.length < NAMED_PER_CHECK) group.names.push(result.mailbox ?? 'organization');
      if (status === 'pass' && group.names.length === NAMED_PER_CHECK) break;
    }
    const described = [...groups].map(([reason, group]) => {
      const more = (status === 'pass' ? amount : group.count) - group.names.length;
      const names = [...new Set(group.names)].map(html).join(', ');
      return `${reason === '' ? '' : `${html(reason)} `}<span class="names">(${names}${more > 0 ? ` and ${count(more)} more` : ''})</span>`;
    });
    yield `<tr><td>${docLink(entry.id, entry.category)} ${html(entry.title)}${entry.controls.length === 0 ? '' : ` (${html(entry.controls.join(', '))})`}</td><td>${count(amount)}</td><td>${described.join('<br>')}</td></tr>\n`;
  }
  yield '</tbody></table></div></details>\n';
}

export function* htmlChunks(report: Report): Generator<string> {
  const verdict = verdictOf(report);
  const { summary } = report.results;
  const title = `mbx verify: ${report.tenant.primaryDomain}`;
  const shards = report.shards ?? (report.shard === undefined ? [] : [report.shard]);
  const meta: [string, string][] = [
    ['Spec', `<code>${html(report.spec.file)}</code>, sha256 <code>${html(report.spec.sha256)}</code>`],
    ['Tenant', `${html(report.tenant.primaryDomain)} (<code>${html(report.tenant.id)}</code>)`],
    [
      'Started',
      `${html(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s, ${count(report.requests.total)} requests (${count(report.requests.retries)} retried)`,
    ],
    ['Tool', `mbx ${html(report.tool.version)}`],
    ...(shards.length === 0 ? [] : [['Shards', shards.map((shard) => `${shard.index}/${shard.count}`).join(', ')] as [string, string]]),
  ];
  const counts = STATUSES.map((status) => `<li class="${status}"><b>${count(summary[status])}</b>${status}</li>`).join('');
  const stopped = runErrorLines(report)
    .map((line) => `<li>${html(line)}</li>`)
    .join('');
  const sourceErrors = report.sourceErrors
    .map((failure) => `<li>Could not read <code>${html(failure.source)}</code>: ${html(sourceFailureText(failure))}</li>`)
    .join('');
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${html(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${html(title)}</h1>
<p class="verdict ${verdict.kind}" role="status" id="verdict">${html(verdict.text)}</p>
<dl class="meta">${meta.map(([name, text]) => `<dt>${name}</dt><dd>${text}</dd>`).join('')}</dl>
<ul class="counts" aria-label="Results by status">${counts}</ul></header>
<main>${stopped === '' ? '' : `<h2 id="stopped">The run stopped</h2><ul class="stopped">${stopped}</ul>`}${sourceErrors === '' ? '' : `<h2 id="sources">Sources that could not be read</h2><ul>${sourceErrors}</ul>`}\n`;
  yield* matrix(report);
  const notable = report.results.notable;
  if (notable.length > 0) {
    const options = NOTABLE_STATUSES.filter((status) => summary[status] > 0)
      .map((status) => `<option value="${status}">${status} (${count(summary[status])})</option>`)
      .join('');
    yield `<h2 id="attention">Needs attention</h2>
<div class="filters"><label for="status">Status<select id="status"><option value="all">all</option>${options}</select></label>
<label for="mailbox">Mailbox contains<input id="mailbox" type="search" autocomplete="off"></label><span id="shown" aria-live="polite"></span></div>\n`;
    for (const result of notable.slice(0, CARDS)) yield `${card(result)}\n`;
    if (notable.length > CARDS) {
      yield `<h3>${count(Math.min(notable.length, LISTED) - CARDS)} more</h3>\n<p>Each in one line here; the JSON report (mbx-report.json) holds the evidence and fixes of each.</p>
<div class="scroll"><table class="list"><thead><tr><th scope="col">status</th><th scope="col">check</th><th scope="col">mailbox</th><th scope="col">about</th><th scope="col">what</th><th scope="col">spec</th></tr></thead><tbody>\n`;
      for (const result of notable.slice(CARDS, LISTED)) {
        const mailbox = html(result.mailbox ?? 'organization');
        yield `<tr data-status="${result.status}" data-mailbox="${mailbox}"><td class="${result.status}">${result.status}</td><td>${docLink(result.checkId, result.category)}</td><td>${mailbox}</td><td>${html(result.subject ?? '')}</td><td>${html(result.message)}</td><td>${result.location.line}</td></tr>\n`;
      }
      yield '</tbody></table></div>\n';
      if (notable.length > LISTED)
        yield `<p>${count(notable.length - LISTED)} more findings are not listed here, to keep this page quick to open: mbx-report.json, mbx-report.junit.xml and mbx-report.sarif list every one.</p>\n`;
    }
  }
  yield* accessHtml(report);
  yield* waivers(report);
  yield* probes(report);
  yield* collapsed(report, 'pass');
  yield* collapsed(report, 'skip');
  yield `</main>\n<footer><p>Each check id links to its doc: what it requires, why, and how to fix it. The JSON report (mbx-report.json) lists every result.</p></footer>\n`;
  yield `<script>${notable.length > 0 ? `${SCRIPT}\n` : ''}${PRINT_SCRIPT}</script>\n</body></html>\n`;
}
