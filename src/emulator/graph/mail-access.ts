/**
 * Who may read, change and send mail through Graph in a mailbox, and the refusals Graph answers
 * with (learn.microsoft.com/graph/permissions-reference#mail-permissions;
 * learn.microsoft.com/graph/outlook-share-messages-folders; outlook-send-mail-from-other-user):
 * - an app: the Mail.* application permission in its token (any mailbox), or an RBAC for
 *   Applications role assignment whose scope covers the mailbox (learn.microsoft.com/exchange/
 *   permissions-exo/application-rbac);
 * - a user: Mail.Read / Mail.ReadWrite / Mail.Send for their own mailbox; the `.Shared` scopes
 *   plus Full Access (reading) or Send As / Send on Behalf (sending) for another one.
 * Refusals answer ErrorAccessDenied and ErrorSendAsDenied with the texts Graph sends (fidelity 3.1;
 * the sendMail text as quoted in microsoftgraph/microsoft-graph-docs-contrib#7446).
 */
import type { EmulatorContext } from '../context.js';
import { userByIdOrUpn } from '../directory.js';
import { heldPermissions } from '../entra/tokens.js';
import { policiesAllow } from '../exchange/access-policies.js';
import { findMailbox } from '../exchange/recipients.js';
import { type EmuRequest } from '../http/types.js';
import { appRoleCovers, hasFullAccess } from '../mail/access.js';
import type { DirectoryUser, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import type { Caller } from './auth.js';
import { GRAPH_ERRORS, GraphError } from './errors.js';

export const MAIL_ERRORS = {
  accessDenied: () => new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
  sendAsDenied: () =>
    new GraphError(
      403,
      'ErrorSendAsDenied',
      'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.',
    ),
  invalidUser: (key: string) => new GraphError(404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`),
  itemNotFound: () => new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.'),
  meIsDelegated: () => new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
  invalidRequest: (message: string) => new GraphError(400, 'ErrorInvalidRequest', message),
  noRecipients: () =>
    new GraphError(400, 'ErrorInvalidRecipients', "At least one recipient is not valid., A message can't be sent because it contains no recipients."),
  header: (name: string) => new GraphError(400, 'InvalidInternetMessageHeader', `The internet message header name '${name}' should start with 'x-' or 'X-'.`),
  /** At ProhibitSendQuota: Exchange's response code (EWS's ErrorQuotaExceeded); the text is inferred, no capture quotes Graph's. */
  quotaExceeded: () => new GraphError(403, 'ErrorQuotaExceeded', 'The mailbox is full: its size has reached ProhibitSendQuota, so it cannot send.'),
  mimeBase64: () => new GraphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.'),
} as const;

export type Access = 'read' | 'write' | 'send';

/** Token permissions and Exchange application roles that allow each kind of access. */
const APP_ROLES: Record<Access, readonly string[]> = {
  read: ['Mail.ReadBasic.All', 'Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'],
  write: ['Mail.ReadWrite'],
  send: ['Mail.Send'],
};
const EXCHANGE_APP_ROLES: Record<Access, readonly string[]> = {
  read: [
    'Application Mail.ReadBasic',
    'Application Mail.Read',
    'Application Mail.ReadWrite',
    'Application Mail Full Access',
    'Application Exchange Full Access',
  ],
  write: ['Application Mail.ReadWrite', 'Application Mail Full Access', 'Application Exchange Full Access'],
  send: ['Application Mail.Send', 'Application Mail Full Access', 'Application Exchange Full Access'],
};
const OWN_SCOPES: Record<Access, readonly string[]> = {
  read: ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'],
  write: ['Mail.ReadWrite'],
  send: ['Mail.Send'],
};
const SHARED_SCOPES: Record<Access, readonly string[]> = {
  read: ['Mail.ReadBasic.Shared', 'Mail.Read.Shared', 'Mail.ReadWrite.Shared'],
  write: ['Mail.ReadWrite.Shared'],
  send: ['Mail.Send.Shared'],
};

export interface Target {
  readonly user: DirectoryUser;
  readonly mailbox: Mailbox;
  /** The caller is a user acting on their own mailbox. */
  readonly own: boolean;
}

function resolveTarget(request: EmuRequest, { claims, tenant }: Caller): Target {
  const key = request.params.id;
  if (key === undefined && claims.idtyp === 'app') throw MAIL_ERRORS.meIsDelegated();
  const user = key === undefined ? tenant.collection('users').get(claims.oid) : (userByIdOrUpn(tenant, key) ?? userOfMailbox(tenant, key));
  if (user === undefined) throw MAIL_ERRORS.invalidUser(key ?? claims.oid);
  const mailbox = tenant.collection('mailboxes').lookup(`user:${user.id}`)[0];
  if (mailbox === undefined) throw GRAPH_ERRORS.noMailbox();
  return { user, mailbox, own: claims.idtyp === 'user' && claims.oid === user.id };
}

function userOfMailbox(tenant: Tenant, address: string): DirectoryUser | undefined {
  const mailbox = findMailbox(tenant, address);
  return mailbox === undefined ? undefined : tenant.collection('users').get(mailbox.userId);
}

/** The mailbox the request names, once the caller is known to have `access` to it. */
export function authorize(context: EmulatorContext, request: EmuRequest, caller: Caller, access: Access): Target {
  const target = resolveTarget(request, caller);
  const held = heldPermissions(caller.claims);
  const holds = (wanted: readonly string[]): boolean => wanted.some((permission) => held.includes(permission));
  const allowed =
    caller.claims.idtyp === 'app'
      ? (holds(APP_ROLES[access]) && policiesAllow(caller.tenant, caller.claims.appid, target.mailbox)) ||
        appRoleCovers(context, caller.tenant, caller.claims.oid, target.mailbox, EXCHANGE_APP_ROLES[access])
      : target.own
        ? holds(OWN_SCOPES[access])
        : holds(SHARED_SCOPES[access]) && (access === 'send' || hasFullAccess(context, caller.tenant, target.mailbox, caller.claims.oid));
  if (!allowed) throw MAIL_ERRORS.accessDenied();
  return target;
}
