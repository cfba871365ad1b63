/** The people a shared mailbox relies on: who signs in for its clients, who holds its rights, directly or through a declared group. */
import { declaredUsersOf } from '../../src/spec/groups.js';
import { APP_TRUSTEE, type SharedMailbox, type Spec } from '../../src/spec/types.js';

/** Each declared user the mailbox relies on, with the spec item that names it (the first found). */
export function peopleOf(spec: Spec, mailbox: SharedMailbox): Map<string, string> {
  const declared = new Set(spec.users.map((user) => user.address));
  const people = new Map<string, string>();
  const add = (address: string, pointer: string): void => {
    if (declared.has(address) && !people.has(address)) people.set(address, pointer);
  };
  for (const client of mailbox.clients)
    if (client.user !== undefined && client.modes.some((mode) => mode.identity === 'delegate')) add(client.user, `${client.pointer}/user`);
  for (const grant of [...mailbox.fullAccess, ...mailbox.sendAs, ...mailbox.sendOnBehalf]) {
    if (grant.trustee === APP_TRUSTEE) continue;
    add(grant.trustee, grant.pointer);
    // A grant to a declared group reaches its declared members, nested groups' too.
    for (const member of declaredUsersOf(spec, grant.trustee).users) add(member, grant.pointer);
  }
  return people;
}
