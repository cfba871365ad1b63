import { warning, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** A waiver applies through its expiry day; after it, the finding counts again and this warns. */
export const waiverExpired: Rule = {
  id: 'waiver-expired',
  description: 'A waiver past its expiry date no longer applies.',
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const waiver of spec.waivers) {
      if (waiver.expires >= context.today) continue;
      findings.push(
        warning(
          'SPEC_WAIVER_EXPIRED',
          pointerJoin(waiver.pointer, 'expires'),
          `the waiver for ${waiver.check}${waiver.mailbox ? ` on ${waiver.mailbox}` : ''} expired on ${waiver.expires} and no longer applies; renew it with a fresh rationale or remove it`,
        ),
      );
    }
    return findings;
  },
};
