import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** An unlicensed shared mailbox: at most 50 GB, no archive, no litigation hold (about-shared-mailboxes.md). */
const UNLICENSED_LIMIT_GB = 50;

export const licenceRequired: Rule = {
  id: 'licence-required',
  description: 'A shared mailbox with an archive, litigation hold or more than 50 GB must declare a licence, and a licensed one a usage location.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      if (mailbox.licence !== undefined && mailbox.usageLocation === undefined) {
        // New-Mailbox leaves the mailbox's user without a usage location, and Graph refuses a licence then.
        findings.push(
          error(
            'SPEC_USAGE_LOCATION_REQUIRED',
            pointerJoin(mailbox.pointer, 'licence'),
            `${mailbox.address} is licensed, and Microsoft 365 assigns a licence only to a user with a usage location ("License assignment cannot be done for user with invalid usage location"); set tenant.usageLocation (or usageLocation on the mailbox) to a two-letter country code such as DE`,
          ),
        );
      }
      if (mailbox.licence) continue;
      const needs: Array<[boolean, string, string]> = [
        [mailbox.archive === true, 'archive', 'an in-place archive'],
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
