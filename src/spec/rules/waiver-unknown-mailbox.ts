import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const waiverUnknownMailbox: Rule = {
  id: 'waiver-unknown-mailbox',
  description: 'A waiver that names a mailbox must name a declared shared mailbox.',
  check(spec) {
    const declared = new Set(spec.sharedMailboxes.map((m) => m.address));
    const findings: SpecFinding[] = [];
    for (const waiver of spec.waivers) {
      if (waiver.mailbox === undefined || declared.has(waiver.mailbox)) continue;
      findings.push(
        error(
          'SPEC_WAIVER_UNKNOWN_MAILBOX',
          pointerJoin(waiver.pointer, 'mailbox'),
          `the waiver for ${waiver.check} names ${waiver.mailbox}, which is not a shared mailbox of this spec; fix the address or drop mailbox to waive it organization-wide`,
        ),
      );
    }
    return findings;
  },
};
