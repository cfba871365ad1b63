/** Get/Set-MailboxAutoReplyConfiguration: automatic replies, the same record Graph's mailboxSettings shows. */
import type { AutoReply } from '../../store/model.js';
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { exchangeTime } from '../format.js';
import { requireMailbox } from '../recipients.js';

const STATES = ['Disabled', 'Enabled', 'Scheduled'] as const;
const AUDIENCES = ['None', 'Known', 'All'] as const;

function oneOf<T extends string>(parameter: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw CMDLET_ERRORS.badValue(parameter, `Cannot convert value "${value}". Valid values: ${allowed.join(', ')}.`);
  return found;
}

export const getAutoReply: Cmdlet = {
  name: 'Get-MailboxAutoReplyConfiguration',
  required: ['Identity'],
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const reply = mailbox.autoReply;
    return {
      value: [
        {
          Identity: mailbox.name,
          AutoReplyState: reply.state,
          ExternalAudience: reply.externalAudience,
          InternalMessage: reply.internalMessage,
          ExternalMessage: reply.externalMessage,
          StartTime: reply.startTime === null ? null : exchangeTime(reply.startTime),
          EndTime: reply.endTime === null ? null : exchangeTime(reply.endTime),
        },
      ],
    };
  },
};

export const setAutoReply: Cmdlet = {
  name: 'Set-MailboxAutoReplyConfiguration',
  required: ['Identity'],
  parameters: {
    Identity: 'string',
    AutoReplyState: 'string',
    ExternalAudience: 'string',
    InternalMessage: 'string',
    ExternalMessage: 'string',
    StartTime: 'string',
    EndTime: 'string',
  },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    const time = (name: string, current: string | null): string | null => {
      const text = params.string(name);
      if (text === undefined) return current;
      const parsed = Date.parse(text);
      if (Number.isNaN(parsed)) throw CMDLET_ERRORS.badValue(name, `Cannot convert value "${text}" to type "System.DateTime".`);
      return new Date(parsed).toISOString();
    };
    const next: AutoReply = {
      state: oneOf('AutoReplyState', STATES, params.string('AutoReplyState')) ?? mailbox.autoReply.state,
      externalAudience: oneOf('ExternalAudience', AUDIENCES, params.string('ExternalAudience')) ?? mailbox.autoReply.externalAudience,
      internalMessage: params.string('InternalMessage') ?? mailbox.autoReply.internalMessage,
      externalMessage: params.string('ExternalMessage') ?? mailbox.autoReply.externalMessage,
      startTime: time('StartTime', mailbox.autoReply.startTime),
      endTime: time('EndTime', mailbox.autoReply.endTime),
    };
    if (next.state === 'Scheduled' && next.startTime !== null && next.endTime !== null && next.endTime <= next.startTime) {
      throw CMDLET_ERRORS.invalidOperation('The end time must be later than the start time.');
    }
    tenant.collection('mailboxes').put({ ...mailbox, autoReply: next });
    return NONE;
  },
};
