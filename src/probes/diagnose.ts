/**
 * What a protocol's refusal means, and what fixes it (issue 6, "Diagnosis"): each answer Exchange
 * Online (and the emulator) gives a mail client, matched by its text, becomes a precise finding.
 * Sources: fidelity 5.2-5.5 for the IMAP, POP and SMTP texts; Entra's AADSTS error reference for
 * the token endpoint's codes.
 */
import type { Diagnosis } from './types.js';

/** A verdict on the tenant: the service said no, and saying it again will not change. */
const verdict = { definitive: true, transient: false } as const;
/** Could not check, and another try may work. */
const passing = { definitive: false, transient: true, mayBeReplication: false } as const;

const RULES: readonly { readonly pattern: RegExp; readonly diagnosis: Diagnosis }[] = [
  {
    pattern: /5\.7\.139 .*disabled for the Tenant/i,
    diagnosis: {
      code: 'smtp-auth-tenant',
      meaning: 'SMTP AUTH is off for the organization and the mailbox follows it.',
      fix: {
        spec: 'protocols: { smtpAuth: true } on the mailbox: SMTP AUTH on for this mailbox only, off for the organization.',
        pulumi: 'pulumi up sets the CAS protocols.',
        powershell: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /5\.7\.139 .*disabled for the Mailbox/i,
    diagnosis: {
      code: 'smtp-auth-mailbox',
      meaning: 'SMTP AUTH is off for this mailbox.',
      fix: {
        spec: 'protocols: { smtpAuth: true } on the mailbox.',
        pulumi: 'pulumi up sets the CAS protocols.',
        powershell: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /5\.7\.139 .*basic authentication is disabled|Logon failure: unknown user name or bad password/i,
    diagnosis: {
      code: 'basic-auth',
      meaning: 'The client sent a password; Exchange Online takes only OAuth 2.0 (XOAUTH2).',
      fix: { spec: "Nothing in the spec: configure the client for OAuth 2.0 (Microsoft 365 or Modern authentication in the vendor's settings)." },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /5\.7\.3 Authentication unsuccessful/i,
    diagnosis: {
      code: 'token-refused',
      meaning:
        "The token does not carry SMTP.Send (or SMTP.SendAsApp for an app), or user= names a mailbox the token may not sign in as: a delegate's token signs in to SMTP as the delegate only (user= the delegate, From the shared address), never as the shared mailbox.",
      fix: {
        spec: "Keep the client's profile in the spec and its smtpLogin at delegate; MBX.APPPERM.1 shows a missing scope.",
        pulumi: 'pulumi up grants admin consent to the profile scopes.',
        powershell: 'Set the client to sign in to SMTP as the delegate (its own address), with From the shared address.',
      },
      mayBeReplication: true,
      ...verdict,
    },
  },
  {
    pattern: /5\.2\.252 SendAsDenied|SendAsDeniedException|ErrorSendAsDenied/i,
    diagnosis: {
      code: 'send-as-denied',
      meaning: 'Exchange refused the From address: the sender holds no Send As (or Send on Behalf) on it, or it is an alias while SendFromAliasEnabled is off.',
      fix: {
        spec: 'sendAs: [<sender>] on the mailbox; organization: { sendFromAliasEnabled: true } for aliases.',
        pulumi: 'pulumi up grants Send As and sets SendFromAliasEnabled.',
        powershell:
          'Add-RecipientPermission -Identity <mailbox> -Trustee <sender> -AccessRights SendAs -Confirm:$false; for aliases Set-OrganizationConfig -SendFromAliasEnabled $true',
      },
      mayBeReplication: true,
      ...verdict,
    },
  },
  {
    pattern: /4\.3\.2 Concurrent connections limit exceeded/i,
    diagnosis: {
      code: 'too-many-connections',
      meaning: 'More than three SMTP connections are open for this mailbox at once.',
      fix: { spec: 'Nothing in the spec: limit the client to three concurrent SMTP connections per mailbox.' },
      ...passing,
    },
  },
  {
    pattern: /Request is throttled/i,
    diagnosis: {
      code: 'throttled',
      meaning: 'Exchange is throttling this client.',
      fix: { spec: 'Nothing in the spec: wait for the suggested backoff and make the client ask less often.' },
      ...passing,
    },
  },
  {
    pattern: /User is authenticated but not connected/i,
    diagnosis: {
      code: 'not-connected',
      meaning:
        "The token was accepted but the mailbox cannot be opened: the protocol is off for the mailbox, or the identity (the delegate, or the app's service principal) has no Full Access on it.",
      fix: {
        spec: "protocols: { imap: true } (or pop: true) on the mailbox, and fullAccess for the delegate (the client profile gives an app's service principal Full Access).",
        pulumi: 'pulumi up sets the CAS protocols and the grants.',
        powershell:
          'Set-CASMailbox -Identity <mailbox> -ImapEnabled $true (or -PopEnabled $true); Add-MailboxPermission -Identity <mailbox> -User <delegate or service principal> -AccessRights FullAccess',
      },
      mayBeReplication: true,
      ...verdict,
    },
  },
  {
    pattern: /AUTHENTICATE failed|Authentication failure: unknown user name or bad password/i,
    diagnosis: {
      code: 'authenticate-failed',
      meaning: 'The mailbox refused the token: it lacks the IMAP or POP scope, or its user has no Full Access on the shared mailbox named in user=.',
      fix: {
        spec: 'fullAccess: [{ trustee: <delegate> }] on the mailbox, and the client profile that needs the scopes.',
        pulumi: 'pulumi up grants admin consent to the profile scopes and Full Access.',
        powershell: 'Add-MailboxPermission -Identity <mailbox> -User <delegate> -AccessRights FullAccess -AutoMapping $false',
      },
      mayBeReplication: true,
      ...verdict,
    },
  },
  {
    pattern: /ErrorAccessDenied/,
    diagnosis: {
      code: 'graph-access-denied',
      meaning:
        "Graph refused the mailbox: a delegate's token lacks Mail.ReadWrite.Shared or the delegate has no Full Access; an app's RBAC for Applications scope does not reach the mailbox.",
      fix: {
        spec: 'fullAccess for the delegate, or mailboxScope: rbac for the app; MBX.APPSCOPE.1 and MBX.APPPERM.1 show what differs.',
        pulumi: 'pulumi up grants Full Access, the scoped RBAC for Applications role and the consent.',
        powershell:
          'Add-MailboxPermission -Identity <mailbox> -User <delegate> -AccessRights FullAccess, or New-ManagementRoleAssignment -App <service principal> -Role "Application Mail.ReadWrite" -CustomResourceScope <scope>',
      },
      mayBeReplication: true,
      ...verdict,
    },
  },
  {
    pattern: /AADSTS50057/,
    diagnosis: {
      code: 'account-disabled',
      meaning: 'The account signing in is disabled (a shared mailbox must not be signed in to; a delegate must be enabled).',
      fix: {
        spec: 'Point the client at its delegate (clients[].user), never at the shared mailbox.',
        powershell: 'Update-MgUser -UserId <delegate> -AccountEnabled:$true (the delegate only; shared mailboxes stay blocked)',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /AADSTS65001/,
    diagnosis: {
      code: 'consent-missing',
      meaning: 'Nobody has consented to the permissions the client asks for.',
      fix: {
        spec: "The client's profile decides the scopes; MBX.APPPERM.1 shows what is missing.",
        pulumi: "pulumi up grants admin consent to the app's permissions.",
        powershell: 'New-MgOauth2PermissionGrant -ClientId <service principal> -ConsentType AllPrincipals -ResourceId <resource> -Scope <scopes>',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /AADSTS700016|has no app registration named/,
    diagnosis: {
      code: 'app-not-found',
      meaning: 'The client id is not an app in this tenant.',
      fix: {
        spec: "Configure the software with the spec's app's client id; MBX.APP.1 shows the registration.",
        pulumi: 'pulumi up creates the app registration.',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    // The probe signs in with the secrets MBX_PROBE_CREDENTIALS holds: a refusal is about that file, not the tenant.
    pattern: /AADSTS(50126|7000215|7000222|700027|70008|700082|50173|50089)\b|invalid_grant/,
    diagnosis: {
      code: 'bad-credentials',
      meaning:
        'Entra ID refused the secret MBX_PROBE_CREDENTIALS holds for this identity (a wrong password or client secret, an expired or revoked refresh token, a certificate it does not know). Replace it in the file; nothing in the spec or the tenant needs to change for this.',
      fix: {},
      mayBeReplication: false,
      definitive: false,
      transient: false,
    },
  },
  {
    pattern: /5\.1\.10 RESOLVER\.ADR\.RecipientNotFound|shared mailbox does not exist in the tenant/,
    diagnosis: {
      code: 'mailbox-missing',
      meaning: 'The shared mailbox does not exist, so the software has nothing to connect to.',
      fix: {
        spec: 'The mailbox is declared; provision it.',
        pulumi: 'pulumi up creates the shared mailbox.',
        powershell: 'New-Mailbox -Shared -Name <name> -PrimarySmtpAddress <mailbox>',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /The folders .* do not exist in/,
    diagnosis: {
      code: 'folders-missing',
      meaning: 'The folders the client is configured with (its recycle bin, spam or sent folder) do not exist in the mailbox.',
      fix: { spec: "Set the client's folders to folders the mailbox has (the IMAP names, e.g. 'Deleted Items', 'Junk Email', 'Sent Items')." },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /no copy reached .* Sent Items/,
    diagnosis: {
      code: 'sent-items-copy-missing',
      meaning: "The message arrived, but no copy was saved in the shared mailbox's Sent Items, which the spec asks for.",
      fix: {
        spec: 'sentItemsCopy: { sendAs: true } on the mailbox.',
        pulumi: 'pulumi up sets MessageCopyForSentAsEnabled.',
        powershell: 'Set-Mailbox -Identity <mailbox> -MessageCopyForSentAsEnabled $true',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /did not arrive in .* within/,
    // The wait ran to its end on a working connection (a dropped one is connection-failed, and retried): the
    // arrival timeout, long against Exchange's usual seconds, is the verdict the round trip exists for.
    diagnosis: {
      code: 'not-arrived',
      meaning:
        'The server accepted the probe message but it never reached INBOX in the time allowed: a transport rule, forwarding without a copy kept, a full mailbox or a quarantine keeps mail from the mailbox the software reads.',
      fix: {
        spec: 'Check forwarding (deliverToMailboxAndForward: true keeps a copy in the mailbox) and the size warning (MBX.SIZE.1).',
        powershell: 'Get-MessageTrace -RecipientAddress <mailbox> -StartDate (Get-Date).AddHours(-1) -EndDate (Get-Date)',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    // Exchange's full mailbox (m365-fidelity 5.5): `554 5.2.2 mailbox full; ...QuotaExceededException...`.
    pattern: /^5\d\d[ -]5\.2\.2\b|QuotaExceededException/i,
    diagnosis: {
      code: 'mailbox-full',
      meaning: 'The mailbox is over its quota, so Exchange refuses new mail for it (a permanent answer: trying again cannot help until space is made).',
      fix: {
        spec: 'Watch the size warning (MBX.SIZE.1); an archive (archive: true) moves old mail out.',
        powershell: 'Get-MailboxStatistics -Identity <mailbox> | Select TotalItemSize; Enable-Mailbox -Identity <mailbox> -Archive',
      },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    // RFC 3463 2: class 5 is a permanent failure, subject 1 the addressing, subject 7 security or policy; RFC 5321
    // 4.2.1: a 5yz reply is a permanent negative completion, "the client SHOULD NOT repeat the exact request".
    pattern: /^5\d\d[ -]5\.1\.\d+/,
    diagnosis: {
      code: 'address-refused',
      meaning: 'Exchange refused an address of the probe message for good (RFC 3463 X.1.X: a recipient or sender that does not exist or is not accepted).',
      fix: { spec: "Check the mailbox's address and aliases in the spec (MBX.ALIASES.1 shows what differs)." },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    pattern: /^5\d\d[ -]5\.7\.\d+/,
    diagnosis: {
      code: 'policy-refused',
      meaning: 'Exchange refused the message for good for a security or policy reason (RFC 3463 X.7.X), one mbx has no finer diagnosis for.',
      fix: { spec: "Read the server's answer: a transport rule, an outbound spam policy or a restriction on the sender refuses it." },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    // Any other permanent SMTP answer with an enhanced status code: never retried (RFC 5321 4.2.1).
    pattern: /^5\d\d[ -]5\.\d+\.\d+/,
    diagnosis: {
      code: 'smtp-permanent',
      meaning: 'Exchange gave a permanent answer (5yz) mbx has no finer diagnosis for; trying again will not change it.',
      fix: { spec: "Read the server's answer and fix what it names." },
      mayBeReplication: false,
      ...verdict,
    },
  },
  {
    // SMTP's 4xx replies (RFC 5321 4.2.1: the command was not accepted, try again) and HTTP's 408, 429 and 5xx
    // (an SMTP 5yz with an enhanced status code is permanent, above).
    pattern:
      /^4\d\d[ -]4\.\d+\.\d+|^(408|429|5\d\d) (?!5\.\d+\.\d+)|answered (408|429|5\d\d)|temporarily_unavailable|AADSTS(90035|50067)\b|Service not available|Server Busy|ServiceUnavailable|TooManyRequests|The server refused SEARCH/i,
    diagnosis: { code: 'service-unavailable', meaning: 'The service is busy or failing for now and said to try again later.', fix: {}, ...passing },
  },
  {
    // imapflow's "Unsupported authentication mechanism" when the CAPABILITY answer was lost to a throttle or a
    // drop: Exchange always offers XOAUTH2 (fidelity 5.2), so another try sees it; a server that truly lacks it stays error.
    pattern:
      /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|other side closed|Connection closed|closed the connection|Unexpected close|Connection not available|Connection timeout|timed out|fetch failed|Unsupported authentication mechanism/i,
    diagnosis: { code: 'connection-failed', meaning: 'The connection was refused, dropped or timed out before the server answered.', fix: {}, ...passing },
  },
];

/** The diagnosis of a protocol or token answer, from its text. */
export function diagnose(answer: string): Diagnosis {
  const rule = RULES.find((candidate) => candidate.pattern.test(answer));
  return (
    rule?.diagnosis ?? {
      code: 'unknown',
      meaning: 'mbx does not know this answer, so it is not taken as a verdict on the tenant.',
      fix: {},
      mayBeReplication: false,
      definitive: false,
      transient: false,
    }
  );
}
