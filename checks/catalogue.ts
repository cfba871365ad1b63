/**
 * The check ids mbx verify reports, with their category and default severity. This is the
 * registry waivers are validated against. Each id gets its implementation (checks/<area>/<ID>.ts)
 * and its auditor's doc (<ID>.md) with the verification work (issues 4 and 6); until then an id
 * here is a name reserved in the contract, not a check that runs.
 */
import { MAILBOX_SETTINGS } from '../src/spec/mailbox-settings.js';

export type CheckCategory =
  | 'existence'
  | 'sign-in'
  | 'licence'
  | 'delegates'
  | 'size'
  | 'full-access'
  | 'groups'
  | 'auto-mapping'
  | 'send-as'
  | 'send-on-behalf'
  | 'sent-items-copy'
  | 'aliases'
  | 'address-lists'
  | 'mailbox-settings'
  | 'archive'
  | 'send-from-alias'
  | 'protocols'
  | 'forwarding'
  | 'auto-reply'
  | 'app-registration'
  | 'app-permissions'
  | 'app-scope'
  | 'imap'
  | 'pop'
  | 'smtp'
  | 'round-trip'
  | 'graph'
  | 'access';

export type CheckSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface CheckEntry {
  readonly id: string;
  readonly category: CheckCategory;
  readonly severity: CheckSeverity;
  readonly title: string;
  /** Whether results concern one shared mailbox (waivers may name it) or the organization. */
  readonly scope: 'mailbox' | 'organization';
  /**
   * The benchmark controls the check supports: CIS Microsoft 365 Foundations (CIS.M365.x.y.z, as
   * Maester tags them) and CISA SCuBA's Exchange Online baseline (MS.EXO.x.yvN). The check's doc
   * says how under "Related controls" (a meta-test keeps the two equal); reports carry them.
   */
  readonly controls: readonly string[];
  /** The one concern the check owns, in a few words: a new check that would judge it belongs here instead. */
  readonly owns: string;
  /** The spec keys it verifies (paths in the schema, `[]` marking a list); coverage.ts gives the reasons for keys none verifies. */
  readonly covers: readonly string[];
}

const entry = (
  id: string,
  category: CheckCategory,
  severity: CheckSeverity,
  scope: CheckEntry['scope'],
  title: string,
  more: Pick<CheckEntry, 'owns' | 'covers'> & Partial<Pick<CheckEntry, 'controls'>>,
): CheckEntry => ({ id, category, severity, scope, title, controls: [], ...more });

export const CATALOGUE: readonly CheckEntry[] = [
  entry('MBX.EXIST.1', 'existence', 'critical', 'mailbox', 'The shared mailbox exists and is a SharedMailbox', {
    owns: 'whether each declared shared mailbox exists, as a shared mailbox',
    covers: ['sharedMailboxes[].address'],
  }),
  entry('MBX.SIGNIN.1', 'sign-in', 'high', 'mailbox', "The shared mailbox's account is blocked from signing in", {
    owns: "the sign-in of the shared mailbox's own account",
    covers: ['sharedMailboxes[].signInBlocked'],
    controls: ['CIS.M365.1.2.2'],
  }),
  entry('MBX.LICENCE.1', 'licence', 'medium', 'mailbox', 'The shared mailbox is licensed exactly when it needs to be', {
    owns: 'the licences on the shared mailbox itself',
    covers: ['sharedMailboxes[].licence', 'sharedMailboxes[].archive', 'sharedMailboxes[].litigationHold'],
  }),
  entry('MBX.LICENCE.2', 'licence', 'high', 'mailbox', 'Each delegate holds an enabled Exchange Online service plan', {
    owns: 'the Exchange licences of the people and service users the spec relies on',
    covers: ['users[].address', 'users[].licence', 'sharedMailboxes[].fullAccess[].trustee', 'sharedMailboxes[].clients[].user'],
  }),
  entry('MBX.DELEGATE.1', 'delegates', 'high', 'mailbox', 'Each person the mailbox relies on can sign in', {
    owns: 'whether the people and service users the mailbox relies on can sign in',
    covers: ['users[].address', 'sharedMailboxes[].fullAccess[].trustee', 'sharedMailboxes[].clients[].user'],
  }),
  entry('MBX.DELEGATE.2', 'delegates', 'high', 'mailbox', 'SMTP AUTH is on for the mailbox each SMTP client signs in as', {
    owns: 'SMTP AUTH on the mailbox an SMTP client signs in as',
    covers: [
      'organization.smtpAuth',
      'sharedMailboxes[].protocols.smtpAuth',
      'sharedMailboxes[].clients[].user',
      'sharedMailboxes[].clients[].outbound',
      'sharedMailboxes[].clients[].smtpLogin',
    ],
    controls: ['MS.EXO.5.1v1'],
  }),
  entry('MBX.ARCHIVE.1', 'archive', 'medium', 'mailbox', 'The archive and litigation hold are as declared', {
    owns: 'the in-place archive and litigation hold',
    covers: ['sharedMailboxes[].archive', 'sharedMailboxes[].litigationHold'],
  }),
  entry('MBX.SIZE.1', 'size', 'medium', 'mailbox', 'The mailbox is below its warning threshold and the 50 GB limit', {
    owns: "the mailbox's size against its warning and the 50 GB limit",
    covers: ['sharedMailboxes[].sizeWarningGB'],
  }),
  entry('MBX.FULLACCESS.1', 'full-access', 'high', 'mailbox', 'Full Access is granted exactly as declared', {
    owns: 'Full Access granted directly on the mailbox',
    covers: ['sharedMailboxes[].fullAccess[].trustee'],
  }),
  entry('MBX.GROUP.1', 'groups', 'high', 'organization', 'Each group the spec names is a mail-enabled security group with exactly its declared members', {
    owns: 'the kind and members of the groups the spec names',
    covers: ['groups[].address', 'groups[].members[]'],
  }),
  entry('MBX.GROUP.2', 'groups', 'high', 'mailbox', 'Who reaches the mailbox through a group is whom the spec expects', {
    owns: 'who reaches the mailbox through a group',
    covers: [
      'groups[].address',
      'groups[].members[]',
      'sharedMailboxes[].fullAccess[].trustee',
      'sharedMailboxes[].sendAs[]',
      'sharedMailboxes[].sendOnBehalf[]',
    ],
  }),
  entry('MBX.AUTOMAP.1', 'auto-mapping', 'low', 'mailbox', 'Full Access grants auto-map where Outlook users need it', {
    owns: 'whether Full Access grants auto-map in Outlook',
    covers: ['sharedMailboxes[].fullAccess[].autoMapping'],
  }),
  entry('MBX.SENDAS.1', 'send-as', 'high', 'mailbox', 'Send As is granted exactly as declared', {
    owns: 'Send As granted directly on the mailbox',
    covers: ['sharedMailboxes[].sendAs[]'],
  }),
  entry('MBX.SENDONBEHALF.1', 'send-on-behalf', 'high', 'mailbox', 'Send on Behalf is granted exactly as declared', {
    owns: 'Send on Behalf (GrantSendOnBehalfTo)',
    covers: ['sharedMailboxes[].sendOnBehalf[]'],
  }),
  entry('MBX.SENTITEMS.1', 'sent-items-copy', 'low', 'mailbox', 'Sent-items copies are set as declared', {
    owns: 'sent-items copies of mail sent as or on behalf of the mailbox',
    covers: ['sharedMailboxes[].sentItemsCopy.sendAs', 'sharedMailboxes[].sentItemsCopy.sendOnBehalf'],
  }),
  entry('MBX.ALIASES.1', 'aliases', 'medium', 'mailbox', 'The primary address and aliases are as declared', {
    owns: 'the primary address and the aliases',
    covers: ['sharedMailboxes[].address', 'sharedMailboxes[].aliases[]'],
  }),
  entry('MBX.ADDRESSLIST.1', 'address-lists', 'low', 'mailbox', 'The mailbox shows in the address lists as declared: its display name, or hidden', {
    owns: 'the display name and whether the address lists show the mailbox',
    covers: ['sharedMailboxes[].displayName', 'sharedMailboxes[].hiddenFromAddressLists'],
  }),
  entry('MBX.SETTINGS.1', 'mailbox-settings', 'medium', 'mailbox', 'Each plain mailbox setting the spec declares is as declared', {
    owns: 'the plain mailbox settings of src/spec/mailbox-settings.ts (one Set-Mailbox parameter each)',
    covers: MAILBOX_SETTINGS.map((setting) => `sharedMailboxes[].${setting.key}`),
  }),
  entry('MBX.SENDFROMALIAS.1', 'send-from-alias', 'high', 'organization', 'SendFromAliasEnabled is on where aliases are sent from', {
    owns: "the organization's SendFromAliasEnabled",
    covers: ['organization.sendFromAliasEnabled', 'sharedMailboxes[].clients[].sendFromAliases[]'],
  }),
  entry('MBX.PROTOCOLS.1', 'protocols', 'high', 'mailbox', "IMAP, POP and SMTP AUTH are as the mailbox's clients need", {
    owns: 'IMAP, POP and SMTP AUTH on the shared mailbox',
    covers: [
      'organization.smtpAuth',
      'sharedMailboxes[].protocols.imap',
      'sharedMailboxes[].protocols.pop',
      'sharedMailboxes[].protocols.smtpAuth',
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].inbound',
    ],
    controls: ['MS.EXO.5.1v1'],
  }),
  entry('MBX.PROTOCOLS.2', 'protocols', 'medium', 'organization', 'SMTP AUTH is off organization-wide', {
    owns: 'SMTP AUTH for the whole organization',
    covers: ['organization.smtpAuth'],
    controls: ['MS.EXO.5.1v1', 'CIS.M365.6.5.4'],
  }),
  entry('MBX.FORWARDING.1', 'forwarding', 'high', 'mailbox', 'Forwarding is as declared', {
    owns: "the mailbox's own forwarding",
    covers: ['sharedMailboxes[].forwarding.address', 'sharedMailboxes[].forwarding.keepCopy'],
    controls: ['CIS.M365.6.2.1'],
  }),
  entry('MBX.AUTOREPLY.1', 'auto-reply', 'low', 'mailbox', 'Automatic replies are as declared', {
    owns: "the mailbox's automatic replies",
    covers: [
      'sharedMailboxes[].automaticReplies.status',
      'sharedMailboxes[].automaticReplies.externalAudience',
      'sharedMailboxes[].automaticReplies.internalMessage',
      'sharedMailboxes[].automaticReplies.externalMessage',
      'sharedMailboxes[].automaticReplies.start',
      'sharedMailboxes[].automaticReplies.end',
    ],
  }),
  entry('MBX.ACCESS.1', 'access', 'high', 'mailbox', "No app but the spec's reaches the mailbox", {
    owns: "other apps' mail permissions, RBAC roles and delegated consents reaching the mailbox",
    // The spec names the one app that may reach its mailboxes: any other reaching one is undeclared.
    covers: ['sharedMailboxes[].address', 'app.displayName', 'otherApps[].displayName', 'otherApps[].appId', 'otherApps[].permissions[]'],
  }),
  entry('MBX.ACCESS.2', 'access', 'high', 'mailbox', "No inbox rule sends the mailbox's mail out, and no folder permission opens it", {
    owns: 'inbox rules and folder permissions of the mailbox',
    // Who may read the mailbox (Full Access) and where its mail may go (forwarding): nobody else, nowhere else.
    covers: ['sharedMailboxes[].fullAccess[].trustee', 'sharedMailboxes[].forwarding.address'],
    controls: ['CIS.M365.6.2.1'],
  }),
  entry('MBX.ACCESS.3', 'access', 'high', 'mailbox', "Each client's user holds the rights its profile needs, through some path", {
    owns: "whether each client's user reaches the mailbox with the rights its profile needs",
    covers: ['sharedMailboxes[].clients[].user', 'sharedMailboxes[].fullAccess[].trustee', 'sharedMailboxes[].sendAs[]', 'sharedMailboxes[].sendOnBehalf[]'],
  }),
  entry('MBX.APP.1', 'app-registration', 'high', 'organization', 'The app registration exists', {
    owns: 'whether the app registration exists',
    covers: ['app.displayName'],
  }),
  entry('MBX.APP.2', 'app-registration', 'medium', 'organization', "The app's credentials do not expire within 30 days and prefer certificates", {
    owns: "the expiry of the app's credentials, and a declared secret where a certificate would do",
    covers: ['app.credential.kind'],
  }),
  entry('MBX.APP.3', 'app-registration', 'high', 'organization', 'Every credential the app signs in with is declared', {
    owns: 'which certificates, secrets and federated credentials the app holds',
    covers: [
      'app.credential.kind',
      'app.credential.thumbprint',
      'app.credential.subject',
      'app.credential.name',
      'app.federatedCredentials[].name',
      'app.federatedCredentials[].issuer',
      'app.federatedCredentials[].subject',
      'app.federatedCredentials[].audience',
    ],
  }),
  entry('MBX.APPPERM.1', 'app-permissions', 'high', 'organization', "The app's consented permissions equal what its clients need", {
    owns: 'the permissions consented to the app',
    covers: [
      'app.mailboxScope',
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].identity',
      'sharedMailboxes[].clients[].inbound',
      'sharedMailboxes[].clients[].outbound',
      'sharedMailboxes[].clients[].smtpAuthorization',
    ],
  }),
  entry('MBX.APPSCOPE.1', 'app-scope', 'high', 'organization', 'RBAC for Applications scopes the app to exactly the declared mailboxes', {
    owns: 'which mailboxes RBAC for Applications lets the app reach',
    covers: ['app.mailboxScope', 'app.managementScopeName', 'sharedMailboxes[].clients[].identity', 'sharedMailboxes[].clients[].smtpAuthorization'],
  }),
  entry('MBX.APPSCOPE.2', 'app-scope', 'medium', 'organization', 'No legacy application access policy governs the app', {
    owns: 'legacy application access policies naming the app',
    covers: ['app.mailboxScope'],
  }),
  entry('MBX.APPSCOPE.3', 'app-scope', 'high', 'organization', "The app's Exchange service principal holds the rights app-only protocols need", {
    owns: "the app's Exchange service principal",
    covers: ['sharedMailboxes[].clients[].profile', 'sharedMailboxes[].clients[].identity', 'sharedMailboxes[].clients[].smtpAuthorization'],
  }),
  entry('MBX.IMAP.1', 'imap', 'high', 'mailbox', 'An IMAP login as the client opens the mailbox', {
    owns: 'an IMAP login as each client',
    covers: [
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].identity',
      'sharedMailboxes[].clients[].user',
      'sharedMailboxes[].clients[].inbound',
      'sharedMailboxes[].clients[].folders.trash',
      'sharedMailboxes[].clients[].folders.spam',
      'sharedMailboxes[].clients[].folders.sent',
      'sharedMailboxes[].probes[]',
    ],
  }),
  entry('MBX.POP.1', 'pop', 'high', 'mailbox', 'A POP login as the client opens the mailbox', {
    owns: 'a POP login as each client',
    covers: [
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].identity',
      'sharedMailboxes[].clients[].user',
      'sharedMailboxes[].clients[].inbound',
      'sharedMailboxes[].probes[]',
    ],
  }),
  entry('MBX.SMTP.1', 'smtp', 'high', 'mailbox', 'SMTP submission as the client sends from the shared address', {
    owns: 'SMTP submission as each client, from each address it sends from',
    covers: [
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].identity',
      'sharedMailboxes[].clients[].user',
      'sharedMailboxes[].clients[].outbound',
      'sharedMailboxes[].clients[].smtpLogin',
      'sharedMailboxes[].clients[].smtpAuthorization',
      'sharedMailboxes[].clients[].sendFromAliases[]',
      'sharedMailboxes[].probes[]',
    ],
    controls: ['MS.EXO.5.1v1'],
  }),
  entry('MBX.ROUNDTRIP.1', 'round-trip', 'medium', 'mailbox', 'A probe message sent by SMTP arrives in the mailbox', {
    owns: 'delivery of a probe message into the mailbox',
    covers: [
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].identity',
      'sharedMailboxes[].clients[].user',
      'sharedMailboxes[].clients[].outbound',
      'sharedMailboxes[].probes[]',
    ],
  }),
  entry('MBX.GRAPH.1', 'graph', 'high', 'mailbox', 'Microsoft Graph as the client lists and sends mail for the mailbox', {
    owns: 'Graph mail as each client',
    covers: [
      'sharedMailboxes[].clients[].profile',
      'sharedMailboxes[].clients[].identity',
      'sharedMailboxes[].clients[].user',
      'sharedMailboxes[].clients[].inbound',
      'sharedMailboxes[].clients[].outbound',
      'sharedMailboxes[].clients[].sendFromAliases[]',
      'sharedMailboxes[].probes[]',
    ],
  }),
];

export const CHECK_IDS: ReadonlySet<string> = new Set(CATALOGUE.map((check) => check.id));
