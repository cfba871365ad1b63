/**
 * What an inbox rule does to arriving mail, shared by the cmdlets (cmdlets/inbox-rule.ts) and
 * delivery (mail/submit.ts): a mailbox's rules in priority order, and the addresses the enabled
 * rules whose conditions a message meets send it on to. Conditions kept: From (any of the senders)
 * and SubjectContainsWords (any word, case ignored); a rule without conditions matches every message.
 */
import type { InboxRule, Mailbox } from '../store/model.js';
import type { Tenant } from '../store/store.js';

export function rulesOf(tenant: Tenant, mailbox: Mailbox): InboxRule[] {
  return tenant
    .collection('inboxRules')
    .lookup(`mailbox:${mailbox.id}`)
    .slice()
    .sort((a, b) => a.priority - b.priority);
}

function matches(rule: InboxRule, sender: string, subject: string): boolean {
  if (rule.from.length > 0 && !rule.from.includes(sender.toLowerCase())) return false;
  const lowered = subject.toLowerCase();
  return rule.subjectContainsWords.length === 0 || rule.subjectContainsWords.some((word) => lowered.includes(word.toLowerCase()));
}

/** Where a mailbox's rules send a message on (forward, forward as attachment, redirect), and whether one deletes it. */
export function ruleActions(tenant: Tenant, mailbox: Mailbox, sender: string, subject: string): { readonly sendTo: string[]; readonly deleted: boolean } {
  const sendTo: string[] = [];
  let deleted = false;
  for (const rule of rulesOf(tenant, mailbox)) {
    if (!rule.enabled || !matches(rule, sender, subject)) continue;
    sendTo.push(...rule.forwardTo, ...rule.forwardAsAttachmentTo, ...rule.redirectTo);
    deleted ||= rule.deleteMessage;
    if (rule.stopProcessingRules) break;
  }
  return { sendTo: [...new Set(sendTo)], deleted };
}
