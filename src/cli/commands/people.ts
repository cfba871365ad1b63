/**
 * The organisation's people on the emulator: the users a spec names as delegates exist before mbx
 * runs (mbx licenses them and grants them rights; it never creates people in a real tenant), so
 * `mbx demo` and `mbx apply --local --people` create the ones the emulator lacks, with passwords
 * the probes sign in with.
 */
import { randomBytes } from 'node:crypto';
import type { M365Clients } from '../../m365/connect.js';
import { UsageError } from '../../errors.js';
import { ServiceError } from '../../m365/errors.js';
import type { Spec } from '../../spec/types.js';

/** The people the spec names: the organisation's own accounts, made before mbx runs, unlicensed. */
export async function createPeople(spec: Spec, clients: M365Clients): Promise<Record<string, { password: string }>> {
  return (await ensurePeople(spec, clients, {})).delegates;
}

/**
 * The people the spec names, on the emulator: each one the tenant lacks is created with a new
 * password (unlicensed: mbx licenses delegates, the organisation creates them); one it has keeps
 * the password `known` holds for it. What the probes need to sign in as each: their passwords.
 */
export async function ensurePeople(
  spec: Spec,
  clients: M365Clients,
  known: Readonly<Record<string, { password: string }>>,
): Promise<{ delegates: Record<string, { password: string }>; created: string[] }> {
  const delegates: Record<string, { password: string }> = {};
  const missing: Spec['users'][number][] = [];
  for (const user of spec.users) {
    const exists = await clients.graph.get(`/users/${encodeURIComponent(user.address)}?$select=id`).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ServiceError && error.status === 404) return false;
        throw error;
      },
    );
    const password = known[user.address]?.password;
    if (!exists) missing.push(user);
    else if (password !== undefined) delegates[user.address] = { password };
  }
  // Every person's domain must be one the tenant holds, checked before anyone is created (issue 29):
  // Entra would refuse the first such person with "Property userPrincipalName is invalid", after the others.
  if (missing.length > 0) {
    const domains = new Set((await clients.graph.list<{ id?: unknown }>('/domains')).map((domain) => String(domain.id ?? '').toLowerCase()));
    const foreign = missing.filter((user) => !domains.has((user.address.split('@')[1] ?? '').toLowerCase()));
    if (foreign.length > 0)
      throw new UsageError(
        `${foreign.map((user) => `${user.address} (${user.address.split('@')[1] ?? ''})`).join(', ')}: ${foreign.length === 1 ? 'its domain is' : 'their domains are'} not a domain of the tenant (${[...domains].sort().join(', ')}); nobody was created. Use an address in one of those domains, or start the emulator with --tenant <that domain>.`,
        { users: foreign.map((user) => user.address) },
      );
  }
  const created: string[] = [];
  for (const user of missing) {
    const fresh = `Mbx-${randomBytes(12).toString('base64url')}`;
    const nickname = user.address.split('@')[0] as string;
    await clients.graph.post('/users', {
      accountEnabled: true,
      displayName: user.displayName ?? nickname,
      mailNickname: nickname,
      userPrincipalName: user.address,
      passwordProfile: { password: fresh },
    });
    delegates[user.address] = { password: fresh };
    created.push(user.address);
  }
  return { delegates, created };
}
