/**
 * Access modes shared by several profiles. Scope names and where they live come from Microsoft's
 * "Authenticate an IMAP, POP or SMTP connection using OAuth" (dev-exchange-docs
 * how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth.md) and the Graph permissions
 * reference; see shared/reference/m365-fidelity.md sections 3.6 and 5.
 */
import { exchange, graph, type AccessMode } from './types.js';

/** A delegate reads the shared mailbox over IMAP with user=<shared address> and its own token. */
export const delegateImap: AccessMode = {
  direction: 'inbound',
  way: 'imap',
  identity: 'delegate',
  delegatedScopes: [graph('IMAP.AccessAsUser.All'), graph('offline_access')],
  applicationPermissions: [],
  rights: ['fullAccess'],
  protocols: ['imap'],
  probes: ['imap'],
};

export const delegatePop: AccessMode = {
  direction: 'inbound',
  way: 'pop',
  identity: 'delegate',
  delegatedScopes: [graph('POP.AccessAsUser.All'), graph('offline_access')],
  applicationPermissions: [],
  rights: ['fullAccess'],
  protocols: ['pop'],
  probes: ['pop'],
};

/**
 * SMTP AUTH submission signed in as the delegate (user= the delegate, never the shared address: a
 * delegate's token authenticates its own mailbox only), From = the shared address: Exchange checks
 * Send As. SMTP AUTH must be on for the delegate's own mailbox, not the shared one (spec/sign-in.ts).
 */
export const delegateSmtp: AccessMode = {
  direction: 'outbound',
  way: 'smtp',
  identity: 'delegate',
  delegatedScopes: [graph('SMTP.Send'), graph('offline_access')],
  applicationPermissions: [],
  rights: ['fullAccess', 'sendAs'],
  protocols: [],
  probes: ['smtp'],
};

/** App-only IMAP: IMAP.AccessAsApp plus Full Access for the app's Exchange service principal. */
export const appImap: AccessMode = {
  direction: 'inbound',
  way: 'imap',
  identity: 'app',
  delegatedScopes: [],
  applicationPermissions: [exchange('IMAP.AccessAsApp')],
  rights: ['fullAccess'],
  protocols: ['imap'],
  probes: ['imap'],
};

/** Delegated Graph on someone else's mailbox needs the .Shared scopes (Graph: outlook-share-messages-folders). */
export const delegateGraphRead: AccessMode = {
  direction: 'inbound',
  way: 'graph',
  identity: 'delegate',
  delegatedScopes: [graph('Mail.ReadWrite.Shared'), graph('offline_access')],
  applicationPermissions: [],
  rights: ['fullAccess'],
  protocols: [],
  probes: ['graph'],
};

export const delegateGraphSend: AccessMode = {
  direction: 'outbound',
  way: 'graph',
  identity: 'delegate',
  delegatedScopes: [graph('Mail.Send.Shared'), graph('offline_access')],
  applicationPermissions: [],
  rights: ['fullAccess', 'sendAs'],
  protocols: [],
  probes: ['graph'],
};

/** App-only Graph mail access, limited to the mailbox by RBAC for Applications. */
export const appGraphRead: AccessMode = {
  direction: 'inbound',
  way: 'graph',
  identity: 'app',
  delegatedScopes: [],
  applicationPermissions: [graph('Mail.ReadWrite')],
  rights: [],
  rbacRoles: ['Application Mail.ReadWrite'],
  protocols: [],
  probes: ['graph'],
};

export const appGraphSend: AccessMode = {
  direction: 'outbound',
  way: 'graph',
  identity: 'app',
  delegatedScopes: [],
  applicationPermissions: [graph('Mail.Send')],
  rights: [],
  rbacRoles: ['Application Mail.Send'],
  protocols: [],
  probes: ['graph'],
};

/**
 * App-only SMTP AUTH (client credentials, user= the shared address), Microsoft's first model: the
 * Entra application permission SMTP.SendAsApp, and Send As for the app's Exchange service principal
 * on each mailbox it sends as (how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth.md;
 * the emulator checks Send As at submission). SMTP AUTH must be on for the shared mailbox.
 */
export const appSmtpPermission: AccessMode = {
  direction: 'outbound',
  way: 'smtp',
  identity: 'app',
  delegatedScopes: [],
  applicationPermissions: [exchange('SMTP.SendAsApp')],
  rights: ['sendAs'],
  protocols: ['smtpAuth'],
  probes: ['smtp'],
};

/**
 * App-only SMTP AUTH, Microsoft's second model (2025, "SMTP Onboarding to App RBAC",
 * smtp-app-rbac-onboarding.md; m365-2026.md 0.2): the Exchange RBAC role Application
 * SMTP.SendAsApp with a management scope of the mailboxes, no Entra permission ("Including the
 * SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions") and no
 * mailbox permission.
 */
export const appSmtpRbac: AccessMode = {
  ...appSmtpPermission,
  applicationPermissions: [],
  rights: [],
  rbacRoles: ['Application SMTP.SendAsApp'],
};
