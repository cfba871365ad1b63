/** MBX.APPSCOPE.3: the app's Exchange service principal holds the rights app-only protocols need. See MBX.APPSCOPE.3.md. */
import { appUnderCheck } from '../app.js';
import { type Finding, type OrganizationCheck } from '../../src/verify/model.js';
import { mailboxOf } from '../../src/verify/snapshot.js';
import { GRANT_COMMANDS } from '../check.js';

const APP_ONLY_PROTOCOLS = new Set(['imap', 'pop', 'smtp']);

export const check: OrganizationCheck = {
  id: 'MBX.APPSCOPE.3',
  scope: 'organization',
  sources: ['graph.applications', 'graph.appConsent', 'exchange.servicePrincipals', 'exchange.fullAccess', 'exchange.sendAs', 'exchange.mailboxes'],
  run({ spec, snapshot }) {
    const subject = appUnderCheck(spec, snapshot);
    if (Array.isArray(subject)) return subject;
    const { declared, app } = subject;
    // What Exchange must know the app for: mailbox rights for IMAP, POP and SMTP as the app, and RBAC roles.
    const needs = spec.sharedMailboxes.flatMap((mailbox) =>
      mailbox.clients.flatMap((client) =>
        client.modes
          .filter((mode) => mode.identity === 'app' && APP_ONLY_PROTOCOLS.has(mode.way))
          .flatMap((mode) => mode.rights.map((right) => ({ mailbox, right, way: mode.way, pointer: client.pointer }))),
      ),
    );
    if (needs.length === 0 && spec.appRbac.length === 0)
      return [
        {
          status: 'skip',
          skipReason: 'not-applicable',
          message: 'No client uses the app for IMAP, POP, SMTP or Graph with RBAC, so Exchange need not know it.',
          pointer: declared.pointer,
        },
      ];
    if (app.servicePrincipalId === undefined)
      return [{ status: 'skip', skipReason: 'depends-on', message: 'The app has no enterprise application; MBX.APP.1 reports it.', pointer: declared.pointer }];
    const registered = app.exchangeServicePrincipal;
    const register = `New-ServicePrincipal -AppId ${app.appId} -ObjectId ${app.servicePrincipalId} -DisplayName '${declared.displayName}'`;
    const fix = {
      spec: 'Keep the app section and run pulumi up.',
      pulumi: 'pulumi up registers the enterprise application in Exchange and grants its rights.',
    };
    if (registered === undefined) {
      return [
        {
          status: 'fail',
          subject: 'Exchange service principal',
          expected: app.servicePrincipalId,
          actual: 'not registered',
          message: `The app is not registered in Exchange (New-ServicePrincipal), so it can hold no mailbox right or RBAC role: app-only IMAP, POP and SMTP fail with "AUTHENTICATE failed".`,
          remediation: { ...fix, powershell: register },
          evidence: { appId: app.appId, servicePrincipalId: app.servicePrincipalId },
          pointer: declared.pointer,
        },
      ];
    }
    const evidence = { appId: app.appId, enterpriseApplicationObjectId: app.servicePrincipalId, exchangeServicePrincipal: registered };
    if (registered.objectId !== app.servicePrincipalId) {
      return [
        {
          status: 'fail',
          subject: 'Exchange service principal',
          expected: app.servicePrincipalId,
          actual: registered.objectId,
          message: `Exchange registered the app with object id ${registered.objectId}, not its enterprise application's (${app.servicePrincipalId}); this is usually the app registration's id. Tokens carry the enterprise application's id, so Exchange never matches them to the grants.`,
          remediation: { ...fix, powershell: `Remove-ServicePrincipal -Identity ${registered.identity}; ${register}` },
          evidence,
          pointer: declared.pointer,
        },
      ];
    }
    const trustee = registered.identity;
    const findings: Finding[] = needs.flatMap(({ mailbox, right, way, pointer }): Finding[] => {
      const facts = mailboxOf(snapshot, mailbox.address);
      if (facts === undefined) return [];
      const held =
        right === 'fullAccess'
          ? (snapshot.fullAccess.get(mailbox.address) ?? []).some((entry) => entry.trustee === trustee && !entry.deny)
          : right === 'sendAs'
            ? (snapshot.sendAs.get(facts.name) ?? []).includes(trustee)
            : facts.grantSendOnBehalfTo.includes(trustee);
      if (held) return [];
      const powershell = GRANT_COMMANDS[right].add(mailbox.address, trustee);
      return [
        {
          status: 'fail',
          subject: `${mailbox.address} ${right}`,
          expected: 'granted',
          actual: 'not granted',
          message: `The app's Exchange service principal lacks ${right} on ${mailbox.address}, which its ${way.toUpperCase()} client signs in with: the login fails.`,
          remediation: { spec: `Grant ${right} to app on ${mailbox.address}.`, pulumi: 'pulumi up grants the rights the spec declares.', powershell },
          evidence,
          pointer,
        },
      ];
    });
    if (findings.length > 0) return findings;
    return [
      {
        status: 'pass',
        subject: 'Exchange service principal',
        expected: app.servicePrincipalId,
        actual: registered.objectId,
        message: `Exchange knows the app by its enterprise application${needs.length === 0 ? '' : ', which holds every right its IMAP, POP and SMTP clients need'}.`,
        evidence,
        pointer: declared.pointer,
      },
    ];
  },
};
