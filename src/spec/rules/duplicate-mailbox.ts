import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const duplicateMailbox: Rule = {
  id: 'duplicate-mailbox',
  description: 'Two shared mailboxes may not have the same address.',
  check(spec) {
    const findings: SpecFinding[] = [];
    const first = new Map<string, string>();
    for (const mailbox of spec.sharedMailboxes) {
      const earlier = first.get(mailbox.address);
      if (earlier === undefined) first.set(mailbox.address, mailbox.pointer);
      else
        findings.push(
          error(
            'SPEC_DUPLICATE_MAILBOX',
            pointerJoin(mailbox.pointer, 'address'),
            `shared mailbox ${mailbox.address} is declared twice (first at ${earlier}); merge the two entries into one`,
          ),
        );
    }
    return findings;
  },
};
