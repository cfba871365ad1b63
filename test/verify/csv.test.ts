/**
 * The action plan (`--format csv`, mbx-actions.csv): one row per finding with the columns an
 * auditor fills in, as ScubaGear's ActionPlan.csv. Read back with csv-parse, as a spreadsheet or
 * script would: every finding a row, a waived one with its waiver's expiry and reason filled in,
 * the benchmark controls named, and tenant text that a spreadsheet would run as a formula defused.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { CSV_COLUMNS } from '../../src/verify/render/csv.js';
import { render } from '../../src/verify/render/index.js';
import type { Report } from '../../src/verify/results.js';
import { evaluate } from '../../src/verify/runner.js';
import { allSourcesOk, compliantSnapshot, contoso, NOW, reportOf, withMailbox, withUser } from '../checks/fixture.js';

let report: Report;
let text: string;
let rows: Record<string, string>[];

beforeAll(async () => {
  const spec = await contoso();
  const waived = {
    ...spec,
    waivers: [
      ...spec.waivers,
      { check: 'MBX.SENTITEMS.1', mailbox: 'team@contoso.com', rationale: 'Team reviews sent mail in the CRM.', expires: '2027-01-31', pointer: '/waivers/1' },
    ],
  };
  // A forward to an address a spreadsheet would run as a formula, a mailbox that can sign in, and a waived sent-items copy.
  let snapshot = withMailbox(compliantSnapshot(spec), 'info@contoso.com', { forwardingSmtpAddress: '=HYPERLINK("http://evil.example","x")@example.org' });
  snapshot = withUser(withMailbox(snapshot, 'team@contoso.com', { messageCopyForSentAsEnabled: false }), 'sales@contoso.com', { accountEnabled: true });
  report = reportOf(evaluate(waived, snapshot, allSourcesOk(), CHECKS, { now: NOW, locate: () => ({ line: 12, column: 5 }) }));
  text = render(report, 'csv');
  rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
});

it('starts with a byte order mark for Excel and has the action plan columns, owner, due date and justification last', () => {
  expect(text.startsWith('\ufeffstatus,severity,check,')).toBe(true);
  expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
  expect(CSV_COLUMNS.slice(-3)).toEqual(['owner', 'due date', 'justification']);
});

it('has one row per finding, each with its check, mailbox, spec line, fix and doc', () => {
  expect(rows).toHaveLength(report.results.notable.length);
  expect(rows.map((row) => `${row.status} ${row.check} ${row.mailbox}`).sort()).toEqual([
    'fail MBX.FORWARDING.1 info@contoso.com',
    'fail MBX.SIGNIN.1 sales@contoso.com',
    'waived MBX.SENTITEMS.1 team@contoso.com',
  ]);
  const signIn = rows.find((row) => row.check === 'MBX.SIGNIN.1');
  expect(signIn).toMatchObject({
    severity: 'high',
    controls: 'CIS.M365.1.2.2',
    spec: 'examples/contoso.yaml:12:5',
    owner: '',
    'due date': '',
    justification: '',
  });
  expect(signIn?.fix).toMatch(/AccountEnabled/);
  expect(signIn?.doc).toMatch(/^https:\/\/\S+\/checks\/sign-in\/MBX\.SIGNIN\.1\.md$/);
});

it("fills in a waived finding's due date and justification from its waiver", () => {
  expect(rows.find((row) => row.status === 'waived')).toMatchObject({ 'due date': '2027-01-31', justification: 'Team reviews sent mail in the CRM.' });
});

it('defuses tenant text a spreadsheet would run as a formula, and keeps its quotes and commas intact', () => {
  const forwarding = rows.find((row) => row.check === 'MBX.FORWARDING.1');
  expect(forwarding?.found).toMatch(/^'=HYPERLINK\("http:\/\/evil\.example","x"\)@example\.org/);
  expect(Object.values(forwarding ?? {}).every((cell) => !/^[=+\-@]/.test(cell))).toBe(true);
});
