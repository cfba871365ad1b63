/** MBX.APPSCOPE.1: RBAC for Applications scopes the app to exactly the declared mailboxes. See MBX.APPSCOPE.1.md. */
import { appUnderCheck } from '../app.js';
import { type Finding, type OrganizationCheck } from '../../src/verify/model.js';
import { compareSets } from '../check.js';

const ORGANIZATION = 'the whole organization';

export const check: OrganizationCheck = {
  id: 'MBX.APPSCOPE.1',
  scope: 'organization',
  sources: ['graph.applications', 'exchange.servicePrincipals', 'exchange.roleAssignments'],
  run({ spec, snapshot }) {
    const subject = appUnderCheck(spec, snapshot);
    if (Array.isArray(subject)) return subject;
    const { declared, app } = subject;
    const pointer = `${declared.pointer}/mailboxScope`;
    if (declared.mailboxScope !== 'rbac')
      return [
        { status: 'skip', skipReason: 'not-applicable', message: `The spec scopes the app by ${declared.mailboxScope}, not RBAC for Applications.`, pointer },
      ];
    const assignments = (snapshot.appScope?.assignments ?? []).filter((assignment) => assignment.role.startsWith('Application '));
    if (spec.appRbac.length === 0 && assignments.length === 0)
      return [
        {
          status: 'skip',
          skipReason: 'not-applicable',
          message: 'No client reaches mail through Graph as the app, so it needs no RBAC for Applications role.',
          pointer,
        },
      ];
    const sp = app.exchangeServicePrincipal;
    if (sp === undefined)
      return [
        {
          status: 'skip',
          skipReason: 'depends-on',
          message: 'The app is not registered in Exchange, so it can hold no role; MBX.APPSCOPE.3 reports it.',
          pointer,
        },
      ];

    const scopes = snapshot.appScope?.scopes ?? new Map();
    const mailboxesOf = (role: string): { reach: Set<string>; organization: boolean; used: string[] } => {
      const held = assignments.filter((assignment) => assignment.role.toLowerCase() === role.toLowerCase());
      const reach = new Set(held.flatMap((assignment) => (assignment.scope === null ? [] : (scopes.get(assignment.scope)?.mailboxes ?? []))));
      return { reach, organization: held.some((assignment) => assignment.scope === null), used: held.map((assignment) => assignment.scope ?? ORGANIZATION) };
    };
    const assign = (role: string, scopeName: string): string =>
      `New-ManagementRoleAssignment -App ${sp.identity} -Role '${role}' -CustomResourceScope '${scopeName}'`;
    const findings: Finding[] = [];
    for (const { role, mailboxes, scopeName } of spec.appRbac) {
      const { reach, organization, used } = mailboxesOf(role);
      const evidence = {
        role,
        assignedScopes: used,
        filters: Object.fromEntries([...scopes].filter(([name]) => used.includes(name)).map(([name, scope]) => [name, scope.filter])),
        reaches: organization ? ORGANIZATION : [...reach].sort(),
        needed: mailboxes,
      };
      const fix = {
        spec: 'Nothing to change: the role and its mailboxes come from the clients.',
        pulumi: `pulumi up assigns ${role} scoped to "${scopeName}", whose filter names exactly the mailboxes.`,
      };
      if (used.length === 0) {
        findings.push({
          status: 'fail',
          subject: role,
          expected: mailboxes,
          actual: 'not assigned',
          message: `The app holds no ${role} role, so it cannot reach ${mailboxes.join(', ')} through Graph: requests fail with 403 ErrorAccessDenied.`,
          remediation: { ...fix, powershell: assign(role, scopeName) },
          evidence,
          pointer,
        });
        continue;
      }
      if (organization) {
        findings.push({
          status: 'fail',
          subject: role,
          expected: mailboxes,
          actual: ORGANIZATION,
          message: `${role} is assigned to the app without a scope: it reaches every mailbox in the organization, not just ${mailboxes.join(', ')}.`,
          remediation: { ...fix, powershell: `Remove-ManagementRoleAssignment <the unscoped ${role} assignment>; ${assign(role, scopeName)}` },
          evidence,
          pointer,
        });
        continue;
      }
      const { missing, extra } = compareSets(mailboxes, reach);
      const rescope = `Set-ManagementScope '${scopeName}' -RecipientRestrictionFilter "${mailboxes.map((address) => `PrimarySmtpAddress -eq '${address}'`).join(' -or ')}"`;
      if (missing.length > 0) {
        findings.push({
          status: 'fail',
          subject: role,
          expected: mailboxes,
          actual: [...reach].sort(),
          message: `The app's ${role} scope does not reach ${missing.join(', ')}: its client's Graph requests there fail with 403 ErrorAccessDenied.`,
          remediation: { ...fix, powershell: rescope },
          evidence,
          pointer,
        });
      }
      if (extra.length > 0) {
        findings.push({
          status: 'fail',
          subject: role,
          expected: mailboxes,
          actual: [...reach].sort(),
          message: `The app's ${role} scope also reaches ${extra.join(', ')}, which no client of the spec needs it to.`,
          remediation: { ...fix, powershell: rescope },
          evidence,
          pointer,
        });
      }
      if (missing.length === 0 && extra.length === 0)
        findings.push({
          status: 'pass',
          subject: role,
          expected: mailboxes,
          actual: [...reach].sort(),
          message: `${role} reaches exactly ${mailboxes.join(', ')}.`,
          evidence,
          pointer,
        });
    }
    const needed = new Set(spec.appRbac.map((entry) => entry.role.toLowerCase()));
    for (const assignment of assignments.filter((candidate) => !needed.has(candidate.role.toLowerCase()))) {
      findings.push({
        status: 'fail',
        subject: assignment.role,
        expected: 'not assigned',
        actual: assignment.scope ?? ORGANIZATION,
        message: `The app holds ${assignment.role} (${assignment.scope === null ? 'organization-wide' : `scope "${assignment.scope}"`}), which no client of the spec needs.`,
        remediation: {
          spec: 'Nothing to add: a client that needs this role is missing from the spec.',
          pulumi: 'pulumi up removes role assignments the clients do not need.',
          powershell: `Remove-ManagementRoleAssignment -Identity '${assignment.name}'`,
        },
        evidence: { assignment: assignment.name, role: assignment.role, scope: assignment.scope },
        pointer,
      });
    }
    return findings;
  },
};
