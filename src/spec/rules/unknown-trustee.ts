import { error, type SpecFinding } from '../diagnostics.js';
import { APP_TRUSTEE } from '../types.js';
import type { Rule } from './rule.js';

export const unknownTrustee: Rule = {
  id: 'unknown-trustee',
  description: 'A Full Access, Send As or Send on Behalf trustee must be a declared user or group, or the app.',
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const grant of [...mailbox.fullAccess, ...mailbox.sendAs, ...mailbox.sendOnBehalf]) {
        if (grant.trustee === APP_TRUSTEE || context.users.has(grant.trustee) || context.groups.has(grant.trustee)) continue;
        findings.push(
          error(
            'SPEC_UNKNOWN_TRUSTEE',
            grant.pointer,
            `trustee ${grant.trustee} of ${mailbox.address} is not declared; add it under users (or groups), or write app for the spec's app`,
          ),
        );
      }
    }
    return findings;
  },
};
