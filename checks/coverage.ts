/**
 * Which checks verify each key of the spec, or, where none does, why. Keys are paths in
 * schemas/mailbox-spec.schema.json, `[]` marking a list. Each check names the keys it verifies in
 * the catalogue (`covers`); this file gives the reason for each key no check verifies, and joins
 * the two. docs/checks.md shows the map (generated: checks/docs.ts), and
 * test/checks/coverage.test.ts holds it to the schema: a key added to the spec without a check, or
 * without a reason, fails the build.
 */
import { CATALOGUE } from './catalogue.js';

export type Coverage = readonly string[] | { readonly none: string };

const WAIVERS = {
  none: 'A waiver changes how a result is reported (waived, with its reason and expiry), not what the tenant must hold; the rules waiver-unknown-check, waiver-unknown-mailbox and waiver-expired check it.',
};
const PROVISIONING_INPUT = {
  none: 'An input to provisioning: the usage location set before a licence is assigned (Microsoft 365 refuses one without it). The licences it makes possible are MBX.LICENCE.1 and MBX.LICENCE.2; an admin may change the location later without changing what the mailbox holds.',
};
const REPORTS_ONLY = { none: 'A name for reports; nothing in the tenant depends on it.' };

/** Why no check verifies a key: each key of the schema is here or in a check's `covers`, never both. */
export const NOT_VERIFIED: Readonly<Record<string, { readonly none: string }>> = {
  version: { none: 'The version of the spec language, not of the tenant.' },
  'tenant.id': { none: 'Where mbx connects: a wrong id ends the run with TENANT_NOT_FOUND before any check.' },
  'tenant.primaryDomain': { none: 'Names the tenant mbx connects to (TENANT_NOT_FOUND when it does not resolve); its shared mailboxes get user names in it.' },
  'tenant.acceptedDomains[]': {
    none: 'The rule domain-not-accepted holds every address of the spec to them, and Exchange refuses an address outside the accepted domains, so the address checks (MBX.EXIST.1, MBX.ALIASES.1) fail where one is missing.',
  },
  'tenant.usageLocation': PROVISIONING_INPUT,
  'users[].displayName': REPORTS_ONLY,
  'otherApps[].reason': { none: 'Why the spec accepts the app: shown in reports beside its access; nothing in the tenant holds it.' },
  'users[].kind': {
    none: 'Says whether a person or only software signs in as the user; reports and the probes word things by it, and no tenant setting differs.',
  },
  'users[].usageLocation': PROVISIONING_INPUT,
  'groups[].displayName': {
    none: 'The name a group mbx creates gets (New-DistributionGroup -Name); grants and members are compared by address, whatever the group is called.',
  },
  'app.credential.lifetimeDays': {
    none: 'How long a secret lives when mbx creates one; MBX.APP.2 judges the end date the tenant shows (renew within 30 days), and the rule secret-lifetime the length asked for.',
  },
  'sharedMailboxes[].usageLocation': PROVISIONING_INPUT,
  'sharedMailboxes[].onDelete': {
    none: 'What provisioning does when the mailbox leaves the spec (retain or remove it); while it is in the spec there is nothing in the tenant to compare.',
  },
  'waivers[].check': WAIVERS,
  'waivers[].mailbox': WAIVERS,
  'waivers[].status': WAIVERS,
  'waivers[].subject': WAIVERS,
  'waivers[].contains': WAIVERS,
  'waivers[].rationale': WAIVERS,
  'waivers[].expires': WAIVERS,
};

/** Each key some check verifies, with those checks in catalogue order. */
function verified(): Map<string, string[]> {
  const checks = new Map<string, string[]>();
  for (const entry of CATALOGUE) for (const key of entry.covers) checks.set(key, [...(checks.get(key) ?? []), entry.id]);
  return checks;
}

/** Every key with the checks that verify it, or the reason none does. */
export const SPEC_KEY_CHECKS: Readonly<Record<string, Coverage>> = { ...NOT_VERIFIED, ...Object.fromEntries(verified()) };
