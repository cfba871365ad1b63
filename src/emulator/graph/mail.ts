/**
 * Graph mail on the emulator's one message store (what SMTP delivers, IMAP and POP read, and the
 * reverse): /users/{id|upn}/messages and /me/messages (list with $filter, $select, $top, $orderby
 * on receivedDateTime; get; $value; PATCH isRead and flag; DELETE; move), mailFolders (by id or
 * well-known name), and sendMail (send-mail.ts). Who may do what is mail-access.ts.
 */
import type { EmulatorContext } from '../context.js';
import { isRecord, json, type EmuRequest, type EmuResponse } from '../http/types.js';
import { findFolder, foldersOf, holdsMail } from '../mail/folders.js';
import { appendMessage, messagesIn, parseMessage, rawBytes, removeMessage, setFlags } from '../mail/messages.js';
import type { MailAddress, MailFolder, MailMessage, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { GraphError } from './errors.js';
import { listResponse } from './odata.js';
import { body, graphRoute } from './route.js';

import { authorize, MAIL_ERRORS } from './mail-access.js';
import { sendMail } from './send-mail.js';
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
