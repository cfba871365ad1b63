import { warning, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** "Autodiscover doesn't enumerate security groups that have Full Access permission to the mailbox" (Add-MailboxPermission.md). */
export const groupAutoMapping: Rule = {
  id: 'group-auto-mapping',
  description: 'Auto-mapping cannot be asked for a group: Outlook does not auto-map mailboxes granted through groups.',
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const grant of mailbox.fullAccess) {
        if (!grant.autoMapping || !context.groups.has(grant.trustee)) continue;
        findings.push(
          warning(
            'SPEC_GROUP_AUTO_MAPPING',
            pointerJoin(grant.pointer, 'trustee'),
            `${mailbox.address} grants Full Access to group ${grant.trustee} with auto-mapping, but Outlook does not auto-map through groups; grant the people directly, or set autoMapping: false`,
          ),
        );
      }
    }
    return findings;
  },
};
