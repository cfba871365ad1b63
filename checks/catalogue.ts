/**
 * The check ids mbx verify reports, with their category and default severity. This is the
 * registry waivers are validated against. Each id gets its implementation (checks/<area>/<ID>.ts)
 * and its auditor's doc (<ID>.md) with the verification work (issues 4 and 6); until then an id
 * here is a name reserved in the contract, not a check that runs.
 */

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
  | 'graph';

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
}

const entry = (
  id: string,
  category: CheckCategory,
  severity: CheckSeverity,
  scope: CheckEntry['scope'],
  title: string,
  controls: readonly string[] = [],
): CheckEntry => ({ id, category, severity, scope, title, controls });

export const CATALOGUE: readonly CheckEntry[] = [
  entry('MBX.EXIST.1', 'existence', 'critical', 'mailbox', 'The shared mailbox exists and is a SharedMailbox'),
  entry('MBX.SIGNIN.1', 'sign-in', 'high', 'mailbox', "The shared mailbox's account is blocked from signing in", ['CIS.M365.1.2.2']),
  entry('MBX.LICENCE.1', 'licence', 'medium', 'mailbox', 'The shared mailbox is licensed exactly when it needs to be'),
  entry('MBX.LICENCE.2', 'licence', 'high', 'mailbox', 'Each delegate holds an enabled Exchange Online service plan'),
  entry('MBX.DELEGATE.1', 'delegates', 'high', 'mailbox', 'Each person the mailbox relies on can sign in'),
  entry('MBX.DELEGATE.2', 'delegates', 'high', 'mailbox', 'SMTP AUTH is on for the mailbox each SMTP client signs in as', ['MS.EXO.5.1v1']),
  entry('MBX.ARCHIVE.1', 'archive', 'medium', 'mailbox', 'The archive and litigation hold are as declared'),
  entry('MBX.SIZE.1', 'size', 'medium', 'mailbox', 'The mailbox is below its warning threshold and the 50 GB limit'),
  entry('MBX.FULLACCESS.1', 'full-access', 'high', 'mailbox', 'Full Access is granted exactly as declared'),
  entry('MBX.GROUP.1', 'groups', 'high', 'organization', 'Each group the spec names is a mail-enabled security group with exactly its declared members'),
  entry('MBX.GROUP.2', 'groups', 'high', 'mailbox', 'Who reaches the mailbox through a group is whom the spec expects'),
  entry('MBX.AUTOMAP.1', 'auto-mapping', 'low', 'mailbox', 'Full Access grants auto-map where Outlook users need it'),
  entry('MBX.SENDAS.1', 'send-as', 'high', 'mailbox', 'Send As is granted exactly as declared'),
  entry('MBX.SENDONBEHALF.1', 'send-on-behalf', 'high', 'mailbox', 'Send on Behalf is granted exactly as declared'),
  entry('MBX.SENTITEMS.1', 'sent-items-copy', 'low', 'mailbox', 'Sent-items copies are set as declared'),
  entry('MBX.ALIASES.1', 'aliases', 'medium', 'mailbox', 'The primary address and aliases are as declared'),
  entry('MBX.ADDRESSLIST.1', 'address-lists', 'low', 'mailbox', 'The mailbox shows in the address lists as declared: its display name, or hidden'),
  entry('MBX.SENDFROMALIAS.1', 'send-from-alias', 'high', 'organization', 'SendFromAliasEnabled is on where aliases are sent from'),
  entry('MBX.PROTOCOLS.1', 'protocols', 'high', 'mailbox', "IMAP, POP and SMTP AUTH are as the mailbox's clients need", ['MS.EXO.5.1v1']),
  entry('MBX.PROTOCOLS.2', 'protocols', 'medium', 'organization', 'SMTP AUTH is off organization-wide', ['MS.EXO.5.1v1', 'CIS.M365.6.5.4']),
  entry('MBX.FORWARDING.1', 'forwarding', 'high', 'mailbox', 'Forwarding is as declared', ['CIS.M365.6.2.1']),
  entry('MBX.AUTOREPLY.1', 'auto-reply', 'low', 'mailbox', 'Automatic replies are as declared'),
  entry('MBX.APP.1', 'app-registration', 'high', 'organization', 'The app registration exists'),
  entry('MBX.APP.2', 'app-registration', 'medium', 'organization', "The app's credentials do not expire within 30 days and prefer certificates"),
  entry('MBX.APPPERM.1', 'app-permissions', 'high', 'organization', "The app's consented permissions equal what its clients need"),
  entry('MBX.APPSCOPE.1', 'app-scope', 'high', 'organization', 'RBAC for Applications scopes the app to exactly the declared mailboxes'),
  entry('MBX.APPSCOPE.2', 'app-scope', 'medium', 'organization', 'No legacy application access policy governs the app'),
  entry('MBX.APPSCOPE.3', 'app-scope', 'high', 'organization', "The app's Exchange service principal holds the rights app-only protocols need"),
  entry('MBX.IMAP.1', 'imap', 'high', 'mailbox', 'An IMAP login as the client opens the mailbox'),
  entry('MBX.POP.1', 'pop', 'high', 'mailbox', 'A POP login as the client opens the mailbox'),
  entry('MBX.SMTP.1', 'smtp', 'high', 'mailbox', 'SMTP submission as the client sends from the shared address', ['MS.EXO.5.1v1']),
  entry('MBX.ROUNDTRIP.1', 'round-trip', 'medium', 'mailbox', 'A probe message sent by SMTP arrives in the mailbox'),
  entry('MBX.GRAPH.1', 'graph', 'high', 'mailbox', 'Microsoft Graph as the client lists and sends mail for the mailbox'),
];

export const CHECK_IDS: ReadonlySet<string> = new Set(CATALOGUE.map((check) => check.id));
