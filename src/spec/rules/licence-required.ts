import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** An unlicensed shared mailbox: at most 50 GB, no archive, no litigation hold (about-shared-mailboxes.md). */
const UNLICENSED_LIMIT_GB = 50;

export const licenceRequired: Rule = {
  id: 'licence-required',
  description: 'A shared mailbox with an archive, litigation hold or more than 50 GB must declare a licence.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      if (mailbox.licence) continue;
      const needs: Array<[boolean, string, string]> = [
        [mailbox.archive, 'archive', 'an in-place archive'],
        [mailbox.litigationHold, 'litigationHold', 'litigation hold'],
        [
          (mailbox.sizeWarningGB ?? 0) > UNLICENSED_LIMIT_GB,
          'sizeWarningGB',
          `a size warning above the ${UNLICENSED_LIMIT_GB} GB an unlicensed shared mailbox may hold`,
        ],
      ];
      for (const [needed, key, what] of needs) {
        if (!needed) continue;
        findings.push(
          error(
            'SPEC_LICENCE_REQUIRED',
            pointerJoin(mailbox.pointer, key),
            `${mailbox.address} asks for ${what}, which needs a licence (Exchange Online Plan 2, or Plan 1 with Exchange Online Archiving); add licence: EXCHANGEENTERPRISE or drop ${key}`,
          ),
        );
      }
    }
    return findings;
  },
};
