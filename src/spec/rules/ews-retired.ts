import { warning, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const ewsRetired: Rule = {
  id: 'ews-retired',
  description: 'A client should not use a way Microsoft has retired, such as Exchange Web Services.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const client of mailbox.clients) {
        for (const mode of client.modes) {
          if (!mode.retired) continue;
          findings.push(
            warning(
              'SPEC_EWS_RETIRED',
              pointerJoin(client.pointer, mode.direction),
              `${mailbox.address}'s ${client.profile} client uses ${mode.way}: ${mode.retired}`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
