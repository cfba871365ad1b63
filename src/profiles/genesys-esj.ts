import { appGraphRead, appGraphSend, delegateImap, delegateSmtp } from './modes.js';
import { exchange, type AccessMode, type ClientProfile } from './types.js';

const EWS_RETIRED =
  'Microsoft blocks Exchange Web Services in Exchange Online from 1 October 2026 ("Retirement of Exchange Web Services in Exchange Online", Exchange Team Blog, 2023); use GRAPH instead.';

const ewsIn: AccessMode = {
  direction: 'inbound',
  way: 'ews',
  identity: 'delegate',
  delegatedScopes: [exchange('EWS.AccessAsUser.All')],
  applicationPermissions: [],
  rights: ['fullAccess'],
  protocols: [],
  probes: [],
  retired: EWS_RETIRED,
};

/**
 * Genesys Engage E-mail Server Java (ESJ): inbound IMAP or EWS as a service account with Full
 * Access, or GRAPH with client credentials only; outbound SMTP or EWS as that account, or GRAPH
 * with allow-delegate, where the account still needs Full Access; FROM is the shared address
 * (shared/seeds 003).
 */
export const genesysEsj: ClientProfile = {
  id: 'genesys-esj',
  title: 'Genesys E-mail Server Java (ESJ)',
  summary:
    'Inbound IMAP as a service account with Full Access, or GRAPH as the app (client credentials); outbound SMTP as that account with Full Access and Send As, or GRAPH as the app with allow-delegate. EWS is retired.',
  sources: ['shared/seeds/003: Genesys E-mail Server Administration Guide, Configure shared mailbox for Microsoft Exchange Online'],
  defaults: { identity: 'delegate', inbound: 'imap', outbound: 'smtp' },
  modes: [
    delegateImap,
    ewsIn,
    appGraphRead,
    delegateSmtp,
    { ...ewsIn, direction: 'outbound', rights: ['fullAccess', 'sendAs'] },
    // smtp-client/user is still "the e-mail address with delegated Full Access"; Graph sends as the
    // shared address on that user's behalf, which Exchange allows only with Send As.
    { ...appGraphSend, userRights: ['fullAccess', 'sendAs'] },
  ],
};
