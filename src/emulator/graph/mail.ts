/**
 * Graph mail on the emulator's one message store (what SMTP delivers, IMAP and POP read, and the
 * reverse): /users/{id|upn}/messages and /me/messages (list with $filter, $select, $top, $orderby
 * on receivedDateTime; get; $value; PATCH isRead and flag; DELETE; move), mailFolders (by id or
 * well-known name), and sendMail with JSON or base64 MIME.
 *
 * Who may do what (learn.microsoft.com/graph/permissions-reference#mail-permissions;
 * learn.microsoft.com/graph/outlook-share-messages-folders; outlook-send-mail-from-other-user):
 * - an app: the Mail.* application permission in its token (any mailbox), or an RBAC for
 *   Applications role assignment whose scope covers the mailbox (learn.microsoft.com/exchange/
 *   permissions-exo/application-rbac);
 * - a user: Mail.Read / Mail.ReadWrite / Mail.Send for their own mailbox; the `.Shared` scopes
 *   plus Full Access (reading) or Send As / Send on Behalf (sending) for another one.
 * Refusals answer ErrorAccessDenied and ErrorSendAsDenied with the texts Graph sends (fidelity 3.1;
 * the sendMail text as quoted in microsoftgraph/microsoft-graph-docs-contrib#7446).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmulatorContext } from '../context.js';
import { userByIdOrUpn } from '../directory.js';
import { heldPermissions } from '../entra/tokens.js';
import { policiesAllow } from '../exchange/access-policies.js';
import { findMailbox, primarySmtpAddress } from '../exchange/recipients.js';
import { isRecord, json, type EmuRequest, type EmuResponse } from '../http/types.js';
import { appRoleCovers, hasFullAccess } from '../mail/access.js';
import { findFolder, foldersOf, holdsMail } from '../mail/folders.js';
import { appendMessage, messagesIn, parseMessage, rawBytes, removeMessage, setFlags, summarize } from '../mail/messages.js';
import { checkSender, submit } from '../mail/submit.js';
import type { DirectoryUser, MailAddress, MailFolder, MailMessage, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import type { Caller } from './auth.js';
import { GRAPH_ERRORS, GraphError } from './errors.js';
import { listResponse } from './odata.js';
import { body, graphRoute } from './route.js';

const MAIL_ERRORS = {
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

type Access = 'read' | 'write' | 'send';

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

interface Target {
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
function authorize(context: EmulatorContext, request: EmuRequest, caller: Caller, access: Access): Target {
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

function recipient(address: MailAddress): Record<string, unknown> {
  return { emailAddress: { name: address.name === '' ? address.address : address.name, address: address.address } };
}

/** A message as Graph shows it, without its body (which needs the bytes parsed). */
function messageObject(message: MailMessage): Record<string, unknown> {
  const { summary } = message;
  return {
    '@odata.etag': `W/"${message.id.slice(-16)}${message.flags.length}"`,
    id: message.id,
    createdDateTime: message.receivedDateTime,
    lastModifiedDateTime: message.receivedDateTime,
    categories: [],
    receivedDateTime: message.receivedDateTime,
    sentDateTime: summary.sentDateTime ?? message.receivedDateTime,
    hasAttachments: summary.hasAttachments,
    internetMessageId: summary.internetMessageId,
    subject: summary.subject,
    bodyPreview: summary.bodyPreview,
    importance: 'normal',
    parentFolderId: message.folderId,
    isReadReceiptRequested: false,
    isRead: message.flags.includes('\\Seen'),
    isDraft: message.flags.includes('\\Draft'),
    inferenceClassification: 'focused',
    sender: summary.sender === null ? (summary.from === null ? null : recipient(summary.from)) : recipient(summary.sender),
    from: summary.from === null ? null : recipient(summary.from),
    toRecipients: summary.to.map(recipient),
    ccRecipients: summary.cc.map(recipient),
    bccRecipients: summary.bcc.map(recipient),
    replyTo: summary.replyTo.map(recipient),
    flag: { flagStatus: message.flags.includes('\\Flagged') ? 'flagged' : 'notFlagged' },
  };
}

/** What $filter may name: messageObject's properties. */
const MESSAGE_PROPERTIES = new Set(
  [
    'id',
    'createdDateTime',
    'lastModifiedDateTime',
    'categories',
    'receivedDateTime',
    'sentDateTime',
    'hasAttachments',
    'internetMessageId',
    'subject',
    'bodyPreview',
    'importance',
    'parentFolderId',
    'isReadReceiptRequested',
    'isRead',
    'isDraft',
    'inferenceClassification',
    'sender',
    'from',
    'toRecipients',
    'ccRecipients',
    'bccRecipients',
    'replyTo',
    'flag',
  ].map((key) => key.toLowerCase()),
);

/** The body Graph returns: HTML when the message has it, unless `Prefer: outlook.body-content-type="text"`. */
async function messageBody(request: EmuRequest, message: MailMessage): Promise<{ contentType: 'html' | 'text'; content: string }> {
  const email = await parseMessage(rawBytes(message));
  const wantsText = /outlook\.body-content-type="?text"?/i.test(String(request.headers.prefer ?? ''));
  if (email.html !== undefined && !wantsText) return { contentType: 'html', content: email.html };
  // MIME ends the last line with a line break the sender did not write.
  return { contentType: 'text', content: (email.text ?? '').replace(/\r?\n$/, '') };
}

function wantsBody(request: EmuRequest): boolean {
  const select = request.url.searchParams.get('$select');
  return select === null || select.split(',').some((name) => name.trim().toLowerCase() === 'body');
}

async function listMessages(context: EmulatorContext, request: EmuRequest, messages: MailMessage[]): Promise<EmuResponse> {
  const query = request.url.searchParams;
  if (query.has('$search'))
    throw new GraphError(501, 'NotImplemented', 'mbx emulator: $search on messages is not emulated; use $filter. docs/emulator.md lists what is.');
  const orderBy = (query.get('$orderby') ?? 'receivedDateTime desc').trim().toLowerCase();
  if (!/^receiveddatetime( (asc|desc))?$/.test(orderBy))
    throw new GraphError(400, 'ErrorInvalidProperty', `mbx emulator: $orderby '${query.get('$orderby')}' is not emulated; only receivedDateTime asc|desc is.`);
  const ordered = orderBy.endsWith('desc') ? [...messages].reverse() : messages;
  const page = listResponse(request, context.baseUrl, ordered, messageObject, {
    resource: 'message',
    entitySet: 'messages',
    known: MESSAGE_PROPERTIES,
    defaultTop: 10,
    maxTop: 1000,
  });
  if (wantsBody(request)) {
    const byId = new Map(messages.map((message) => [message.id, message]));
    page.value = await Promise.all(
      (page.value as Record<string, unknown>[]).map(async (item) => ({
        ...item,
        body: await messageBody(request, byId.get(item.id as string) as MailMessage),
      })),
    );
  }
  return json(200, page);
}

function findMessage(tenant: Tenant, mailbox: Mailbox, id: string): MailMessage {
  const message = tenant.collection('messages').get(id);
  if (message === undefined || message.mailboxId !== mailbox.id) throw MAIL_ERRORS.itemNotFound();
  return message;
}

function requireFolder(context: EmulatorContext, tenant: Tenant, mailbox: Mailbox, id: string): MailFolder {
  const folder = findFolder(tenant, mailbox, id, context.now());
  if (folder === undefined) throw MAIL_ERRORS.itemNotFound();
  return folder;
}

function folderObject(tenant: Tenant, mailbox: Mailbox, folder: MailFolder): Record<string, unknown> {
  const messages = messagesIn(tenant, folder);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId ?? `AAMk${Buffer.from(`${mailbox.id}:msgfolderroot`).toString('base64url')}`,
    childFolderCount: 0,
    unreadItemCount: messages.filter((message) => !message.flags.includes('\\Seen')).length,
    totalItemCount: messages.length,
    sizeInBytes: messages.reduce((sum, message) => sum + message.size, 0),
    isHidden: false,
  };
}

function patchMessage(tenant: Tenant, message: MailMessage, input: Record<string, unknown>): MailMessage {
  const flags = new Set(message.flags);
  for (const [key, value] of Object.entries(input)) {
    if (key === 'isRead' && typeof value === 'boolean') {
      if (value) flags.add('\\Seen');
      else flags.delete('\\Seen');
    } else if (key === 'flag' && isRecord(value) && typeof value.flagStatus === 'string') {
      if (value.flagStatus === 'flagged') flags.add('\\Flagged');
      else flags.delete('\\Flagged');
    } else {
      throw new GraphError(501, 'NotImplemented', `mbx emulator: updating '${key}' on a message is not emulated; isRead and flag are.`);
    }
  }
  return setFlags(tenant, message, [...flags]);
}

// --- sendMail ---

/** A sendMail request read and checked, before the sender's rights are. */
interface Outgoing {
  readonly from: string;
  readonly recipients: string[];
  /** The message's bytes, given the Sender header Send on Behalf calls for. */
  readonly build: (sender: string | undefined) => Promise<Buffer>;
}

function addressesOf(input: unknown, property: string): { name: string; address: string }[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw MAIL_ERRORS.invalidRequest(`The property '${property}' must be a collection of recipients.`);
  return input.map((item: unknown) => {
    const email = isRecord(item) && isRecord(item.emailAddress) ? item.emailAddress : undefined;
    if (email === undefined || typeof email.address !== 'string' || !email.address.includes('@')) {
      throw new GraphError(
        400,
        'ErrorInvalidRecipients',
        `At least one recipient is not valid., Recipient '${String(email?.address ?? '')}' is not resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
    return { name: typeof email.name === 'string' ? email.name : '', address: email.address };
  });
}

/** A JSON sendMail; the message is composed as RFC 5322 by nodemailer's MailComposer. */
function readJsonMessage(input: Record<string, unknown>, defaultFrom: string): Outgoing {
  if (!isRecord(input.message)) throw MAIL_ERRORS.invalidRequest("The property 'message' is required.");
  const message = input.message;
  const to = addressesOf(message.toRecipients, 'toRecipients');
  const cc = addressesOf(message.ccRecipients, 'ccRecipients');
  const bcc = addressesOf(message.bccRecipients, 'bccRecipients');
  const recipients = [...to, ...cc, ...bcc].map((entry) => entry.address);
  if (recipients.length === 0) throw MAIL_ERRORS.noRecipients();
  const from = (message.from === undefined || message.from === null ? undefined : addressesOf([message.from], 'from')[0]) ?? { name: '', address: defaultFrom };
  const headers: Record<string, string> = {};
  for (const header of Array.isArray(message.internetMessageHeaders) ? message.internetMessageHeaders : []) {
    const name = isRecord(header) && typeof header.name === 'string' ? header.name : '';
    if (!/^x-/i.test(name)) throw MAIL_ERRORS.header(name);
    headers[name] = String((header as Record<string, unknown>).value ?? '');
  }
  const content = isRecord(message.body) && typeof message.body.content === 'string' ? message.body.content : '';
  const isHtml = isRecord(message.body) && String(message.body.contentType ?? 'text').toLowerCase() === 'html';
  const attachments = (Array.isArray(message.attachments) ? message.attachments : []).filter(isRecord).map((attachment) => ({
    filename: String(attachment.name ?? 'attachment'),
    contentType: typeof attachment.contentType === 'string' ? attachment.contentType : 'application/octet-stream',
    content: Buffer.from(String(attachment.contentBytes ?? ''), 'base64'),
  }));
  const subject = typeof message.subject === 'string' ? message.subject : '';
  const replyTo = addressesOf(message.replyTo, 'replyTo');
  return {
    from: from.address,
    recipients,
    build: (sender) =>
      new MailComposer({
        from,
        sender,
        to,
        cc,
        bcc,
        replyTo,
        subject,
        ...(isHtml ? { html: content } : { text: content }),
        headers,
        attachments,
        disableFileAccess: true,
        disableUrlAccess: true,
      })
        .compile()
        .build(),
  };
}

/** A MIME sendMail: the body is the base64 of the whole message, sent as it is; recipients come from its headers. */
async function readMimeMessage(request: EmuRequest, defaultFrom: string): Promise<Outgoing> {
  const text = request.body.toString('ascii').replace(/\s+/g, '');
  if (text === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw MAIL_ERRORS.mimeBase64();
  const raw = Buffer.from(text, 'base64');
  const summary = await summarize(raw);
  const recipients = [...summary.to, ...summary.cc, ...summary.bcc].map((entry) => entry.address);
  if (recipients.length === 0) throw MAIL_ERRORS.noRecipients();
  return { from: summary.from?.address ?? defaultFrom, recipients, build: () => Promise.resolve(raw) };
}

async function sendMail(context: EmulatorContext, request: EmuRequest, caller: Caller): Promise<EmuResponse> {
  const target = authorize(context, request, caller, 'send');
  const tenant = caller.tenant;
  const defaultFrom = primarySmtpAddress(target.mailbox);
  const isMime = /^text\/plain/i.test(String(request.headers['content-type'] ?? ''));
  const input = isMime ? {} : body(request);
  const outgoing = isMime ? await readMimeMessage(request, defaultFrom) : readJsonMessage(input, defaultFrom);
  // The rights are those of the user who signs in, or, for an app, of the mailbox it sends for.
  const principalId = caller.claims.idtyp === 'app' ? target.user.id : caller.claims.oid;
  const check = checkSender(context, tenant, principalId, outgoing.from);
  if (!check.ok) throw MAIL_ERRORS.sendAsDenied();
  const quota = target.mailbox.quotas.prohibitSend;
  if (quota !== null && target.mailbox.totalItemSize >= quota) throw MAIL_ERRORS.quotaExceeded();
  const principalMailbox = tenant.collection('mailboxes').lookup(`user:${principalId}`)[0];
  const onBehalfOf = check.right === 'onBehalf' && principalMailbox !== undefined ? primarySmtpAddress(principalMailbox) : undefined;
  await submit(context, tenant, {
    mailbox: target.mailbox,
    right: check.right,
    fromMailbox: check.fromMailbox,
    raw: await outgoing.build(onBehalfOf),
    mailFrom: outgoing.from,
    recipients: outgoing.recipients,
    saveToSentItems: input.saveToSentItems !== false,
    via: 'graph',
  });
  return { status: 202, headers: {}, body: '' };
}

const ME = '(?:me|users/(?<id>[^/()]+))';
const MESSAGE = `${ME}/messages/(?<messageId>[^/]+)`;

export const MAIL_ROUTES = [
  graphRoute('GET', `${ME}/messages`, 'messages.list', undefined, async (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'read');
    const folders = foldersOf(caller.tenant, mailbox, context.now()).filter(holdsMail);
    // Across every mail folder, in the order the mailbox received them (a moved message keeps its time).
    const ids = new Set(folders.map((folder) => folder.id));
    const messages = caller.tenant
      .collection('messages')
      .lookup(`mailbox:${mailbox.id}`)
      .filter((message) => ids.has(message.folderId))
      .sort((a, b) => a.receivedDateTime.localeCompare(b.receivedDateTime));
    return listMessages(context, request, messages);
  }),
  graphRoute('GET', MESSAGE, 'messages.get', undefined, async (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'read');
    const message = findMessage(caller.tenant, mailbox, request.params.messageId as string);
    const object = { '@odata.context': `${context.baseUrl}/v1.0/$metadata#messages/$entity`, ...messageObject(message) };
    return json(200, wantsBody(request) ? { ...object, body: await messageBody(request, message) } : object);
  }),
  graphRoute('GET', `${MESSAGE}/\\$value`, 'messages.mime', undefined, (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'read');
    const message = findMessage(caller.tenant, mailbox, request.params.messageId as string);
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: rawBytes(message) };
  }),
  graphRoute('PATCH', MESSAGE, 'messages.update', undefined, (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'write');
    const message = findMessage(caller.tenant, mailbox, request.params.messageId as string);
    return json(200, messageObject(patchMessage(caller.tenant, message, body(request))));
  }),
  graphRoute('DELETE', MESSAGE, 'messages.delete', undefined, (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'write');
    removeMessage(caller.tenant, findMessage(caller.tenant, mailbox, request.params.messageId as string));
    return { status: 204 };
  }),
  graphRoute('POST', `${MESSAGE}/move`, 'messages.move', undefined, async (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'write');
    const message = findMessage(caller.tenant, mailbox, request.params.messageId as string);
    const destination = body(request).destinationId;
    if (typeof destination !== 'string') throw MAIL_ERRORS.invalidRequest("The property 'destinationId' is required.");
    const folder = requireFolder(context, caller.tenant, mailbox, destination);
    const moved = await appendMessage(caller.tenant, folder, rawBytes(message), {
      flags: message.flags,
      receivedAt: new Date(message.receivedDateTime),
      summary: message.summary,
    });
    removeMessage(caller.tenant, message);
    return json(201, messageObject(moved));
  }),
  graphRoute('GET', `${ME}/mailFolders`, 'mailFolders.list', undefined, (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'read');
    // Graph lists the top level here; subfolders (made over IMAP) are under childFolders, not emulated.
    const folders = foldersOf(caller.tenant, mailbox, context.now())
      .filter((folder) => folder.parentFolderId === null && holdsMail(folder))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return json(200, {
      '@odata.context': `${context.baseUrl}/v1.0/$metadata#mailFolders`,
      value: folders.map((folder) => folderObject(caller.tenant, mailbox, folder)),
    });
  }),
  graphRoute('GET', `${ME}/mailFolders/(?<folderId>[^/]+)`, 'mailFolders.get', undefined, (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'read');
    const folder = requireFolder(context, caller.tenant, mailbox, request.params.folderId as string);
    return json(200, { '@odata.context': `${context.baseUrl}/v1.0/$metadata#mailFolders/$entity`, ...folderObject(caller.tenant, mailbox, folder) });
  }),
  graphRoute('GET', `${ME}/mailFolders/(?<folderId>[^/]+)/messages`, 'mailFolders.messages', undefined, (request, context, caller) => {
    const { mailbox } = authorize(context, request, caller, 'read');
    const folder = requireFolder(context, caller.tenant, mailbox, request.params.folderId as string);
    return listMessages(context, request, messagesIn(caller.tenant, folder));
  }),
  graphRoute('POST', `${ME}/sendMail`, 'sendMail', undefined, (request, context, caller) => sendMail(context, request, caller)),
];
