/**
 * The access model built from a snapshot (docs/architecture.md, "The access model"): grants on
 * each mailbox (Full Access, Send As, Send on Behalf) and who they reach through groups; the ways
 * mail leaves it (forwarding, inbox rules) and folders opened to others (mail-out.ts); and apps
 * (apps.ts). With a spec, each path says whether the spec declares it; without, `declared` is null.
 */
import type { Spec, SharedMailbox } from '../spec/types.js';
import { APP_TRUSTEE } from '../spec/types.js';
import { declaredUsersOf } from '../spec/groups.js';
import { groupOf, isSecurityGroup, type GroupFacts, type TenantSnapshot } from '../verify/snapshot.js';
import { appPaths } from './apps.js';
import { credentialEntries } from './credentials.js';
import { mailOutPaths } from './mail-out.js';
import { PATH_KINDS, type AccessModel, type AccessPath, type PathKind, type Principal, type Right } from './model.js';

/** What builds the model: the snapshot, and the spec when there is one to compare. */
export interface AccessInputs {
  readonly snapshot: TenantSnapshot;
  readonly spec?: Spec;
  /** The shared mailboxes to cover: the spec's, or every shared mailbox of the snapshot. */
  readonly mailboxes?: readonly string[];
  /** Sources that could not be read. */
  readonly unread?: readonly string[];
}

/** A grant as a permission list shows it, with the spec's word for the same trustee. */
interface Grant {
  readonly kind: 'full-access' | 'send-as' | 'send-on-behalf';
  readonly shown: string;
}

/** Each grant's rights, and the way a direct grant runs: one array and one string for every path of the kind. */
const RIGHTS_OF: Readonly<Record<Grant['kind'], readonly Right[]>> = { 'full-access': ['read'], 'send-as': ['send-as'], 'send-on-behalf': ['send-on-behalf'] };
const NONE: readonly string[] = [];

/**
 * What paths repeat, made once per build: a principal object per principal, a string per way a
 * group grant runs. A model of 10,000 mailboxes is held for the whole run; shared parts keep it
 * small (npm run bench:verify, memoryAt).
 */
interface Shared {
  principal(principal: Principal): Principal;
  text(text: string): string;
}

function sharing(): Shared {
  const principals = new Map<string, Principal>();
  const texts = new Map<string, string>();
  return {
    principal(principal) {
      const key = `${principal.kind}\u0000${principal.id}\u0000${principal.name}`;
      const found = principals.get(key);
      if (found !== undefined) return found;
      principals.set(key, principal);
      return principal;
    },
    text(text) {
      const found = texts.get(text);
      if (found !== undefined) return found;
      texts.set(text, text);
      return text;
    },
  };
}
const GRANT_WORDS: Readonly<Record<Grant['kind'], string>> = { 'full-access': 'Full Access', 'send-as': 'Send As', 'send-on-behalf': 'Send on Behalf' };
const DIRECT: Readonly<Record<Grant['kind'], string>> = {
  'full-access': 'Full Access granted directly',
  'send-as': 'Send As granted directly',
  'send-on-behalf': 'Send on Behalf granted directly',
};
const SPEC_LIST: Readonly<Record<Grant['kind'], 'fullAccess' | 'sendAs' | 'sendOnBehalf'>> = {
  'full-access': 'fullAccess',
  'send-as': 'sendAs',
  'send-on-behalf': 'sendOnBehalf',
};

/** The grants Exchange shows on a mailbox. */
function grantsOn(snapshot: TenantSnapshot, address: string): Grant[] {
  const facts = snapshot.mailboxes.get(address);
  if (facts === undefined) return [];
  const fullAccess = (snapshot.fullAccess.get(address) ?? []).filter((entry) => !entry.deny && !entry.inherited).map((entry) => entry.trustee);
  return [
    ...fullAccess.map((shown): Grant => ({ kind: 'full-access', shown })),
    ...(snapshot.sendAs.get(facts.name) ?? []).map((shown): Grant => ({ kind: 'send-as', shown })),
    ...facts.grantSendOnBehalfTo.map((shown): Grant => ({ kind: 'send-on-behalf', shown })),
  ];
}

/** Who a trustee as Exchange shows it is: a group, the spec's app or another app, or a user. */
export function principalOf(snapshot: TenantSnapshot, shown: string): Principal | GroupFacts {
  const group = groupOf(snapshot, shown);
  if (group !== undefined) return group;
  const app = snapshot.mailApps.find((candidate) => candidate.exchangeIdentity === shown || candidate.servicePrincipalId === shown);
  if (app !== undefined) return { kind: 'app', id: app.appId, name: app.displayName };
  if (snapshot.app !== undefined && shown === snapshot.app.exchangeTrustee) return { kind: 'app', id: snapshot.app.appId, name: snapshot.app.displayName };
  const user = snapshot.users.get(shown);
  return { kind: 'user', id: shown, name: user?.displayName || shown };
}

const isGroup = (value: Principal | GroupFacts): value is GroupFacts => 'primaryAddress' in value;

/** The spec's entry for a trustee on a mailbox's list, if it declares one. */
function declaredGrant(
  snapshot: TenantSnapshot,
  mailbox: SharedMailbox,
  kind: Grant['kind'],
  principal: Principal | GroupFacts,
): { pointer: string } | undefined {
  // Only the spec's own app is the spec's `app`; another app is declared nowhere.
  if (!isGroup(principal) && principal.kind === 'app' && principal.id !== snapshot.app?.appId) return undefined;
  const spelled = isGroup(principal)
    ? new Set([principal.primaryAddress, ...principal.smtpAddresses])
    : new Set([principal.kind === 'app' ? APP_TRUSTEE : principal.id]);
  return mailbox[SPEC_LIST[kind]].find((grant) => spelled.has(grant.trustee));
}

/**
 * The members a group's grant reaches, each with the groups the membership runs through (the
 * granted group first): direct members, then nested groups' members where the snapshot has them;
 * transitive members no chain explains run through "(nested)".
 */
type Member = { readonly user: string; readonly name: string; readonly chain: readonly string[] };

/** Each group's members as membersOf found them, per snapshot: a group granted on a thousand mailboxes is walked once. */
const walked = new WeakMap<TenantSnapshot, Map<GroupFacts, Member[]>>();
const groupsById = new WeakMap<TenantSnapshot['groups'], Map<string, GroupFacts>>();

function membersOf(snapshot: TenantSnapshot, group: GroupFacts): readonly Member[] {
  let cache = walked.get(snapshot);
  if (cache === undefined) walked.set(snapshot, (cache = new Map()));
  let members = cache.get(group);
  if (members === undefined) cache.set(group, (members = walkGroup(snapshot, group)));
  return members;
}

function walkGroup(snapshot: TenantSnapshot, group: GroupFacts): Member[] {
  let byId = groupsById.get(snapshot.groups);
  if (byId === undefined) groupsById.set(snapshot.groups, (byId = new Map([...snapshot.groups.values()].map((candidate) => [candidate.id, candidate]))));
  const found = new Map<string, Member>();
  const visit = (current: GroupFacts, chain: string[]): void => {
    for (const member of current.members ?? []) {
      if (member.kind === 'group') {
        const nested = byId?.get(member.id) ?? groupOf(snapshot, member.address);
        if (nested !== undefined && !chain.includes(nested.primaryAddress)) visit(nested, [...chain, nested.primaryAddress]);
      } else if (member.kind === 'user' && !found.has(member.address))
        found.set(member.address, { user: member.address, name: snapshot.users.get(member.address)?.displayName || member.address, chain });
    }
  };
  visit(group, [group.primaryAddress]);
  for (const member of group.transitiveMembers ?? [])
    if (member.kind === 'user' && !found.has(member.address))
      found.set(member.address, {
        user: member.address,
        name: snapshot.users.get(member.address)?.displayName || member.address,
        chain: [group.primaryAddress, '(nested)'],
      });
  return [...found.values()];
}

/** The paths of the grants on one mailbox: to each trustee, and through each security group to its members. */
function grantPaths(inputs: AccessInputs, address: string, specMailbox: SharedMailbox | undefined, shared: Shared): AccessPath[] {
  const { snapshot, spec } = inputs;
  const paths: AccessPath[] = [];
  for (const grant of grantsOn(snapshot, address)) {
    const principal = principalOf(snapshot, grant.shown);
    const declared = spec === undefined || specMailbox === undefined ? undefined : declaredGrant(snapshot, specMailbox, grant.kind, principal);
    const decided = spec === undefined ? null : declared !== undefined;
    const base = {
      mailbox: address,
      rights: RIGHTS_OF[grant.kind],
      kind: grant.kind as PathKind,
      ...(declared === undefined ? {} : { pointer: declared.pointer }),
    };
    if (!isGroup(principal)) {
      paths.push({ ...base, principal: shared.principal(principal), via: DIRECT[grant.kind], groups: NONE, declared: decided });
      continue;
    }
    const group = shared.principal({ kind: 'group', id: principal.primaryAddress, name: principal.displayName });
    const security = isSecurityGroup(principal);
    paths.push({
      ...base,
      principal: group,
      via: shared.text(`${GRANT_WORDS[grant.kind]} granted to the group${security ? '' : ' (a distribution group: the grant reaches nobody)'}`),
      groups: NONE,
      declared: decided,
    });
    if (!security) continue;
    const membership = spec === undefined ? undefined : declaredUsersOf(spec, principal.primaryAddress);
    for (const member of membersOf(snapshot, principal))
      paths.push({
        ...base,
        principal: shared.principal({ kind: 'user', id: member.user, name: member.name }),
        via: shared.text(`${GRANT_WORDS[grant.kind]} through ${member.chain.join(' -> ')}`),
        groups: member.chain,
        declared: decided === null ? null : decided && membership !== undefined && (membership.open || membership.users.has(member.user)),
      });
  }
  return paths;
}

/** The model of every path into the covered mailboxes. */
export function buildAccessModel(inputs: AccessInputs): AccessModel {
  const { snapshot, spec } = inputs;
  const mailboxes = [
    ...new Set(
      inputs.mailboxes ??
        spec?.sharedMailboxes.map((mailbox) => mailbox.address) ??
        [...snapshot.mailboxes.values()].filter((facts) => facts.recipientTypeDetails === 'SharedMailbox').map((facts) => facts.primaryAddress),
    ),
  ].sort();
  const specMailboxes = new Map(spec?.sharedMailboxes.map((mailbox) => [mailbox.address, mailbox]) ?? []);
  const people: AccessPath[] = [];
  const shared = sharing();
  for (const address of mailboxes) {
    const specMailbox = specMailboxes.get(address);
    people.push(...grantPaths(inputs, address, specMailbox, shared), ...mailOutPaths(snapshot, address, spec === undefined ? null : specMailbox));
  }
  const paths = [...people, ...appPaths(snapshot, spec, mailboxes, people)];
  // Code-point order, not locale order: the same on every machine, and fast at half a million paths.
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  paths.sort(
    (a, b) =>
      order(a.mailbox, b.mailbox) || order(a.principal.id, b.principal.id) || PATH_KINDS.indexOf(a.kind) - PATH_KINDS.indexOf(b.kind) || order(a.via, b.via),
  );
  return { paths, credentials: credentialEntries(snapshot), mailboxes, unread: [...(inputs.unread ?? [])] };
}
