import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** Sending from a proxy address needs Set-OrganizationConfig -SendFromAliasEnabled $true (default $false). */
export const aliasSendDisabled: Rule = {
  id: 'alias-send-disabled',
  description: 'Clients may send from aliases only when organization.sendFromAliasEnabled is true.',
  check(spec) {
    if (spec.organization.sendFromAliasEnabled) return [];
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const client of mailbox.clients) {
        if (client.sendFromAliases.length === 0) continue;
        findings.push(
          error(
            'SPEC_ALIAS_SEND_DISABLED',
            pointerJoin(client.pointer, 'sendFromAliases'),
            `${mailbox.address}'s ${client.profile} client sends from aliases, but the organization does not allow it; set organization.sendFromAliasEnabled: true (Set-OrganizationConfig -SendFromAliasEnabled $true)`,
          ),
        );
      }
    }
    return findings;
  },
};
