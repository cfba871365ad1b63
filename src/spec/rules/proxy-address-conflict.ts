import { error, pointerJoin, type SpecFinding } from '../diagnostics.js';
import type { Rule } from './rule.js';

interface Owner {
  readonly what: string;
  readonly pointer: string;
  readonly primaryOfMailbox: boolean;
}

/**
 * Exchange keeps one directory-wide set of proxy addresses: a second object claiming one fails
 * with 'The proxy address "SMTP:..." is already being used by the proxy addresses or
 * LegacyExchangeDN.' (m365-fidelity.md 2.1). Two mailboxes with one primary address are left to
 * duplicate-mailbox, which says it better.
 */
export const proxyAddressConflict: Rule = {
  id: 'proxy-address-conflict',
  description: 'An address (primary or alias, of a mailbox, user or group) may be used only once in the spec.',
  check(spec) {
    const findings: SpecFinding[] = [];
    const owners = new Map<string, Owner>();
    const claim = (address: string, owner: Owner) => {
      const earlier = owners.get(address);
      if (!earlier) {
        owners.set(address, owner);
        return;
      }
      if (earlier.primaryOfMailbox && owner.primaryOfMailbox) return;
      findings.push(
        error(
          'SPEC_PROXY_ADDRESS_CONFLICT',
          owner.pointer,
          `${address} is already used by ${earlier.what} (${earlier.pointer}); Exchange refuses it with "The proxy address "smtp:${address}" is already being used by the proxy addresses or LegacyExchangeDN." Give each address to one object only`,
        ),
      );
    };
    spec.users.forEach((user) => claim(user.address, { what: `user ${user.address}`, pointer: pointerJoin(user.pointer, 'address'), primaryOfMailbox: false }));
    spec.groups.forEach((group) =>
      claim(group.address, { what: `group ${group.address}`, pointer: pointerJoin(group.pointer, 'address'), primaryOfMailbox: false }),
    );
    // Primary addresses first, so a clash is blamed on the alias, wherever the two are written.
    for (const mailbox of spec.sharedMailboxes)
      claim(mailbox.address, {
        what: `shared mailbox ${mailbox.address}`,
        pointer: pointerJoin(mailbox.pointer, 'address'),
        primaryOfMailbox: true,
      });
    for (const mailbox of spec.sharedMailboxes)
      mailbox.aliases.forEach((alias, i) =>
        claim(alias, {
          what: `an alias of shared mailbox ${mailbox.address}`,
          pointer: pointerJoin(mailbox.pointer, 'aliases', i),
          primaryOfMailbox: false,
        }),
      );
    return findings;
  },
};
