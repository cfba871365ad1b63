import { closest } from '../suggest.js';
import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const waiverUnknownCheck: Rule = {
  id: 'waiver-unknown-check',
  description: 'A waiver must name a check mbx has.',
  check(spec, context) {
    const findings: SpecFinding[] = [];
    for (const waiver of spec.waivers) {
      if (context.checkIds.has(waiver.check)) continue;
      const guess = closest(waiver.check, [...context.checkIds]);
      findings.push(
        error(
          'SPEC_WAIVER_UNKNOWN_CHECK',
          pointerJoin(waiver.pointer, 'check'),
          `no check is called ${waiver.check}` + (guess ? `; did you mean ${guess}?` : '') + ' docs/checks.md lists the check ids',
        ),
      );
    }
    return findings;
  },
};
