/**
 * Graph's sendMail on the emulator's one message store: a JSON message (composed as RFC 5322 by
 * nodemailer's MailComposer) or base64 MIME sent as it is, from the mailbox the caller may send
 * for (mail-access.ts), with Exchange's Send As and Send on Behalf rules and the mailbox's quota.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmulatorContext } from '../context.js';
import { primarySmtpAddress } from '../exchange/recipients.js';
import { isRecord, type EmuRequest, type EmuResponse } from '../http/types.js';
import { summarize } from '../mail/messages.js';
import { checkSender, submit } from '../mail/submit.js';
import type { Caller } from './auth.js';
import { GraphError } from './errors.js';
import { body } from './route.js';
import { authorize, MAIL_ERRORS } from './mail-access.js';

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

export async function sendMail(context: EmulatorContext, request: EmuRequest, caller: Caller): Promise<EmuResponse> {
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
