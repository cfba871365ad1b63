/**
 * Automatic replies, as Exchange sends them when a message is delivered to a mailbox whose
 * Set-MailboxAutoReplyConfiguration says so: Enabled, or Scheduled inside its window; the
 * InternalMessage to senders in the organization, the ExternalMessage to others when
 * ExternalAudience is All (Known needs the mailbox's contacts, which are not emulated, so it
 * answers no one outside). One reply per sender until the configuration changes, never to an
 * automatic message (Auto-Submitted, RFC 3834) or to the mailbox itself. The reply is not saved in
 * Sent Items. Which senders were answered is kept in memory, so a restart forgets it.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmulatorContext } from '../context.js';
import { primarySmtpAddress } from '../exchange/recipients.js';
import type { Mailbox, MessageSummary } from '../store/model.js';
import type { Tenant } from '../store/store.js';

/** Senders answered per mailbox, with the configuration they were answered under. */
const answered = new WeakMap<EmulatorContext, Map<string, { config: string; senders: Set<string> }>>();

function active(mailbox: Mailbox, now: Date): boolean {
  const { state, startTime, endTime } = mailbox.autoReply;
  if (state === 'Enabled') return true;
  if (state !== 'Scheduled') return false;
  return (startTime === null || Date.parse(startTime) <= now.getTime()) && (endTime === null || now.getTime() < Date.parse(endTime));
}

/** Whether the message says it was sent automatically (RFC 3834), or in bulk. */
function automatic(raw: Buffer): boolean {
  const header = raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const autoSubmitted = /^auto-submitted:\s*(\S+)/im.exec(header)?.[1]?.toLowerCase();
  return (autoSubmitted !== undefined && autoSubmitted !== 'no') || /^precedence:\s*(bulk|junk|list)/im.test(header);
}

/**
 * The automatic reply the delivery of `raw` to `mailbox` calls for, as RFC 5322 bytes to send from
 * the mailbox to `sender`; undefined when none is due.
 */
export async function autoReplyFor(
  context: EmulatorContext,
  tenant: Tenant,
  mailbox: Mailbox,
  raw: Buffer,
  summary: MessageSummary,
  sender: string,
  internal: boolean,
): Promise<Buffer | undefined> {
  const own = primarySmtpAddress(mailbox);
  const to = sender.trim().toLowerCase();
  if (to === '' || to === own.toLowerCase() || !active(mailbox, context.now()) || automatic(raw)) return undefined;
  const { autoReply } = mailbox;
  const text = internal ? autoReply.internalMessage : autoReply.externalAudience === 'All' ? autoReply.externalMessage : '';
  if (text === '') return undefined;

  let byMailbox = answered.get(context);
  if (byMailbox === undefined) answered.set(context, (byMailbox = new Map()));
  const config = JSON.stringify(autoReply);
  let record = byMailbox.get(`${tenant.info.id}/${mailbox.id}`);
  if (record === undefined || record.config !== config) byMailbox.set(`${tenant.info.id}/${mailbox.id}`, (record = { config, senders: new Set() }));
  if (record.senders.has(to)) return undefined;
  record.senders.add(to);

  return new MailComposer({
    from: { name: mailbox.displayName, address: own },
    to,
    subject: `Automatic reply: ${summary.subject}`,
    html: text,
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      ...(summary.internetMessageId === null ? {} : { 'In-Reply-To': summary.internetMessageId }),
    },
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();
}
