/**
 * What a protocol's refusal means, and what fixes it (issue 6, "Diagnosis"): each answer Exchange
 * Online (and the emulator) gives a mail client, matched by its text, becomes a precise finding.
 * Sources: fidelity 5.2-5.5 for the IMAP, POP and SMTP texts; Entra's AADSTS error reference for
 * the token endpoint's codes.
 */

export type DiagnosisCode =
  | 'smtp-auth-tenant'
  | 'smtp-auth-mailbox'
  | 'basic-auth'
  | 'token-refused'
  | 'send-as-denied'
  | 'too-many-connections'
  | 'throttled'
  | 'authenticate-failed'
  | 'not-connected'
  | 'graph-access-denied'
  | 'account-disabled'
  | 'consent-missing'
  | 'app-not-found'
  | 'bad-credentials'
  | 'unknown';

export interface Diagnosis {
  readonly code: DiagnosisCode;
  /** What the answer means, in the admin's words. */
  readonly meaning: string;
  /** What to change, with the PowerShell or spec key where there is one. */
  readonly fix: string;
  /**
   * Whether the answer is one a grant made in the last hours could explain: the directory may
   * already show it while the protocol does not yet honour it (Microsoft documents up to two hours).
   */
  readonly mayBeReplication: boolean;
}

const RULES: readonly { readonly pattern: RegExp; readonly diagnosis: Diagnosis }[] = [
  {
    pattern: /5\.7\.139 .*disabled for the Tenant/i,
    diagnosis: { code: 'smtp-auth-tenant', meaning: 'SMTP AUTH is off for the organization and the mailbox follows it.', fix: 'Turn SMTP AUTH on for this mailbox only: protocols: { smtpAuth: true } in the spec, or Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false.', mayBeReplication: false },
  },
  {
    pattern: /5\.7\.139 .*disabled for the Mailbox/i,
    diagnosis: { code: 'smtp-auth-mailbox', meaning: 'SMTP AUTH is off for this mailbox.', fix: 'protocols: { smtpAuth: true } in the spec, or Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false.', mayBeReplication: false },
  },
  {
    pattern: /5\.7\.139 .*basic authentication is disabled/i,
    diagnosis: { code: 'basic-auth', meaning: 'The client sent a password; Exchange Online takes only OAuth 2.0 (XOAUTH2).', fix: "Configure the client for OAuth 2.0 (Microsoft 365 / Modern authentication in the vendor's settings).", mayBeReplication: false },
  },
  {
    pattern: /5\.7\.3 Authentication unsuccessful/i,
    diagnosis: { code: 'token-refused', meaning: 'The token does not carry SMTP.Send (or SMTP.SendAsApp for an app), or its user may not use this mailbox.', fix: "Grant admin consent to the profile's scopes (mbx verify's MBX.APPPERM.1 shows which), and Full Access on the mailbox when user= is the shared address.", mayBeReplication: true },
  },
  {
    pattern: /5\.2\.252 SendAsDenied|SendAsDeniedException|ErrorSendAsDenied/i,
    diagnosis: { code: 'send-as-denied', meaning: 'Exchange refused the From address: the sender holds no Send As (or Send on Behalf) on it, or it is an alias while SendFromAliasEnabled is off.', fix: 'Add-RecipientPermission -Identity <mailbox> -Trustee <sender> -AccessRights SendAs, or Set-OrganizationConfig -SendFromAliasEnabled $true for aliases.', mayBeReplication: true },
  },
  {
    pattern: /4\.3\.2 Concurrent connections limit exceeded/i,
    diagnosis: { code: 'too-many-connections', meaning: 'More than three SMTP connections are open for this mailbox at once.', fix: 'Limit the client to three concurrent SMTP connections per mailbox.', mayBeReplication: false },
  },
  {
    pattern: /Request is throttled/i,
    diagnosis: { code: 'throttled', meaning: 'Exchange is throttling this client.', fix: 'Wait for the suggested backoff time and reduce how often or how much the client asks.', mayBeReplication: false },
  },
  {
    pattern: /User is authenticated but not connected/i,
    diagnosis: { code: 'not-connected', meaning: "The token was accepted but the mailbox cannot be opened: the protocol is off for the mailbox, or the app's service principal has no Full Access.", fix: 'protocols: { imap: true } (or pop) in the spec, or Set-CASMailbox -ImapEnabled $true; for an app, Add-MailboxPermission -User <service principal> -AccessRights FullAccess.', mayBeReplication: true },
  },
  {
    pattern: /AUTHENTICATE failed|Authentication failure: unknown user name or bad password/i,
    diagnosis: { code: 'authenticate-failed', meaning: 'The mailbox refused the token: it lacks the IMAP or POP scope, or its user has no Full Access on the shared mailbox named in user=.', fix: "Grant admin consent to the profile's scopes and Full Access to the delegate: Add-MailboxPermission -Identity <mailbox> -User <delegate> -AccessRights FullAccess.", mayBeReplication: true },
  },
  {
    pattern: /ErrorAccessDenied/,
    diagnosis: { code: 'graph-access-denied', meaning: "Graph refused the mailbox: a delegate's token lacks Mail.ReadWrite.Shared or the delegate has no Full Access; an app's RBAC for Applications scope does not reach the mailbox.", fix: 'Grant Full Access to the delegate (Add-MailboxPermission), or the scoped role to the app (mbx verify MBX.APPSCOPE.1 shows which), and consent to the profile\'s scopes.', mayBeReplication: true },
  },
  {
    pattern: /AADSTS50057/,
    diagnosis: { code: 'account-disabled', meaning: 'The account signing in is disabled (a shared mailbox must not be signed in to; a delegate must be enabled).', fix: 'Sign in as the delegate, not as the shared mailbox; or enable the delegate account.', mayBeReplication: false },
  },
  {
    pattern: /AADSTS65001/,
    diagnosis: { code: 'consent-missing', meaning: 'Nobody has consented to the permissions the client asks for.', fix: "Grant admin consent to the app's permissions (pulumi up does).", mayBeReplication: false },
  },
  {
    pattern: /AADSTS700016/,
    diagnosis: { code: 'app-not-found', meaning: 'The client id is not an app in this tenant.', fix: "Check the client id the software is configured with against the spec's app (MBX.APP.1).", mayBeReplication: false },
  },
  {
    pattern: /AADSTS(50126|7000215|7000222|700027)/,
    diagnosis: { code: 'bad-credentials', meaning: "The password, secret or certificate the client signs in with is wrong or expired.", fix: "Renew the credential (MBX.APP.2 shows the app's) and update the client.", mayBeReplication: false },
  },
];

/** The diagnosis of a protocol or token answer, from its text. */
export function diagnose(answer: string): Diagnosis {
  const rule = RULES.find((candidate) => candidate.pattern.test(answer));
  return rule?.diagnosis ?? { code: 'unknown', meaning: `The server answered: ${answer}`, fix: 'See the answer; mbx does not know this one yet.', mayBeReplication: false };
}
