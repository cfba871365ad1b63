/**
 * One self-contained HTML file an auditor opens offline: the summary, filters by status and
 * mailbox, each result with its evidence table and remediation. No external script, style or font;
 * every value from the tenant or the spec is escaped. The report JSON is embedded for tools.
 */
import { STATUSES, type CheckResult, type Report } from '../result.js';
import { checkDocUrl, jsonChunks, ordered } from './common.js';
import { sourceFailureText } from '../snapshot.js';

function html(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

function value(item: unknown): string {
  return html(typeof item === 'string' ? item : JSON.stringify(item));
}

function evidenceTable(evidence: Readonly<Record<string, unknown>> | undefined): string {
  if (evidence === undefined || Object.keys(evidence).length === 0) return '';
  const rows = Object.entries(evidence).map(([key, item]) => `<tr><th>${html(key)}</th><td><code>${value(item)}</code></td></tr>`);
  return `<table class="evidence"><caption>Evidence</caption>${rows.join('')}</table>`;
}

/** A probe's steps with their times, and the total. */
function timingsTable(timings: CheckResult['timings']): string {
  if (timings === undefined || timings.length === 0) return '';
  const rows = timings.map((step) => `<tr><th>${html(step.name)}</th><td>${step.ms.toFixed(1)} ms</td></tr>`);
  return `<table class="evidence"><caption>Timings</caption>${rows.join('')}</table>`;
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
      : `<p class="expect">Expected <code>${value(result.expected ?? '')}</code>, found <code>${value(result.actual ?? '')}</code></p>`;
  const waiver = result.waiver === undefined ? '' : `<p class="waiver">Waived until ${html(result.waiver.expires)}: ${html(result.waiver.rationale)}</p>`;
  const skip = result.skipText === undefined ? '' : `<p class="skip">${html(result.skipText)}</p>`;
  return `<article class="result ${result.status}" data-status="${result.status}" data-mailbox="${html(result.mailbox ?? 'organization')}">
<header><span class="badge ${result.status}">${result.status}</span> <span class="severity">${result.severity}</span> <strong><a href="${html(checkDocUrl(result.checkId, result.category))}">${html(result.checkId)}</a></strong> ${html(result.title)}</header>
<p class="where">${html(result.mailbox ?? 'organization')}${result.subject === undefined ? '' : ` · ${html(result.subject)}`} · <code>${html(result.location.file)}:${result.location.line}</code></p>
<p>${html(result.message)}</p>${expectation}${waiver}${skip}${fixes}${evidenceTable(result.evidence)}${timingsTable(result.timings)}
</article>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}table.summary td,table.summary th{padding:.2rem .8rem;text-align:right}
.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}.result{border:1px solid #ddd;border-left-width:6px;border-radius:4px;padding:.6rem 1rem;margin:.6rem 0}
.result.fail{border-left-color:#c62828}.result.error{border-left-color:#8e24aa}.result.warn{border-left-color:#f9a825}.result.pass{border-left-color:#2e7d32}
.result.waived{border-left-color:#1565c0}.result.skip,.result.pending{border-left-color:#999}.badge{font-weight:600;text-transform:uppercase;font-size:.8rem}
.severity{color:#555;font-size:.8rem}.where{color:#555;margin:.2rem 0}table.evidence{border-collapse:collapse;margin:.4rem 0}
table.evidence th,table.evidence td{border:1px solid #e0e0e0;padding:.2rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:600}
dl.fix dt{font-weight:600}dl.fix dd{margin:0 0 .3rem 1rem}code{font-size:.85em;word-break:break-all}`;

const SCRIPT = `const apply=()=>{const s=document.getElementById('status').value,m=document.getElementById('mailbox').value;
for(const e of document.querySelectorAll('.result')){e.hidden=(s!=='all'&&e.dataset.status!==s)||(m!=='all'&&e.dataset.mailbox!==m);}};
document.getElementById('status').addEventListener('change',apply);document.getElementById('mailbox').addEventListener('change',apply);apply();`;

export function* htmlChunks(report: Report): Generator<string> {
  const results = ordered(report.results);
  const mailboxes = [...new Set(results.map((result) => result.mailbox ?? 'organization'))].sort();
  const summary = `<table class="summary"><tr>${STATUSES.map((status) => `<th>${status}</th>`).join('')}</tr><tr>${STATUSES.map((status) => `<td>${report.summary[status]}</td>`).join('')}</tr></table>`;
  const sourceErrors = report.sourceErrors
    .map((failure) => `<li>Could not read <code>${html(failure.source)}</code>: ${html(sourceFailureText(failure))}</li>`)
    .join('');
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>mbx verify: ${html(report.tenant.primaryDomain)}</title><style>${STYLE}</style></head>
<body><h1>mbx verify: ${html(report.tenant.primaryDomain)}</h1>
<p>Spec <code>${html(report.spec.file)}</code> (sha256 ${html(report.spec.sha256.slice(0, 12))}…) · tenant ${html(report.tenant.id)} · started ${html(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s · ${report.requests.total} requests · mbx ${html(report.tool.version)}</p>
${summary}${sourceErrors === '' ? '' : `<ul class="source-errors">${sourceErrors}</ul>`}
<div class="filters"><label>Status <select id="status"><option value="all">all</option>${STATUSES.map((status) => `<option value="${status}"${status === 'fail' && report.summary.fail > 0 ? ' selected' : ''}>${status}</option>`).join('')}</select></label>
<label>Mailbox <select id="mailbox"><option value="all">all</option>${mailboxes.map((mailbox) => `<option>${html(mailbox)}</option>`).join('')}</select></label></div>
<main>`;
  for (const result of results) yield `${card(result)}\n`;
  yield '</main>\n<script type="application/json" id="report">';
  // </script> cannot appear inside the embedded JSON: < is escaped as \u003c, chunk by chunk.
  for (const chunk of jsonChunks(report, report.results)) yield chunk.replace(/</g, '\\u003c');
  yield `</script>\n<script>${SCRIPT}</script>\n</body></html>\n`;
}
