/**
 * Each refusal the mail servers give (the emulator's texts, which are Exchange's: fidelity
 * 5.2-5.5) and each AADSTS code the token endpoint gives maps to its precise finding.
 */
import { describe, expect, it } from 'vitest';
import { IMAP_TEXTS } from '../../src/emulator/imap/texts.js';
import { POP_TEXTS } from '../../src/emulator/pop/server.js';
import { SMTP_TEXTS } from '../../src/emulator/smtp/server.js';
import { diagnose } from '../../src/probes/diagnose.js';

describe('diagnose', () => {
  it.each([
    [`535 ${SMTP_TEXTS.tenantDisabled}`, 'smtp-auth-tenant'],
    [`535 ${SMTP_TEXTS.mailboxDisabled}`, 'smtp-auth-mailbox'],
    [`535 ${SMTP_TEXTS.basicDisabled}`, 'basic-auth'],
    [`535 ${SMTP_TEXTS.authFailed}`, 'token-refused'],
    [`554 ${SMTP_TEXTS.sendAsDenied('anna@contoso.com', 'info@contoso.com')}`, 'send-as-denied'],
    ['554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message', 'send-as-denied'],
    [`432 ${SMTP_TEXTS.concurrency}`, 'too-many-connections'],
    ['A1 NO Request is throttled. Suggested Backoff Time: 299961 milliseconds', 'throttled'],
    [`A1 NO ${IMAP_TEXTS.authFailed}`, 'authenticate-failed'],
    [POP_TEXTS.authFailed, 'authenticate-failed'],
    [`A2 BAD ${IMAP_TEXTS.notConnected}`, 'not-connected'],
    [
      '403 ErrorSendAsDenied: The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
      'send-as-denied',
    ],
    ['403 ErrorAccessDenied: Access is denied. Check credentials and try again.', 'graph-access-denied'],
    ['AADSTS50057: The user account is disabled.', 'account-disabled'],
    ['AADSTS65001: The user or administrator has not consented to use the application', 'consent-missing'],
    ["AADSTS700016: Application with identifier 'x' was not found in the directory", 'app-not-found'],
    ['AADSTS7000222: The provided client secret keys are expired.', 'bad-credentials'],
    ['-ERR Logon failure: unknown user name or bad password.', 'basic-auth'],
    ['250 2.0.0 OK', 'unknown'],
    // Permanent SMTP answers are verdicts, never "try again" (issue 29; RFC 5321 4.2.1, RFC 3463).
    ['554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded', 'mailbox-full'],
    ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'mailbox-missing'],
    ['550 5.1.8 Access denied, bad outbound sender', 'address-refused'],
    ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP', 'policy-refused'],
    ['554 5.6.0 Corrupt message content', 'smtp-permanent'],
    ['451 4.3.2 Temporary server error', 'service-unavailable'],
    ['503 Service Unavailable', 'service-unavailable'],
  ])('%s is %s', (answer, code) => {
    expect(diagnose(answer).code).toBe(code);
  });

  it('takes no permanent SMTP answer as transient: a 5yz with an enhanced status code is never retried', () => {
    for (const answer of ['554 5.2.2 mailbox full', '550 5.1.1 User unknown', '550 5.7.1 Delivery not authorized', '554 5.6.0 Corrupt message content']) {
      expect(diagnose(answer), answer).toMatchObject({ definitive: true, transient: false });
    }
  });

  it('says which refusals a recent grant could explain, and which it cannot', () => {
    expect(diagnose(`554 ${SMTP_TEXTS.sendAsDenied('a@contoso.com', 'b@contoso.com')}`).mayBeReplication).toBe(true);
    expect(diagnose(`535 ${SMTP_TEXTS.tenantDisabled}`).mayBeReplication).toBe(false);
  });
});
