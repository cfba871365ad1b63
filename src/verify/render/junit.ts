/**
 * JUnit XML, the format CI systems show as tests: one testsuite per check category, one testcase
 * per result; fail is <failure>, error is <error>, skip and waived are <skipped>. The few XML
 * escapes are written here rather than pulling in an XML builder for one flat document.
 */
import type { CheckResult } from '../result.js';
import type { Report } from '../results.js';
import { controlsOf, label, remediationLines } from './common.js';

/** Characters XML 1.0 cannot hold at all, which tenant data could still contain. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] as string).replace(NOT_XML, '');
}

/** A probe's step times as the testcase's output, which every JUnit reader shows (testcase properties are not in the schema). */
function timings(result: CheckResult): string {
  if (result.timings === undefined || result.timings.length === 0) return '';
  return `\n      <system-out>${xml(result.timings.map((step) => `${step.name}: ${step.ms.toFixed(1)} ms`).join('\n'))}</system-out>`;
}

function testcase(result: CheckResult): string {
  // file and line: the spec entry the result traces to, as pytest, GitLab and the JUnit annotators of
  // GitHub Actions read them (not in junit-10.xsd, which has no place for a location; docs/ci.md).
  const name = `name="${xml(label(result))}" classname="${xml(result.checkId)}" file="${xml(result.location.file)}" line="${result.location.line}" time="${(result.durationMs / 1000).toFixed(3)}"`;
  const out = timings(result);
  const controls = controlsOf(result);
  const detail = xml(
    [
      result.message,
      ...remediationLines(result),
      ...(controls === '' ? [] : [`controls: ${controls}`]),
      `at ${result.location.file}:${result.location.line}`,
    ].join('\n'),
  );
  switch (result.status) {
    case 'fail':
      return `    <testcase ${name}>\n      <failure message="${xml(result.message)}" type="${result.severity}">${detail}</failure>${out}\n    </testcase>`;
    case 'error':
      return `    <testcase ${name}>\n      <error message="${xml(result.message)}" type="could-not-check">${detail}</error>\n    </testcase>`;
    case 'skip':
    case 'waived':
      return `    <testcase ${name}>\n      <skipped message="${xml(result.waiver === undefined ? result.message : `waived until ${result.waiver.expires}: ${result.waiver.rationale}`)}"/>\n    </testcase>`;
    default:
      return out === '' ? `    <testcase ${name}/>` : `    <testcase ${name}>${out}\n    </testcase>`;
  }
}

export function* junitChunks(report: Report): Generator<string> {
  const { results } = report;
  const { summary } = results;
  const stopped = report.runErrors ?? [];
  // The attributes the common JUnit schema (Jenkins' junit-10.xsd) allows: on testsuites name, time,
  // tests, failures, disabled and errors; skipped and timestamp belong on each testsuite.
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mbx verify ${xml(report.spec.file)}" tests="${results.length + stopped.length}" failures="${summary.fail}" errors="${summary.error + stopped.length}" time="${(report.durationMs / 1000).toFixed(3)}">\n`;
  // A run that stopped is one test case in error, so a CI's test view never shows it green.
  if (stopped.length > 0) {
    yield `  <testsuite name="run" tests="${stopped.length}" failures="0" errors="${stopped.length}" skipped="0" time="0.000" timestamp="${report.startedAt.replace(/\.\d+Z$|Z$/, '')}">\n`;
    for (const error of stopped)
      yield `    <testcase name="${xml(`the run: ${error.code}`)}" classname="mbx.run" time="0.000">\n      <error message="${xml(error.message)}" type="${xml(error.code)}">${xml(error.message)}</error>\n    </testcase>\n`;
    yield '  </testsuite>\n';
  }
  for (const [category, figures] of results.categories) {
    const counts = figures.summary;
    const tests = Object.values(counts).reduce((sum, count) => sum + count, 0);
    yield `  <testsuite name="${xml(category)}" tests="${tests}" failures="${counts.fail}" errors="${counts.error}" skipped="${counts.skip + counts.waived}" time="${(figures.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt.replace(/\.\d+Z$|Z$/, '')}">\n`;
    for (const result of results.select({ category })) yield `${testcase(result)}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
