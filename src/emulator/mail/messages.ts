/**
 * Messages in the store, shared by Graph mail and the IMAP, POP and SMTP servers: append (with the
 * folder's next UID and the mailbox's size and count kept in step), flag changes, removal, and the
 * parsed summary Graph lists. The bytes are kept exactly as submitted (fidelity 5: what one
 * protocol stores, every other protocol reads back unchanged). Parsing is postal-mime's.
 */
import PostalMime from 'postal-mime';
import type { MailAddress, MailFolder, MailMessage, MessageSummary } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { exchangeId } from './folders.js';

/** Graph's bodyPreview holds the first 255 characters of the body as plain text. */
const PREVIEW_LENGTH = 255;

// postal-mime's types, as its CommonJS declaration exposes them to an ES module.
type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type Address = NonNullable<Email['from']>;

function addresses(list: readonly Address[] | Address | undefined): MailAddress[] {
  const items = list === undefined ? [] : Array.isArray(list) ? list : [list as Address];
  return items.flatMap((item) =>
    item.group === undefined
      ? [{ name: item.name, address: item.address }]
      : item.group.map((member: { name: string; address: string }) => ({ name: member.name, address: member.address })),
  );
}

function plainText(email: Email): string {
  if (email.text !== undefined) return email.text;
  return (email.html ?? '').replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, '').replace(/<[^>]+>/g, ' ');
}

export async function parseMessage(raw: Buffer): Promise<Email> {
  return PostalMime.parse(raw);
}

export async function summarize(raw: Buffer): Promise<MessageSummary> {
  const email = await parseMessage(raw);
  const date = email.date === undefined ? Number.NaN : Date.parse(email.date);
  return {
    subject: email.subject ?? '',
    from: addresses(email.from)[0] ?? null,
    sender: addresses(email.sender)[0] ?? null,
    to: addresses(email.to),
    cc: addresses(email.cc),
    bcc: addresses(email.bcc),
    replyTo: addresses(email.replyTo),
    sentDateTime: Number.isNaN(date) ? null : new Date(date).toISOString(),
    internetMessageId: email.messageId ?? null,
    inReplyTo: email.inReplyTo ?? null,
    hasAttachments: email.attachments.some((attachment) => attachment.disposition !== 'inline'),
    bodyPreview: plainText(email).replace(/\s+/g, ' ').trim().slice(0, PREVIEW_LENGTH),
  };
}

export function rawBytes(message: MailMessage): Buffer {
  return Buffer.from(message.raw, 'latin1');
}

function adjustUsage(tenant: Tenant, mailboxId: string, items: number, bytes: number): void {
  const mailboxes = tenant.collection('mailboxes');
  const mailbox = mailboxes.get(mailboxId);
  if (mailbox === undefined) return;
  mailboxes.put({ ...mailbox, itemCount: Math.max(0, mailbox.itemCount + items), totalItemSize: Math.max(0, mailbox.totalItemSize + bytes) });
}

export interface AppendOptions {
  readonly flags?: readonly string[];
  readonly receivedAt: Date;
  /** The bytes' summary when the caller has it already (one message delivered to many). */
  readonly summary?: MessageSummary;
}

/**
 * Store a message in a folder. Parsing happens before any write, and the UID is taken from the
 * folder as it is at the moment of writing, so concurrent appends never share a UID.
 */
export async function appendMessage(tenant: Tenant, folder: MailFolder, raw: Buffer, options: AppendOptions): Promise<MailMessage> {
  const summary = options.summary ?? (await summarize(raw));
  const folders = tenant.collection('mailFolders');
  const current = folders.get(folder.id) ?? folder;
  folders.put({ ...current, uidNext: current.uidNext + 1 });
  const message: MailMessage = {
    id: exchangeId(),
    mailboxId: current.mailboxId,
    folderId: current.id,
    uid: current.uidNext,
    flags: [...(options.flags ?? [])],
    receivedDateTime: options.receivedAt.toISOString(),
    size: raw.length,
    raw: raw.toString('latin1'),
    summary,
  };
  tenant.collection('messages').put(message);
  adjustUsage(tenant, current.mailboxId, 1, raw.length);
  return message;
}

export function removeMessage(tenant: Tenant, message: MailMessage): void {
  if (tenant.collection('messages').delete(message.id)) adjustUsage(tenant, message.mailboxId, -1, -message.size);
}

export function setFlags(tenant: Tenant, message: MailMessage, flags: readonly string[]): MailMessage {
  const next = { ...message, flags: [...new Set(flags)] };
  tenant.collection('messages').put(next);
  return next;
}

/** A folder's messages in UID order (the store keeps insertion order, and UIDs only grow). */
export function messagesIn(tenant: Tenant, folder: MailFolder): MailMessage[] {
  return tenant.collection('messages').lookup(`folder:${folder.id}`);
}
