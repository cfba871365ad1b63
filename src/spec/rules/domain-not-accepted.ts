import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** Exchange only creates addresses in accepted domains; forwarding targets may be anywhere. */
export const domainNotAccepted: Rule = {
  id: 'domain-not-accepted',
  description: "Every mailbox, alias, user and group address must be in one of the tenant's accepted domains.",
  check(spec) {
    const accepted = new Set(spec.tenant.acceptedDomains);
    const findings: SpecFinding[] = [];
    const verify = (address: string, pointer: string, what: string) => {
      const domain = address.slice(address.lastIndexOf('@') + 1);
      if (!accepted.has(domain))
        findings.push(
          error(
            'SPEC_DOMAIN_NOT_ACCEPTED',
            pointer,
            `${what} ${address} is in ${domain}, which is not an accepted domain of the tenant (${spec.tenant.acceptedDomains.join(', ')}); add ${domain} to tenant.acceptedDomains or use an address in an accepted domain`,
          ),
        );
    };
    spec.users.forEach((user) => verify(user.address, pointerJoin(user.pointer, 'address'), 'user'));
    spec.groups.forEach((group) => verify(group.address, pointerJoin(group.pointer, 'address'), 'group'));
    for (const mailbox of spec.sharedMailboxes) {
      verify(mailbox.address, pointerJoin(mailbox.pointer, 'address'), 'shared mailbox');
      mailbox.aliases.forEach((alias, i) => verify(alias, pointerJoin(mailbox.pointer, 'aliases', i), 'alias'));
    }
    return findings;
  },
};
