import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/**
 * The app's SMTP authorization model (profiles/modes.ts): RBAC for Applications needs the app
 * scoped that way (app.mailboxScope rbac), and one app cannot use both models, because a token that
 * carries the Entra permission SMTP.SendAsApp makes Exchange check mailbox permissions for every
 * send of the app (smtp-app-rbac-onboarding.md), which the RBAC model's mailboxes do not hold.
 */
export const smtpAuthorization: Rule = {
  id: 'smtp-authorization',
  description: "The app's SMTP clients use one authorization model, and the RBAC model only with mailboxScope rbac.",
  check(spec) {
    const findings: SpecFinding[] = [];
    const clients = spec.sharedMailboxes.flatMap((mailbox) =>
      mailbox.clients.filter((client) => client.smtpAuthorization !== undefined).map((client) => ({ mailbox, client })),
    );
    const permission = clients.find(({ client }) => client.smtpAuthorization === 'mailbox-permission');
    for (const { mailbox, client } of clients) {
      if (client.smtpAuthorization !== 'rbac') continue;
      const at = pointerJoin(client.pointer, 'smtpAuthorization');
      if (spec.app !== undefined && spec.app.mailboxScope !== 'rbac')
        findings.push(
          error(
            'SPEC_SMTP_AUTHORIZATION',
            at,
            `${mailbox.address}'s ${client.profile} client sends by RBAC for Applications, but the app's mailboxScope is ${spec.app.mailboxScope}; set app.mailboxScope: rbac, or smtpAuthorization: mailbox-permission`,
          ),
        );
      else if (permission !== undefined)
        findings.push(
          error(
            'SPEC_SMTP_AUTHORIZATION',
            at,
            `${mailbox.address}'s ${client.profile} client sends by RBAC for Applications, but ${permission.mailbox.address}'s client needs the Entra permission SMTP.SendAsApp, which makes Exchange check mailbox permissions for every send of the app; give every SMTP client of the app the same smtpAuthorization`,
          ),
        );
    }
    return findings;
  },
};
