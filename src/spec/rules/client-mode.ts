import { getProfile, identitiesFor, waysOf } from '../../profiles/index.js';
import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const clientMode: Rule = {
  id: 'client-mode',
  description: 'A client may only ask its profile for ways of reading and sending, and identities, that the profile supports.',
  check(spec) {
    const findings: SpecFinding[] = [];
    for (const mailbox of spec.sharedMailboxes) {
      for (const client of mailbox.clients) {
        const profile = getProfile(client.profile);
        for (const wanted of client.unsupported) {
          const verb = wanted.direction === 'inbound' ? 'read' : 'send';
          const identities = identitiesFor(profile, wanted.direction, wanted.way);
          const message =
            identities.length > 0
              ? `${profile.id} can ${verb} over ${wanted.way} only as ${identities.join(' or ')}, not as ${wanted.identity}; change identity or ${wanted.direction}`
              : `${profile.id} cannot ${verb} over ${wanted.way}; it offers ${waysOf(profile, wanted.direction).join(', ') || 'nothing'} (or none)`;
          const pointer = pointerJoin(client.pointer, identities.length > 0 ? 'identity' : wanted.direction);
          findings.push(error('SPEC_CLIENT_MODE_UNSUPPORTED', pointer, `${mailbox.address}: ${message}`));
        }
      }
    }
    return findings;
  },
};
