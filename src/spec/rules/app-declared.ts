import { error, type SpecFinding } from '../diagnostics.js';
import { APP_TRUSTEE } from '../types.js';
import type { Rule } from './rule.js';

export const appDeclared: Rule = {
  id: 'app-declared',
  description: 'A spec that grants rights to the app, or has clients signing in as the app, must declare the app.',
  check(spec) {
    if (spec.app) return [];
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const grant of [...mailbox.fullAccess, ...mailbox.sendAs, ...mailbox.sendOnBehalf]) {
        if (grant.trustee === APP_TRUSTEE)
          findings.push(
            error('SPEC_APP_MISSING', grant.pointer, `${mailbox.address} grants a right to the app, but the spec declares no app; add an app section`),
          );
      }
      for (const client of mailbox.clients) {
        if (client.modes.some((mode) => mode.identity === 'app'))
          findings.push(
            error(
              'SPEC_APP_MISSING',
              client.pointer,
              `${mailbox.address}'s ${client.profile} client signs in as the app, but the spec declares no app; add an app section`,
            ),
          );
      }
    }
    return findings;
  },
};
