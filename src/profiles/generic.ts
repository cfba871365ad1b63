import { appGraphRead, appGraphSend, appImap, appSmtpPermission, delegateGraphRead, delegateGraphSend, delegateImap, delegateSmtp } from './modes.js';
import type { ClientProfile } from './types.js';

/** Any IMAP client, as a delegate (user=<shared address>) or as the app (IMAP.AccessAsApp). */
export const genericImap: ClientProfile = {
  id: 'generic-imap',
  title: 'Any IMAP client',
  summary: 'Reads the mailbox over IMAP with OAuth 2.0, as a delegate with Full Access or as the app.',
  sources: ['dev-exchange-docs how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth.md'],
  defaults: { identity: 'delegate', inbound: 'imap', outbound: 'none' },
  modes: [delegateImap, appImap],
};

/**
 * Any software that sends over SMTP AUTH (a CRM, a ticket system, a scanner): as the app with client
 * credentials, authorized by RBAC for Applications (the role Application SMTP.SendAsApp) or by the
 * Entra permission and Send As (the client's smtpAuthorization picks, spec/normalize.ts), or as a
 * delegate signed in as itself with Send As.
 */
export const genericSmtp: ClientProfile = {
  id: 'generic-smtp',
  title: 'Any SMTP client',
  summary:
    'Sends over SMTP AUTH with OAuth 2.0: as the app, authorized by the RBAC role Application SMTP.SendAsApp (no mailbox permission) or by SMTP.SendAsApp and Send As; or as a delegate with Send As.',
  sources: ['dev-exchange-docs smtp-app-rbac-onboarding.md', 'dev-exchange-docs how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth.md'],
  defaults: { identity: 'app', inbound: 'none', outbound: 'smtp' },
  // The app's mode is resolved to appSmtpRbac or appSmtpPermission by the client's smtpAuthorization.
  // A delegate that only sends needs Send As, not Full Access (SMTP checks Send As at submission).
  modes: [appSmtpPermission, { ...delegateSmtp, rights: ['sendAs'] }],
};

/** Any Microsoft Graph client, as the app (client credentials, RBAC-scoped) or as a delegate. */
export const genericGraph: ClientProfile = {
  id: 'generic-graph',
  title: 'Any Microsoft Graph client',
  summary: 'Reads and sends through Microsoft Graph, as the app with RBAC for Applications or as a delegate with the .Shared scopes.',
  sources: ['learn.microsoft.com/graph/outlook-share-messages-folders', 'learn.microsoft.com/exchange/permissions-exo/application-rbac'],
  defaults: { identity: 'app', inbound: 'graph', outbound: 'graph' },
  modes: [appGraphRead, appGraphSend, delegateGraphRead, delegateGraphSend],
};
