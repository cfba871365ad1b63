/**
 * Sending, as Exchange Online applies it to Graph's sendMail and to SMTP submission alike:
 * - the sender rules: a mailbox sends as itself; as another mailbox only with Send As; on behalf
 *   of it (From = the mailbox, Sender = the delegate) only with Send on Behalf; from a secondary
 *   address only when SendFromAliasEnabled is on (Set-OrganizationConfig.md); anything else is
 *   SendAsDenied (fidelity 5.4);
 * - delivery: tenant recipients get the message in their Inbox, following ForwardingSmtpAddress
 *   and DeliverToMailboxAndForward; others go to the outbound sink the control API reads;
 * - the Sent Items copies: the submitting mailbox's, and the shared mailbox's when
 *   MessageCopyForSentAsEnabled or MessageCopyForSendOnBehalfEnabled is on (Set-Mailbox.md);
 * - automatic replies from recipients that have them on (auto-reply.ts).
 */
import type { EmulatorContext } from '../context.js';
import { ruleActions } from '../exchange/inbox-rules.js';
import { primarySmtpAddress } from '../exchange/recipients.js';
import type { Mailbox, MessageSummary } from '../store/model.js';
import type { Tenant } from '../store/store.js';
import { appRoleCovers, hasSendAs, hasSendOnBehalf } from './access.js';
import { autoReplyFor } from './auto-reply.js';
import { exchangeId, wellKnownFolder } from './folders.js';
import { appendMessage, summarize } from './messages.js';
import { proxyAddressValue } from '../store/proxy-addresses.js';

export type SendRight = 'self' | 'sendAs' | 'onBehalf';

export type SenderCheck =
  { readonly ok: true; readonly right: SendRight; readonly fromMailbox: Mailbox } | { readonly ok: false; readonly reason: 'notOwned' | 'aliasDisabled' };

function mailboxByAddress(tenant: Tenant, address: string): Mailbox | undefined {
  return tenant.collection('mailboxes').lookup(`addr:${address.trim().toLowerCase()}`)[0];
}

/** Whether `principalId` (a user, or the mailbox an app sends for) may put `fromAddress` in From. */
/** A mailbox sends from its primary address; from its other addresses only with SendFromAliasEnabled. */
function aliasAllowed(tenant: Tenant, mailbox: Mailbox, address: string): boolean {
  const isPrimary = primarySmtpAddress(mailbox).toLowerCase() === address.trim().toLowerCase();
  return isPrimary || tenant.collection('settings').get('organization')?.sendFromAliasEnabled === true;
}

export function checkSender(context: EmulatorContext, tenant: Tenant, principalId: string, fromAddress: string): SenderCheck {
  const fromMailbox = mailboxByAddress(tenant, fromAddress);
  if (fromMailbox === undefined) return { ok: false, reason: 'notOwned' };
  const right: SendRight | undefined =
    fromMailbox.userId === principalId
      ? 'self'
      : hasSendAs(context, tenant, fromMailbox, principalId)
        ? 'sendAs'
        : hasSendOnBehalf(tenant, fromMailbox, principalId)
          ? 'onBehalf'
          : undefined;
  if (right === undefined) return { ok: false, reason: 'notOwned' };
  if (!aliasAllowed(tenant, fromMailbox, fromAddress)) return { ok: false, reason: 'aliasDisabled' };
  return { ok: true, right, fromMailbox };
}

/**
 * Who an app admitted by an RBAC for Applications role alone may send as: a mailbox the role's
 * scope covers, by its primary address (another of its addresses with SendFromAliasEnabled), with
 * no mailbox permission (smtp-app-rbac-onboarding.md: "no mailbox permission needed").
 */
export function checkRbacSender(context: EmulatorContext, tenant: Tenant, servicePrincipalObjectId: string, fromAddress: string, role: string): SenderCheck {
  const fromMailbox = mailboxByAddress(tenant, fromAddress);
  if (fromMailbox === undefined || !appRoleCovers(context, tenant, servicePrincipalObjectId, fromMailbox, [role])) return { ok: false, reason: 'notOwned' };
  if (!aliasAllowed(tenant, fromMailbox, fromAddress)) return { ok: false, reason: 'aliasDisabled' };
  return { ok: true, right: 'sendAs', fromMailbox };
}

export interface Submission {
  /** The mailbox that submits: its Sent Items gets the copy. */
  readonly mailbox: Mailbox;
  readonly right: SendRight;
  /** The mailbox in From. */
  readonly fromMailbox: Mailbox;
  readonly raw: Buffer;
  /** The envelope: who the message is for, Bcc included. */
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  readonly saveToSentItems: boolean;
  readonly via: 'graph' | 'smtp';
}

export interface SubmitResult {
  readonly delivered: string[];
  readonly outbound: string[];
  /** Addresses at an accepted domain that no recipient holds (Exchange bounces them with 5.1.10). */
  readonly undeliverable: string[];
}

function isAcceptedDomain(tenant: Tenant, address: string): boolean {
  const domain = address.split('@').pop()?.toLowerCase() ?? '';
  return domain === tenant.info.initialDomain || tenant.collection('domains').get(domain) !== undefined;
}

/** One submission on its way: the bytes are parsed once for every copy that is stored. */
interface Delivery {
  readonly submission: Submission;
  readonly summary: MessageSummary;
  readonly visited: Set<string>;
  readonly result: SubmitResult;
}

async function deliver(context: EmulatorContext, tenant: Tenant, delivery: Delivery, address: string): Promise<void> {
  const { submission, visited, result } = delivery;
  const key = address.trim().toLowerCase();
  if (visited.has(key)) return;
  visited.add(key);
  const mailbox = mailboxByAddress(tenant, key);
  if (mailbox === undefined) {
    if (isAcceptedDomain(tenant, key)) {
      result.undeliverable.push(address);
      return;
    }
    const raw = submission.raw.toString('latin1');
    tenant
      .collection('outbound')
      .put({ id: exchangeId(), mailFrom: submission.mailFrom, recipients: [address], submittedAt: context.now().toISOString(), via: submission.via, raw });
    result.outbound.push(address);
    return;
  }
  if (mailbox.forwardingSmtpAddress !== null) {
    await deliver(context, tenant, delivery, proxyAddressValue(mailbox.forwardingSmtpAddress));
    if (!mailbox.deliverToMailboxAndForward) return;
  }
  // At ProhibitSendReceiveQuota a mailbox takes no more mail; Exchange bounces it with 5.2.2, the
  // emulator drops it like any undeliverable address (docs/emulator.md).
  if (mailbox.quotas.prohibitSendReceive !== null && mailbox.totalItemSize >= mailbox.quotas.prohibitSendReceive) {
    result.undeliverable.push(address);
    return;
  }
  await appendMessage(tenant, wellKnownFolder(tenant, mailbox, 'inbox', context.now()), submission.raw, {
    receivedAt: context.now(),
    summary: delivery.summary,
  });
  result.delivered.push(address);
  await answerAutomatically(context, tenant, mailbox, delivery);
  // The mailbox's inbox rules send it on after delivery (Exchange runs them in the mailbox's transport agent).
  const sender = delivery.summary.from?.address ?? submission.mailFrom;
  for (const next of ruleActions(tenant, mailbox, sender, delivery.summary.subject ?? '').sendTo) await deliver(context, tenant, delivery, next);
}

/** Send the mailbox's automatic reply to the sender, if one is due (auto-reply.ts). */
async function answerAutomatically(context: EmulatorContext, tenant: Tenant, mailbox: Mailbox, delivery: Delivery): Promise<void> {
  const sender = delivery.summary.from?.address ?? delivery.submission.mailFrom;
  const internal = mailboxByAddress(tenant, sender) !== undefined;
  const reply = await autoReplyFor(context, tenant, mailbox, delivery.submission.raw, delivery.summary, sender, internal);
  if (reply === undefined) return;
  await submit(context, tenant, {
    mailbox,
    right: 'self',
    fromMailbox: mailbox,
    raw: reply,
    mailFrom: primarySmtpAddress(mailbox),
    recipients: [sender],
    saveToSentItems: false,
    via: delivery.submission.via,
  });
}

async function saveSent(context: EmulatorContext, tenant: Tenant, mailbox: Mailbox, delivery: Delivery): Promise<void> {
  const options = { flags: ['\\Seen'], receivedAt: context.now(), summary: delivery.summary };
  await appendMessage(tenant, wellKnownFolder(tenant, mailbox, 'sentitems', context.now()), delivery.submission.raw, options);
}

export async function submit(context: EmulatorContext, tenant: Tenant, submission: Submission): Promise<SubmitResult> {
  const delivery: Delivery = {
    submission,
    summary: await summarize(submission.raw),
    visited: new Set(),
    result: { delivered: [], outbound: [], undeliverable: [] },
  };
  for (const address of submission.recipients) await deliver(context, tenant, delivery, address);
  if (submission.saveToSentItems) await saveSent(context, tenant, submission.mailbox, delivery);
  const { fromMailbox, right } = submission;
  const copyToShared =
    (right === 'sendAs' && fromMailbox.messageCopyForSentAsEnabled) || (right === 'onBehalf' && fromMailbox.messageCopyForSendOnBehalfEnabled);
  if (copyToShared && fromMailbox.id !== submission.mailbox.id) await saveSent(context, tenant, fromMailbox, delivery);
  return delivery.result;
}
