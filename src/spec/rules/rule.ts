/** What a semantic rule is, and the lookups rules share. Rules are pure: (spec, context) -> findings. */
import type { SpecFinding } from '../diagnostics.js';
import { APP_TRUSTEE, type Client, type Grant, type Group, type SharedMailbox, type Spec, type User } from '../types.js';
import type { MailboxRight } from '../../profiles/index.js';
import { declaredGroupsOf } from '../groups.js';

export interface RuleContext {
  /** Today as YYYY-MM-DD (UTC), for waiver expiry. */
  readonly today: string;
  /** The check ids waivers may name. */
  readonly checkIds: ReadonlySet<string>;
  readonly users: ReadonlyMap<string, User>;
  readonly groups: ReadonlyMap<string, Group>;
}

export interface Rule {
  /** kebab-case name, also the file name. */
  readonly id: string;
  /** One sentence: what the rule refuses. */
  readonly description: string;
  check(spec: Spec, context: RuleContext): SpecFinding[];
}

export function buildContext(spec: Spec, options: { today: string; checkIds: ReadonlySet<string> }): RuleContext {
  return {
    ...options,
    users: new Map(spec.users.map((user) => [user.address, user])),
    groups: new Map(spec.groups.map((group) => [group.address, group])),
  };
}

export function grantsFor(mailbox: SharedMailbox, right: MailboxRight): readonly Grant[] {
  switch (right) {
    case 'fullAccess':
      return mailbox.fullAccess;
    case 'sendAs':
      return mailbox.sendAs;
    case 'sendOnBehalf':
      return mailbox.sendOnBehalf;
  }
}

/** Whether a principal holds a right on the mailbox: granted itself, or to a declared group it is in (nested groups too). */
export function holds(spec: Spec, mailbox: SharedMailbox, right: MailboxRight, principal: string): boolean {
  const groups = declaredGroupsOf(spec, principal);
  return grantsFor(mailbox, right).some((grant) => grant.trustee === principal || groups.has(grant.trustee));
}

/**
 * What a client needs on its mailbox: each principal with the rights it must hold. A mode's rights
 * belong to whoever signs in (the app, or the client's user); its userRights to the client's user
 * even when the app signs in. Outlook names no principal: every Full Access user opens it.
 */
export function requiredGrants(client: Client): Array<{ principal: string; rights: readonly MailboxRight[] }> {
  const needs: Array<{ principal: string; rights: readonly MailboxRight[] }> = [];
  for (const mode of client.modes) {
    const signsIn = mode.way === 'outlook' ? undefined : mode.identity === 'app' ? APP_TRUSTEE : client.user;
    if (signsIn) needs.push({ principal: signsIn, rights: mode.rights });
    if (client.user && mode.userRights) needs.push({ principal: client.user, rights: mode.userRights });
  }
  return needs;
}

export function describePrincipal(principal: string): string {
  return principal === APP_TRUSTEE ? "the app's service principal" : principal;
}

export const RIGHT_WORDS: Record<MailboxRight, string> = {
  fullAccess: 'Full Access',
  sendAs: 'Send As',
  sendOnBehalf: 'Send on Behalf',
};
