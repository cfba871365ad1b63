import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const aliasNotDeclared: Rule = {
  id: 'alias-not-declared',
  description: 'A client may only send from addresses that are aliases of the mailbox.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      const aliases = new Set(mailbox.aliases);
      for (const client of mailbox.clients) {
        client.sendFromAliases.forEach((alias, i) => {
          if (!aliases.has(alias))
            findings.push(
              error(
                'SPEC_ALIAS_NOT_DECLARED',
                pointerJoin(client.pointer, 'sendFromAliases', i),
                `${mailbox.address}'s ${client.profile} client sends from ${alias}, which is not one of its aliases (${mailbox.aliases.join(', ') || 'none'}); add it to aliases`,
              ),
            );
        });
      }
    }
    return findings;
  },
};
