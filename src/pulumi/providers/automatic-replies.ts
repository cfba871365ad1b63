/**
 * A shared mailbox's automatic replies (Set-MailboxAutoReplyConfiguration): the state, who outside
 * the organization gets a reply, the two messages and the window of a scheduled reply. The
 * configuration belongs to the mailbox, so delete turns the replies off rather than leaving them
 * answering for a resource nobody declares any more.
 */
import type * as pulumi from '@pulumi/pulumi';
import { adminClients, find } from './admin.js';
import { ExchangeResource, type CheckFailure, type Operations } from './provider.js';

export interface AutomaticRepliesInputs {
  readonly mailbox: string;
  readonly state: 'Disabled' | 'Enabled' | 'Scheduled';
  readonly externalAudience: 'None' | 'Known' | 'All';
  readonly internalMessage: string;
  readonly externalMessage: string;
  /** ISO 8601; only a Scheduled reply needs the window. */
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly version: string;
}

const STATES = ['Disabled', 'Enabled', 'Scheduled'];
const AUDIENCES = ['None', 'Known', 'All'];
const instant = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : new Date(String(value)).toISOString());

async function current(env: NodeJS.ProcessEnv, inputs: AutomaticRepliesInputs): Promise<AutomaticRepliesInputs | undefined> {
  const row = await find(adminClients(env).exchange, 'Get-MailboxAutoReplyConfiguration', { Identity: inputs.mailbox });
  if (row === undefined) return undefined;
  return {
    mailbox: inputs.mailbox,
    state: String(row.AutoReplyState) as AutomaticRepliesInputs['state'],
    externalAudience: String(row.ExternalAudience) as AutomaticRepliesInputs['externalAudience'],
    internalMessage: String(row.InternalMessage ?? ''),
    externalMessage: String(row.ExternalMessage ?? ''),
    // Exchange keeps the window of a reply that is not scheduled; it means nothing then.
    startTime: row.AutoReplyState === 'Scheduled' ? instant(row.StartTime) : inputs.startTime,
    endTime: row.AutoReplyState === 'Scheduled' ? instant(row.EndTime) : inputs.endTime,
    version: inputs.version,
  };
}

async function converge(env: NodeJS.ProcessEnv, inputs: AutomaticRepliesInputs): Promise<AutomaticRepliesInputs> {
  await adminClients(env).exchange.invoke('Set-MailboxAutoReplyConfiguration', {
    Identity: inputs.mailbox,
    AutoReplyState: inputs.state,
    ExternalAudience: inputs.externalAudience,
    InternalMessage: inputs.internalMessage,
    ExternalMessage: inputs.externalMessage,
    ...(inputs.startTime === null ? {} : { StartTime: inputs.startTime }),
    ...(inputs.endTime === null ? {} : { EndTime: inputs.endTime }),
  });
  const outs = await current(env, inputs);
  if (outs === undefined) throw new Error(`Get-MailboxAutoReplyConfiguration does not find ${inputs.mailbox}; create the shared mailbox first.`);
  return outs;
}

export const operations: Operations<AutomaticRepliesInputs, AutomaticRepliesInputs> = {
  replaceOn: ['mailbox'],
  check(news) {
    const failures: CheckFailure[] = [];
    if (news.mailbox.trim() === '') failures.push({ property: 'mailbox', reason: 'Name the shared mailbox.' });
    if (!STATES.includes(news.state)) failures.push({ property: 'state', reason: `'${news.state}' is not one of ${STATES.join(', ')}.` });
    if (!AUDIENCES.includes(news.externalAudience))
      failures.push({ property: 'externalAudience', reason: `'${news.externalAudience}' is not one of ${AUDIENCES.join(', ')}.` });
    for (const property of ['startTime', 'endTime'] as const) {
      const value = news[property];
      if (value !== null && Number.isNaN(Date.parse(value))) failures.push({ property, reason: `'${value}' is not an ISO 8601 date and time.` });
    }
    if (news.state === 'Scheduled') {
      if (news.startTime === null || news.endTime === null)
        failures.push({ property: news.startTime === null ? 'startTime' : 'endTime', reason: 'A scheduled reply needs a start and an end.' });
      else if (Date.parse(news.endTime) <= Date.parse(news.startTime)) failures.push({ property: 'endTime', reason: 'The end must be later than the start.' });
    }
    return failures;
  },
  create: async (inputs, env) => ({ id: `${inputs.mailbox}/automatic-replies`, outs: await converge(env, inputs) }),
  read: (_id, outs, env) => current(env, outs),
  update: (_id, _olds, news, env) => converge(env, news),
  async delete(_id, outs, env) {
    if ((await current(env, outs)) !== undefined)
      await adminClients(env).exchange.invoke('Set-MailboxAutoReplyConfiguration', { Identity: outs.mailbox, AutoReplyState: 'Disabled' });
  },
};

export type AutomaticRepliesArgs = { readonly [K in keyof AutomaticRepliesInputs]: pulumi.Input<AutomaticRepliesInputs[K]> };

export class AutomaticReplies extends ExchangeResource {
  constructor(name: string, args: AutomaticRepliesArgs, options?: pulumi.CustomResourceOptions) {
    super(new URL(import.meta.url).href, 'automatic-replies', name, args, [], options);
  }
}
