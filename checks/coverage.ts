/**
 * Which checks verify each key of the spec (issue 18), or, where none does, why. Keys are paths in
 * schemas/mailbox-spec.schema.json, `[]` marking a list. docs/checks.md shows this map, and
 * test/checks/coverage.test.ts holds it to the schema and the catalogue: a key added to the spec
 * without a check, or without a reason, fails the build.
 */

export type Coverage = readonly string[] | { readonly none: string };

const PROBES = ['MBX.IMAP.1', 'MBX.POP.1', 'MBX.SMTP.1', 'MBX.ROUNDTRIP.1', 'MBX.GRAPH.1'];
const WAIVERS = {
  none: 'A waiver changes how a result is reported (waived, with its reason and expiry), not what the tenant must hold; the rules waiver-unknown-check, waiver-unknown-mailbox and waiver-expired check it.',
};
const PROVISIONING_INPUT = {
  none: 'An input to provisioning: the usage location set before a licence is assigned (Microsoft 365 refuses one without it). The licences it makes possible are MBX.LICENCE.1 and MBX.LICENCE.2; an admin may change the location later without changing what the mailbox holds.',
};
const REPORTS_ONLY = { none: 'A name for reports; nothing in the tenant depends on it.' };

export const SPEC_KEY_CHECKS: Readonly<Record<string, Coverage>> = {
  version: { none: 'The version of the spec language, not of the tenant.' },
  'tenant.id': { none: 'Where mbx connects: a wrong id ends the run with TENANT_NOT_FOUND before any check.' },
  'tenant.primaryDomain': { none: 'Names the tenant mbx connects to (TENANT_NOT_FOUND when it does not resolve); its shared mailboxes get user names in it.' },
  'tenant.acceptedDomains[]': {
    none: 'The rule domain-not-accepted holds every address of the spec to them, and Exchange refuses an address outside the accepted domains, so the address checks (MBX.EXIST.1, MBX.ALIASES.1) fail where one is missing.',
  },
  'tenant.usageLocation': PROVISIONING_INPUT,
  'organization.sendFromAliasEnabled': ['MBX.SENDFROMALIAS.1'],
  'organization.smtpAuth': ['MBX.PROTOCOLS.2', 'MBX.PROTOCOLS.1', 'MBX.DELEGATE.2'],
  'users[].address': ['MBX.DELEGATE.1', 'MBX.LICENCE.2'],
  'users[].displayName': REPORTS_ONLY,
  'users[].kind': {
    none: 'Says whether a person or only software signs in as the user; reports and the probes word things by it, and no tenant setting differs.',
  },
  'users[].licence': ['MBX.LICENCE.2'],
  'users[].usageLocation': PROVISIONING_INPUT,
  'groups[].address': ['MBX.GROUP.1', 'MBX.GROUP.2'],
  'groups[].displayName': {
    none: 'The name a group mbx creates gets (New-DistributionGroup -Name); grants and members are compared by address, whatever the group is called.',
  },
  'groups[].members[]': ['MBX.GROUP.1', 'MBX.GROUP.2'],
  'app.displayName': ['MBX.APP.1'],
  'app.credential.kind': ['MBX.APP.2'],
  'app.credential.lifetimeDays': {
    none: 'How long a secret lives when mbx creates one; MBX.APP.2 judges the end date the tenant shows (renew within 30 days), and the rule secret-lifetime the length asked for.',
  },
  'app.mailboxScope': ['MBX.APPSCOPE.1', 'MBX.APPSCOPE.2', 'MBX.APPPERM.1'],
  'app.managementScopeName': ['MBX.APPSCOPE.1'],
  'sharedMailboxes[].address': ['MBX.EXIST.1', 'MBX.ALIASES.1'],
  'sharedMailboxes[].displayName': ['MBX.ADDRESSLIST.1'],
  'sharedMailboxes[].aliases[]': ['MBX.ALIASES.1'],
  'sharedMailboxes[].signInBlocked': ['MBX.SIGNIN.1'],
  'sharedMailboxes[].licence': ['MBX.LICENCE.1'],
  'sharedMailboxes[].archive': ['MBX.ARCHIVE.1', 'MBX.LICENCE.1'],
  'sharedMailboxes[].usageLocation': PROVISIONING_INPUT,
  'sharedMailboxes[].onDelete': {
    none: 'What provisioning does when the mailbox leaves the spec (retain or remove it); while it is in the spec there is nothing in the tenant to compare.',
  },
  'sharedMailboxes[].litigationHold': ['MBX.ARCHIVE.1', 'MBX.LICENCE.1'],
  'sharedMailboxes[].sizeWarningGB': ['MBX.SIZE.1'],
  'sharedMailboxes[].hiddenFromAddressLists': ['MBX.ADDRESSLIST.1'],
  'sharedMailboxes[].fullAccess[].trustee': ['MBX.FULLACCESS.1', 'MBX.GROUP.2', 'MBX.DELEGATE.1', 'MBX.LICENCE.2'],
  'sharedMailboxes[].fullAccess[].autoMapping': ['MBX.AUTOMAP.1'],
  'sharedMailboxes[].sendAs[]': ['MBX.SENDAS.1', 'MBX.GROUP.2'],
  'sharedMailboxes[].sendOnBehalf[]': ['MBX.SENDONBEHALF.1', 'MBX.GROUP.2'],
  'sharedMailboxes[].sentItemsCopy.sendAs': ['MBX.SENTITEMS.1'],
  'sharedMailboxes[].sentItemsCopy.sendOnBehalf': ['MBX.SENTITEMS.1'],
  'sharedMailboxes[].forwarding.address': ['MBX.FORWARDING.1'],
  'sharedMailboxes[].forwarding.keepCopy': ['MBX.FORWARDING.1'],
  'sharedMailboxes[].automaticReplies.status': ['MBX.AUTOREPLY.1'],
  'sharedMailboxes[].automaticReplies.externalAudience': ['MBX.AUTOREPLY.1'],
  'sharedMailboxes[].automaticReplies.internalMessage': ['MBX.AUTOREPLY.1'],
  'sharedMailboxes[].automaticReplies.externalMessage': ['MBX.AUTOREPLY.1'],
  'sharedMailboxes[].automaticReplies.start': ['MBX.AUTOREPLY.1'],
  'sharedMailboxes[].automaticReplies.end': ['MBX.AUTOREPLY.1'],
  'sharedMailboxes[].protocols.imap': ['MBX.PROTOCOLS.1'],
  'sharedMailboxes[].protocols.pop': ['MBX.PROTOCOLS.1'],
  'sharedMailboxes[].protocols.smtpAuth': ['MBX.PROTOCOLS.1', 'MBX.DELEGATE.2'],
  'sharedMailboxes[].clients[].profile': ['MBX.APPPERM.1', 'MBX.PROTOCOLS.1', 'MBX.APPSCOPE.3', ...PROBES],
  'sharedMailboxes[].clients[].identity': ['MBX.APPPERM.1', 'MBX.APPSCOPE.1', 'MBX.APPSCOPE.3', ...PROBES],
  'sharedMailboxes[].clients[].user': ['MBX.DELEGATE.1', 'MBX.DELEGATE.2', 'MBX.LICENCE.2', ...PROBES],
  'sharedMailboxes[].clients[].inbound': ['MBX.PROTOCOLS.1', 'MBX.APPPERM.1', 'MBX.IMAP.1', 'MBX.POP.1', 'MBX.GRAPH.1'],
  'sharedMailboxes[].clients[].outbound': ['MBX.DELEGATE.2', 'MBX.APPPERM.1', 'MBX.SMTP.1', 'MBX.ROUNDTRIP.1', 'MBX.GRAPH.1'],
  'sharedMailboxes[].clients[].folders.trash': ['MBX.IMAP.1'],
  'sharedMailboxes[].clients[].folders.spam': ['MBX.IMAP.1'],
  'sharedMailboxes[].clients[].folders.sent': ['MBX.IMAP.1'],
  'sharedMailboxes[].clients[].smtpLogin': ['MBX.DELEGATE.2', 'MBX.SMTP.1'],
  'sharedMailboxes[].clients[].smtpAuthorization': ['MBX.APPPERM.1', 'MBX.APPSCOPE.1', 'MBX.APPSCOPE.3', 'MBX.SMTP.1'],
  'sharedMailboxes[].clients[].sendFromAliases[]': ['MBX.SENDFROMALIAS.1', 'MBX.SMTP.1', 'MBX.GRAPH.1'],
  'sharedMailboxes[].probes[]': PROBES,
  'waivers[].check': WAIVERS,
  'waivers[].mailbox': WAIVERS,
  'waivers[].status': WAIVERS,
  'waivers[].subject': WAIVERS,
  'waivers[].contains': WAIVERS,
  'waivers[].rationale': WAIVERS,
  'waivers[].expires': WAIVERS,
};
