/**
 * Get/New/Set/Remove-InboxRule (New-InboxRule.md, Get-InboxRule.md): the rules an Outlook user or an
 * admin sets on a mailbox. A rule's Identity is `<mailbox name>\<RuleIdentity>`; Get-InboxRule
 * takes -Mailbox and, optionally, -Identity as the rule's name, RuleIdentity or full Identity.
 * Recipients show as `"<display name>" [SMTP:<address>]`, as Exchange shows an outside address.
 * The conditions kept are From and SubjectContainsWords; delivery runs the enabled rules' forward
 * and redirect actions (../inbox-rules.ts).
 *
 * Differences (docs/emulator.md): an internal recipient shows with its address, where Exchange
 * shows its display name and legacy DN; other conditions and actions are refused as unknown parameters.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { InboxRule, Mailbox } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import type { Params } from '../params.js';
import { rulesOf } from '../inbox-rules.js';
import { requireMailbox } from '../recipients.js';

const ADDRESS = /^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+$/;

/** A recipient as given: a bare address, `Name <address>` or `"Name" [SMTP:address]`. */
function recipients(parameter: string, values: readonly string[] | undefined): string[] {
  return (values ?? []).map((value) => {
    const inner = /\[smtp:([^\]]+)\]/i.exec(value)?.[1] ?? /<([^>]+)>/.exec(value)?.[1] ?? value;
    const address = inner.trim().toLowerCase();
    if (!ADDRESS.test(address))
      throw CMDLET_ERRORS.badValue(parameter, `Cannot convert value "${value}" to type "Microsoft.Exchange.Data.Storage.Management.RecipientIdParameter".`);
    return address;
  });
}

const shown = (addresses: readonly string[]): string[] | null => (addresses.length === 0 ? null : addresses.map((address) => `"${address}" [SMTP:${address}]`));

function describe(rule: InboxRule): string {
  const lines = ['If the message:'];
  if (rule.from.length > 0) lines.push(`\tis received from '${rule.from.join("' or '")}'`);
  if (rule.subjectContainsWords.length > 0) lines.push(`\tincludes '${rule.subjectContainsWords.join("' or '")}' in the subject`);
  lines.push('Take the following actions:');
  if (rule.forwardTo.length > 0) lines.push(`\tforward the message to '${rule.forwardTo.join("' or '")}'`);
  if (rule.forwardAsAttachmentTo.length > 0) lines.push(`\tforward the message as an attachment to '${rule.forwardAsAttachmentTo.join("' or '")}'`);
  if (rule.redirectTo.length > 0) lines.push(`\tredirect the message to '${rule.redirectTo.join("' or '")}'`);
  if (rule.deleteMessage) lines.push('\tmove the message to Deleted Items');
  return `${lines.join('\r\n')}\r\n`;
}

function ruleObject(mailbox: Mailbox, rule: InboxRule): Record<string, unknown> {
  return {
    Name: rule.name,
    Identity: `${mailbox.name}\\${rule.ruleIdentity}`,
    RuleIdentity: rule.ruleIdentity,
    MailboxOwnerId: mailbox.name,
    Enabled: rule.enabled,
    Priority: rule.priority,
    Description: describe(rule),
    From: shown(rule.from),
    SubjectContainsWords: rule.subjectContainsWords.length === 0 ? null : [...rule.subjectContainsWords],
    ForwardTo: shown(rule.forwardTo),
    ForwardAsAttachmentTo: shown(rule.forwardAsAttachmentTo),
    RedirectTo: shown(rule.redirectTo),
    DeleteMessage: rule.deleteMessage,
    StopProcessingRules: rule.stopProcessingRules,
    InError: false,
    WhenChanged: rule.whenCreated,
  };
}

/** The mailbox and rule an -Identity names: `mailbox\rule`, or a rule of -Mailbox by name or RuleIdentity. */
function findRule(tenant: Tenant, params: Params): { mailbox: Mailbox; rule: InboxRule } {
  const identity = params.string('Identity') ?? '';
  const slash = identity.lastIndexOf('\\');
  const mailbox = requireMailbox(tenant, params.string('Mailbox') ?? (slash > 0 ? identity.slice(0, slash) : undefined));
  const key = (slash > 0 ? identity.slice(slash + 1) : identity).trim().toLowerCase();
  const rule = rulesOf(tenant, mailbox).find((candidate) => candidate.ruleIdentity === key || candidate.name.toLowerCase() === key);
  if (rule === undefined) throw CMDLET_ERRORS.notFound(identity);
  return { mailbox, rule };
}

const ACTIONS = { ForwardTo: 'strings', ForwardAsAttachmentTo: 'strings', RedirectTo: 'strings', From: 'strings', SubjectContainsWords: 'strings' } as const;
const FLAGS = {
  Enabled: 'bool',
  DeleteMessage: 'bool',
  StopProcessingRules: 'bool',
  Priority: 'int',
  Force: 'bool',
  AlwaysDeleteOutlookRulesBlob: 'bool',
} as const;

/** The fields the parameters set, for New-InboxRule and Set-InboxRule alike. */
function fields(params: Params): Partial<InboxRule> {
  const set: Record<string, unknown> = {};
  if (params.has('ForwardTo')) set.forwardTo = recipients('ForwardTo', params.strings('ForwardTo'));
  if (params.has('ForwardAsAttachmentTo')) set.forwardAsAttachmentTo = recipients('ForwardAsAttachmentTo', params.strings('ForwardAsAttachmentTo'));
  if (params.has('RedirectTo')) set.redirectTo = recipients('RedirectTo', params.strings('RedirectTo'));
  if (params.has('From')) set.from = recipients('From', params.strings('From'));
  if (params.has('SubjectContainsWords')) set.subjectContainsWords = [...(params.strings('SubjectContainsWords') ?? [])];
  for (const [parameter, field] of [
    ['Enabled', 'enabled'],
    ['DeleteMessage', 'deleteMessage'],
    ['StopProcessingRules', 'stopProcessingRules'],
  ] as const)
    if (params.has(parameter)) set[field] = params.bool(parameter);
  const priority = params.int('Priority');
  if (priority !== undefined) {
    if (priority < 1) throw CMDLET_ERRORS.badValue('Priority', `The value ${priority} is out of range: a rule's priority starts at 1.`);
    set.priority = priority;
  }
  return set as Partial<InboxRule>;
}

export const getInboxRule: Cmdlet = {
  name: 'Get-InboxRule',
  required: [],
  parameters: { Mailbox: 'string', Identity: 'string', IncludeHidden: 'bool', BypassScopeCheck: 'bool' },
  run(params, { tenant }) {
    if (params.has('Identity')) {
      const { mailbox, rule } = findRule(tenant, params);
      return { value: [ruleObject(mailbox, rule)] };
    }
    const mailbox = requireMailbox(tenant, params.string('Mailbox'));
    return { value: rulesOf(tenant, mailbox).map((rule) => ruleObject(mailbox, rule)) };
  },
};

export const newInboxRule: Cmdlet = {
  name: 'New-InboxRule',
  required: ['Name'],
  parameters: { Mailbox: 'string', Name: 'string', ...ACTIONS, ...FLAGS },
  run(params, { tenant, now }) {
    const mailbox = requireMailbox(tenant, params.string('Mailbox'));
    const name = (params.string('Name') ?? '').trim();
    const existing = rulesOf(tenant, mailbox);
    if (existing.some((rule) => rule.name.toLowerCase() === name.toLowerCase()))
      throw CMDLET_ERRORS.duplicate(`An Inbox rule with the name "${name}" already exists in mailbox "${mailbox.name}".`);
    const given = fields(params);
    const rule: InboxRule = {
      id: randomUUID(),
      mailboxId: mailbox.id,
      // Exchange's RuleIdentity is a 64-bit number; a random 15-digit one (randomInt stops at 2^48) keeps it exact in JSON.
      ruleIdentity: String(randomInt(1e14, 2 ** 48)),
      name,
      enabled: true,
      priority: existing.length + 1,
      forwardTo: [],
      forwardAsAttachmentTo: [],
      redirectTo: [],
      from: [],
      subjectContainsWords: [],
      deleteMessage: false,
      stopProcessingRules: false,
      whenCreated: now.toISOString(),
      ...given,
    };
    tenant.collection('inboxRules').put(rule);
    return { value: [ruleObject(mailbox, rule)] };
  },
};

export const setInboxRule: Cmdlet = {
  name: 'Set-InboxRule',
  required: ['Identity'],
  parameters: { Mailbox: 'string', Identity: 'string', Name: 'string', ...ACTIONS, ...FLAGS },
  run(params, { tenant }) {
    const { rule } = findRule(tenant, params);
    const name = params.string('Name');
    tenant.collection('inboxRules').put({ ...rule, ...fields(params), ...(name === undefined ? {} : { name: name.trim() }) });
    return { value: [] };
  },
};

export const removeInboxRule: Cmdlet = {
  name: 'Remove-InboxRule',
  required: ['Identity'],
  parameters: { Mailbox: 'string', Identity: 'string', Force: 'bool', AlwaysDeleteOutlookRulesBlob: 'bool' },
  run(params, { tenant }) {
    tenant.collection('inboxRules').delete(findRule(tenant, params).rule.id);
    return { value: [] };
  },
};
