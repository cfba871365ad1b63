/**
 * The report views: SARIF valid against the 2.1.0 schema (the copy @microsoft/jest-sarif ships,
 * a draft-04 schema, checked with ajv-draft-04), located at spec lines, waivers as suppressions; JUnit that parses with
 * a testcase per result; HTML that is self-contained and escapes what the tenant says; Markdown
 * with the fix in the table; text without colour unless asked.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/verify/runner.js';
import { CHECKS } from '../../checks/index.js';
import { MBX_SOURCE_URL, MBX_VERSION, PACKAGE_ROOT } from '../../src/paths.js';
import { render } from '../../src/verify/render/index.js';
import { MARKDOWN_ROWS } from '../../src/verify/render/markdown.js';
import type { CheckResult } from '../../src/verify/result.js';
import type { Report } from '../../src/verify/results.js';
import { allSourcesOk, compliantSnapshot, contoso, NOW, reportOf, withMailbox } from '../checks/fixture.js';

// ajv-draft-04 is CommonJS; under nodenext its default export arrives wrapped.
const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
const SARIF_SCHEMA = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

let report: Report;

/** The file in this checkout that a doc link on the web names (the link is this version's source). */
const localDoc = (url: string): string => join(PACKAGE_ROOT, url.startsWith(MBX_SOURCE_URL) ? url.slice(MBX_SOURCE_URL.length) : url);

beforeAll(async () => {
  const spec = await contoso();
  // Drift: a forward nobody declared, with markup in it; and a sent-items copy turned off, under a waiver.
  const snapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { forwardingSmtpAddress: '<script>alert(1)</script>@example.org' });
  const waived = {
    ...spec,
    waivers: [
      ...spec.waivers,
      { check: 'MBX.SENTITEMS.1', mailbox: 'team@contoso.com', rationale: 'Team reviews sent mail in the CRM.', expires: '2027-01-31', pointer: '/waivers/1' },
    ],
  };
  const drifted = withMailbox(snapshot, 'team@contoso.com', { messageCopyForSentAsEnabled: false });
  const results = evaluate(waived, drifted, allSourcesOk(), CHECKS, { now: NOW, locate: (pointer) => ({ line: pointer.split('/').length * 3, column: 5 }) });
  report = reportOf(results);
});

describe('SARIF', () => {
  it('is a valid SARIF 2.1.0 log with a rule per check and results at spec lines', () => {
    const log = JSON.parse(render(report, 'sarif'));
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormatsModule as unknown as typeof addFormatsModule.default)(ajv);
    const validate = ajv.compile(SARIF_SCHEMA);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('MBX.FORWARDING.1');
    const forwarding = run.results.find((result: { ruleId: string }) => result.ruleId === 'MBX.FORWARDING.1');
    expect(forwarding).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'examples/contoso.yaml' } } }] });
    expect(run.results.every((result: { properties: { status: string } }) => result.properties.status !== 'pass')).toBe(true);
    // Each rule's helpUri is the check's doc, which exists.
    const rule = run.tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'MBX.FORWARDING.1');
    expect(existsSync(localDoc(rule.helpUri))).toBe(true);
    expect(rule.helpUri).toMatch(/\/checks\/forwarding\/MBX\.FORWARDING\.1\.md$/);
    // GitHub files each rule by its security-severity (Critical, High, ...) and links mbx's home (issue 30).
    // Its tags name the benchmark control it supports, which GitHub's alert filter offers.
    expect(rule.properties).toMatchObject({ 'security-severity': '8.0', tags: ['security', 'forwarding', 'CIS.M365.6.2.1'] });
    expect(run.tool.driver.informationUri).toBe('https://github.com/mailbox-as-code/mbx');
    // Every rule has a full description (its doc's requirement) and help that says why and how to fix.
    for (const each of run.tool.driver.rules as { id: string; fullDescription?: { text: string }; help: { text: string } }[]) {
      expect(each.fullDescription?.text, each.id).toMatch(/\S/);
      expect(each.help.text, each.id).not.toContain('checks/<');
    }
    const exist = run.tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'MBX.EXIST.1');
    expect(exist.fullDescription.text).toContain('exists in Exchange Online with that primary SMTP address');
    expect(exist.help.text).toContain('Every other check of a mailbox depends on it.');
  });

  it('carries a waived finding as an external suppression with the rationale', () => {
    const run = JSON.parse(render(report, 'sarif')).runs[0];
    const waived = run.results.find((result: { ruleId: string }) => result.ruleId === 'MBX.SENTITEMS.1');
    expect(waived.suppressions).toEqual([{ kind: 'external', justification: 'Team reviews sent mail in the CRM. (until 2027-01-31)' }]);
  });
});

describe('JUnit', () => {
  it('parses, with one testcase per result and failures where results failed', () => {
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(render(report, 'junit'));
    type TestCase = { '@_classname': string; '@_file': string; '@_line': string; failure?: { '@_message': string } };
    const suites = [parsed.testsuites.testsuite].flat() as { testcase: TestCase | TestCase[] }[];
    const cases = suites.flatMap((suite) => [suite.testcase].flat());
    expect(cases).toHaveLength(report.results.length);
    expect(Number(parsed.testsuites['@_failures'])).toBe(report.summary.fail);
    const failure = cases.find((testcase) => testcase['@_classname'] === 'MBX.FORWARDING.1' && testcase.failure !== undefined);
    expect(failure?.failure?.['@_message']).toContain('<script>');
    // Each test case names the spec entry it traces to, for the readers that annotate a file's line.
    expect(failure).toMatchObject({ '@_file': 'examples/contoso.yaml', '@_line': expect.stringMatching(/^\d+$/) });
    // Only the attributes the common JUnit schema (Jenkins' junit-10.xsd) allows on each element.
    const attributes = (element: Record<string, unknown>): string[] =>
      Object.keys(element)
        .filter((key) => key.startsWith('@_'))
        .map((key) => key.slice(2));
    const suiteAttributes = ['name', 'tests', 'failures', 'errors', 'time', 'disabled', 'skipped', 'timestamp', 'hostname', 'id', 'package'];
    expect(attributes(parsed.testsuites).filter((name) => !['name', 'time', 'tests', 'failures', 'disabled', 'errors'].includes(name))).toEqual([]);
    for (const suite of suites as unknown as Record<string, unknown>[]) {
      expect(attributes(suite).filter((name) => !suiteAttributes.includes(name))).toEqual([]);
      expect(String(suite['@_timestamp'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    }
  });
});

describe('JUnit against the common schema', () => {
  /**
   * The rules of Jenkins' junit-10.xsd (jenkinsci/xunit-plugin), which most JUnit readers follow,
   * written out here: which element may hold which, the attributes each may carry and must, and the
   * SUREFIRE_TIME pattern of `time` on testsuites and testsuite.
   */
  const CHILDREN: Readonly<Record<string, readonly string[]>> = {
    testsuites: ['testsuite'],
    testsuite: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    testcase: ['skipped', 'error', 'failure', 'rerunFailure', 'rerunError', 'flakyFailure', 'flakyError', 'system-out', 'system-err'],
    properties: ['property'],
    property: [],
    failure: [],
    error: [],
    skipped: [],
    'system-out': [],
    'system-err': [],
  };
  const ATTRIBUTES: Readonly<Record<string, { allowed: readonly string[]; required: readonly string[] }>> = {
    testsuites: { allowed: ['name', 'time', 'tests', 'failures', 'errors', 'disabled'], required: [] },
    testsuite: {
      allowed: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
      required: ['name', 'tests', 'failures', 'errors'],
    },
    // file and line (the spec entry) are mbx's one addition to the schema: pytest, GitLab and GitHub's JUnit annotators read them.
    testcase: { allowed: ['name', 'time', 'classname', 'group', 'file', 'line'], required: ['name'] },
    failure: { allowed: ['type', 'message'], required: [] },
    error: { allowed: ['type', 'message'], required: [] },
    skipped: { allowed: ['type', 'message'], required: [] },
    'system-out': { allowed: [], required: [] },
    'system-err': { allowed: [], required: [] },
    properties: { allowed: [], required: [] },
    property: { allowed: ['name', 'value'], required: ['name', 'value'] },
  };
  const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;
  type Node = Record<string, unknown>;

  function problems(name: string, node: Node, path: string): string[] {
    const found: string[] = [];
    const rules = ATTRIBUTES[name];
    if (rules === undefined) return [`${path}: <${name}> is not an element of the schema`];
    const attributes = Object.keys(node)
      .filter((key) => key.startsWith('@_'))
      .map((key) => key.slice(2));
    for (const attribute of attributes) if (!rules.allowed.includes(attribute)) found.push(`${path}: <${name}> may not carry ${attribute}`);
    for (const attribute of rules.required) if (!attributes.includes(attribute)) found.push(`${path}: <${name}> must carry ${attribute}`);
    if ((name === 'testsuites' || name === 'testsuite') && node['@_time'] !== undefined && !SUREFIRE_TIME.test(String(node['@_time'])))
      found.push(`${path}: time ${String(node['@_time'])} is not a SUREFIRE_TIME`);
    for (const [child, value] of Object.entries(node)) {
      if (child.startsWith('@_') || child === '#text') continue;
      if (!(CHILDREN[name] ?? []).includes(child)) found.push(`${path}: <${name}> may not hold <${child}>`);
      [value]
        .flat()
        .forEach((item, index) =>
          found.push(...problems(child, typeof item === 'object' && item !== null ? (item as Node) : {}, `${path}/${child}[${index}]`)),
        );
    }
    return found;
  }

  it('holds only what junit-10.xsd allows, where it allows it, for failures, errors, skips, waivers and probe timings', () => {
    const timed = reportOf([
      ...[...report.results],
      {
        ...([...report.results].find((result) => result.status === 'pass') as CheckResult),
        checkId: 'MBX.IMAP.1',
        status: 'pass',
        timings: [{ name: 'connect', ms: 12.5 }],
      },
      { ...([...report.results].find((result) => result.status === 'fail') as CheckResult), status: 'error', message: 'could not read' },
    ]);
    const document = new XMLParser({ ignoreAttributes: false, isArray: (name) => name !== 'testsuites' }).parse(render(timed, 'junit')) as Node;
    expect(Object.keys(document).filter((key) => !key.startsWith('?'))).toEqual(['testsuites']);
    expect(problems('testsuites', document.testsuites as Node, '')).toEqual([]);
    const xml = render(timed, 'junit');
    for (const element of ['<failure', '<error', '<skipped', '<system-out>']) expect(xml).toContain(element);
    // The checker is not a rubber stamp: what the schema refuses, it refuses.
    expect(problems('testsuites', { '@_skipped': '1', testsuite: [{ '@_name': 'x', testcase: [{ '@_name': 'y', properties: [{}] }] }] }, '')).toEqual([
      ': <testsuites> may not carry skipped',
      '/testsuite[0]: <testsuite> must carry tests',
      '/testsuite[0]: <testsuite> must carry failures',
      '/testsuite[0]: <testsuite> must carry errors',
      '/testsuite[0]/testcase[0]: <testcase> may not hold <properties>',
    ]);
  });
});

describe('HTML', () => {
  it('is one self-contained file with no external resources, and escapes what the tenant says', () => {
    const page = render(report, 'html');
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('data-status="fail"');
  });

  it('opens on the verdict, lists what needs attention worst first, and collapses passes and skips into counts per check', () => {
    const page = render(report, 'html');
    const verdict = /<p class="verdict (\w+)"[^>]*>([^<]+)<\/p>/.exec(page);
    expect(verdict?.[1]).toBe('fail');
    expect(verdict?.[2]).toMatch(/^Does not match the spec: \d+ failures? \(/);
    expect(page.indexOf('class="verdict')).toBeLessThan(page.indexOf('<article'));
    const statuses = [...page.matchAll(/<article class="result" data-status="(\w+)"/g)].map((match) => match[1]);
    expect(statuses.length).toBe(report.results.notable.length);
    expect(statuses).toEqual(
      [...statuses].sort(
        (a, b) => ['fail', 'error', 'pending', 'warn', 'waived'].indexOf(a as string) - ['fail', 'error', 'pending', 'warn', 'waived'].indexOf(b as string),
      ),
    );
    expect(statuses).not.toContain('pass');
    // The waiver's reason and expiry, in its card and in the waivers table.
    expect(page).toMatch(/<h2 id="waivers">Waivers<\/h2>[\s\S]*MBX\.SENTITEMS\.1[\s\S]*2027-/);
    // Passes and skips: inside closed <details>, a row per check, counted.
    const passed = /<h2 id="pass">Passed<\/h2>\n<details><summary>([\d,]+) results passed/.exec(page);
    expect(Number(passed?.[1]?.replace(/,/g, ''))).toBe(report.summary.pass);
    expect(page.indexOf('<h2 id="skip">')).toBeGreaterThan(page.indexOf('<h2 id="pass">'));
  });

  it("links each result's check id to the check's doc, which exists", () => {
    const href = /<a href="([^"]+)">MBX\.FORWARDING\.1<\/a>/.exec(render(report, 'html'))?.[1] as string;
    expect(href).toMatch(/\/checks\/forwarding\/MBX\.FORWARDING\.1\.md$/);
    expect(existsSync(localDoc(href))).toBe(true);
  });
});

describe('JSON', () => {
  it('streams the report a result a line, and it parses back to the same report', () => {
    const json = render(report, 'json');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ ...report, results: [...report.results] })));
    expect(json.split('\n').filter((line) => line.startsWith('    {"checkId"'))).toHaveLength(report.results.length);
    const empty = reportOf([]);
    expect(JSON.parse(render(empty, 'json')).results).toEqual([]);
  });
});

describe('Markdown and text', () => {
  it("keeps the step summary under GitHub's 1 MiB, saying how many more results need attention", () => {
    const failures = Array.from({ length: MARKDOWN_ROWS + 5 }, (_, index) => ({
      ...([...report.results].find((result) => result.status === 'fail') as CheckResult),
      mailbox: `shared${index}@contoso.com`,
      message: `Forwarding ${index} is on`,
    }));
    const markdown = render(reportOf(failures), 'markdown');
    expect(markdown.split('\n').filter((line) => line.startsWith('- **fail** shared'))).toHaveLength(MARKDOWN_ROWS);
    expect(markdown).toContain('5 more results need attention; the JSON, HTML and text reports list them all.');
    expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024);
  });

  it('opens on the verdict and counts, groups findings by check with their fix, collapses identical ones, and lists waivers', () => {
    const markdown = render(report, 'markdown');
    const [heading, , , , counts] = markdown.split('\n');
    expect(heading).toMatch(/^## ❌ Does not match the spec: \d+ failures? \(\d+ high/);
    expect(counts).toMatch(/^❌ \d+ fail · ⚠️ \d+ error · ⏳ \d+ pending · 🟡 \d+ warn · 🔕 \d+ waived · ✅ \d+ pass · ⏭️ \d+ skip$/);
    // The check id links to the check's doc (its remediation and references), as Maester links each test.
    expect(markdown).toMatch(/#### ❌ \[MBX\.FORWARDING\.1\]\(https:\/\/\S+\/checks\/forwarding\/MBX\.FORWARDING\.1\.md\) .*\(high, 1; CIS\.M365\.6\.2\.1\)/);
    expect(markdown).toContain('  Fix: `Set-Mailbox -Identity info@contoso.com -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false`');
    expect(markdown).toMatch(
      /### 🔕 Waived\n\n- \[MBX\.SENTITEMS\.1\]\(\S+\) team@contoso\.com: until \*\*2027-01-31\*\*, Team reviews sent mail in the CRM\./,
    );
    // One bad secret for 64 mailboxes is one line, not 64.
    const same = Array.from({ length: 64 }, (_, index) => ({
      ...([...report.results].find((result) => result.status === 'fail') as CheckResult),
      mailbox: `shared${index}@contoso.com`,
      message: 'The client secret expired on 2026-11-30.',
      remediation: { powershell: 'New-MgApplicationPassword -ApplicationId x' },
    }));
    const collapsed = render(reportOf(same), 'markdown');
    expect(collapsed.split('\n').filter((line) => line.startsWith('- **fail**'))).toEqual([
      '- **fail** shared0@contoso.com, shared1@contoso.com, shared10@contoso.com, shared11@contoso.com, shared12@contoso.com and 59 more (×64): The client secret expired on 2026-11-30. (`examples/contoso.yaml:' +
        same[0]?.location.line +
        '`)',
    ]);
    // No line is a table row wider than GitHub's column: there are no tables at all.
    expect(markdown).not.toMatch(/^\|/m);
  });

  it('writes colour only when asked, and lists failures with their spec location', () => {
    expect(render(report, 'text', { colour: false })).not.toContain('\u001b[');
    expect(render(report, 'text', { colour: true })).toContain('\u001b[31mFAIL');
    expect(render(report, 'text', { colour: false })).toMatch(
      /FAIL {4}high {5}MBX\.FORWARDING\.1 info@contoso\.com \(CIS\.M365\.6\.2\.1\)\n[\s\S]*?at examples\/contoso\.yaml:\d+:5/,
    );
  });
});

describe('check links', () => {
  it("point at this version's docs on the web in every format, never at a file of the machine that wrote the report (issue 30)", () => {
    const saved = process.env.MBX_DOCS_URL;
    delete process.env.MBX_DOCS_URL;
    try {
      const base = `https://github.com/mailbox-as-code/mbx/blob/v${MBX_VERSION}/checks/`;
      for (const format of ['html', 'markdown', 'sarif'] as const) {
        const view = render(report, format);
        expect(view, format).not.toContain('file://');
        expect(view, format).toContain(`${base}forwarding/MBX.FORWARDING.1.md`);
      }
      // A team's own copy of the docs, where it says so.
      process.env.MBX_DOCS_URL = 'https://docs.example.org/mbx';
      expect(render(report, 'markdown')).toContain('https://docs.example.org/mbx/checks/forwarding/MBX.FORWARDING.1.md');
    } finally {
      if (saved === undefined) delete process.env.MBX_DOCS_URL;
      else process.env.MBX_DOCS_URL = saved;
    }
  });
});
