import { appGraphRead, appGraphSend, appImap, delegateGraphRead, delegateGraphSend, delegateImap } from './modes.js';
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

/** Any Microsoft Graph client, as the app (client credentials, RBAC-scoped) or as a delegate. */
export const genericGraph: ClientProfile = {
  id: 'generic-graph',
  title: 'Any Microsoft Graph client',
  summary: 'Reads and sends through Microsoft Graph, as the app with RBAC for Applications or as a delegate with the .Shared scopes.',
  sources: ['learn.microsoft.com/graph/outlook-share-messages-folders', 'learn.microsoft.com/exchange/permissions-exo/application-rbac'],
  defaults: { identity: 'app', inbound: 'graph', outbound: 'graph' },
  modes: [appGraphRead, appGraphSend, delegateGraphRead, delegateGraphSend],
};
