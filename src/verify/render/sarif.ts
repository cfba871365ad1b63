/**
 * SARIF 2.1.0 for code scanning: one rule per check (from the catalogue), one result per finding
 * that is not a pass, located at the spec line it traces to. Waived findings carry an external
 * suppression with the waiver's rationale, so they show as dismissed rather than vanish.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { MBX_HOME_URL, PACKAGE_ROOT } from '../../paths.js';
import { CATALOGUE } from '../../../checks/catalogue.js';
import type { CheckResult } from '../result.js';
import type { Report } from '../results.js';
import { checkDocUrl, remediationLines } from './common.js';

const LEVEL: Readonly<Record<string, Result.level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub code scanning's `security-severity` for each severity: a score it files as Critical (9.0 and
 * over), High (7.0 to 8.9), Medium (4.0 to 6.9) or Low (0.1 to 3.9), so its severity filter works
 * (docs.github.com, "SARIF support for code scanning", reportingDescriptor properties).
 */
const SECURITY_SEVERITY: Readonly<Record<string, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.5' };

function result(entry: CheckResult, uri: string): Result {
  const level: Result.level = entry.status === 'warn' || entry.status === 'error' ? 'warning' : (LEVEL[entry.severity] ?? 'warning');
  return {
    ruleId: entry.checkId,
    level,
    kind: entry.status === 'error' ? 'review' : 'fail',
    message: { text: [entry.message, ...remediationLines(entry)].join('\n') },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: entry.location.line, startColumn: entry.location.column } } }],
    partialFingerprints: { mbxResult: [entry.checkId, entry.mailbox ?? '', entry.subject ?? ''].join('|') },
    properties: {
      status: entry.status,
      severity: entry.severity,
      ...(entry.mailbox === undefined ? {} : { mailbox: entry.mailbox }),
      ...(entry.subject === undefined ? {} : { subject: entry.subject }),
    },
    ...(entry.waiver === undefined ? {} : { suppressions: [{ kind: 'external', justification: `${entry.waiver.rationale} (until ${entry.waiver.expires})` }] }),
  };
}

/** A check doc's sections (`## Requirement`, `## Rationale`, ...) by name; none when the doc is missing. */
function docSections(category: string, id: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(join(PACKAGE_ROOT, 'checks', category, `${id}.md`), 'utf8');
  } catch {
    return new Map();
  }
  const sections = new Map<string, string>();
  for (const part of text.split(/^## /m).slice(1)) {
    const [heading = '', ...body] = part.split('\n');
    sections.set(heading.trim(), body.join('\n').trim());
  }
  return sections;
}

/** Stands in for the results array in the log's JSON, which is then written a result a line. */
const RESULTS = '\u0000mbx-results';

export function* sarifChunks(report: Report): Generator<string> {
  const rules: ReportingDescriptor[] = CATALOGUE.map((check) => {
    // The auditor's doc gives the rule its full description (the requirement) and its help (why, and the fix).
    const doc = docSections(check.category, check.id);
    const requirement = doc.get('Requirement') ?? check.title;
    const help = [requirement, doc.get('Rationale'), doc.get('Remediation')].filter((part): part is string => part !== undefined && part !== '');
    return {
      id: check.id,
      name: check.id.replace(/\./g, ''),
      shortDescription: { text: check.title },
      fullDescription: { text: requirement },
      helpUri: checkDocUrl(check.id, check.category),
      help: { text: help.join('\n\n'), markdown: help.join('\n\n') },
      defaultConfiguration: { level: LEVEL[check.severity] ?? 'warning' },
      // The tag `security` makes GitHub treat the rule's results as security alerts, filed by security-severity.
      properties: {
        category: check.category,
        severity: check.severity,
        tags: ['security', check.category, ...check.controls],
        ...(check.controls.length === 0 ? {} : { controls: check.controls }),
        'security-severity': SECURITY_SEVERITY[check.severity] ?? '5.5',
      },
    };
  });
  const uri = report.spec.file.replace(/\\/g, '/');
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mbx', version: report.tool.version, informationUri: MBX_HOME_URL, rules } },
        invocations: [
          {
            executionSuccessful: report.sourceErrors.length === 0 && (report.runErrors?.length ?? 0) === 0,
            startTimeUtc: report.startedAt,
            // SARIF 2.1.0 §3.20.21: a condition that kept the tool from doing its work is a notification of level error.
            ...((report.runErrors?.length ?? 0) === 0
              ? {}
              : {
                  toolExecutionNotifications: (report.runErrors ?? []).map((error) => ({
                    level: 'error' as const,
                    message: { text: error.message },
                    descriptor: { id: error.code },
                  })),
                }),
          },
        ],
        results: RESULTS as unknown as Result[],
      },
    ],
  };
  const [before, after] = JSON.stringify(log, null, 2).split(JSON.stringify(RESULTS)) as [string, string];
  yield `${before}[`;
  let first = true;
  for (const entry of report.results.notable) {
    if (entry.status !== 'fail' && entry.status !== 'warn' && entry.status !== 'error' && entry.status !== 'waived') continue;
    yield `${first ? '' : ','}\n        ${JSON.stringify(result(entry, uri))}`;
    first = false;
  }
  yield `${first ? '' : '\n      '}]${after}\n`;
}
