/** MBX.AUTOREPLY.1: automatic replies are as declared. See MBX.AUTOREPLY.1.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import { readerText } from '../check.js';

/** The spec's words for Exchange's AutoReplyState and ExternalAudience (Graph's automaticRepliesSetting). */
const STATE = { disabled: 'Disabled', alwaysEnabled: 'Enabled', scheduled: 'Scheduled' } as const;
const AUDIENCE = { none: 'None', contactsOnly: 'Known', all: 'All' } as const;

/** Outlook and Exchange store the messages as HTML; compare the text a reader sees. */
const text = readerText;

const instant = (value: string | undefined | null): number | null => (value === undefined || value === null ? null : Date.parse(value));

export const check: MailboxCheck = {
  id: 'MBX.AUTOREPLY.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.autoReplies'],
  run(mailbox, _facts, { snapshot }) {
    const declared = mailbox.automaticReplies;
    if (declared === undefined)
      return [{ status: 'skip', skipReason: 'not-declared', message: `The spec does not declare automatic replies for ${mailbox.address}.` }];
    const actual = snapshot.autoReplies.get(mailbox.address);
    if (actual === undefined) return [{ status: 'fail', message: `Exchange returned no automatic-reply configuration for ${mailbox.address}.` }];
    const pointer = `${mailbox.pointer}/automaticReplies`;
    const scheduled = declared.status === 'scheduled';
    const fields = [
      { name: 'AutoReplyState', expected: STATE[declared.status], actual: actual.state, same: STATE[declared.status] === actual.state },
      {
        name: 'ExternalAudience',
        expected: AUDIENCE[declared.externalAudience],
        actual: actual.externalAudience,
        same: AUDIENCE[declared.externalAudience] === actual.externalAudience,
      },
      {
        name: 'InternalMessage',
        expected: text(declared.internalMessage),
        actual: text(actual.internalMessage),
        same: text(declared.internalMessage) === text(actual.internalMessage),
      },
      {
        name: 'ExternalMessage',
        expected: text(declared.externalMessage),
        actual: text(actual.externalMessage),
        same: text(declared.externalMessage) === text(actual.externalMessage),
      },
      ...(scheduled
        ? [
            { name: 'StartTime', expected: declared.start ?? null, actual: actual.startTime, same: instant(declared.start) === instant(actual.startTime) },
            { name: 'EndTime', expected: declared.end ?? null, actual: actual.endTime, same: instant(declared.end) === instant(actual.endTime) },
          ]
        : []),
    ];
    const evidence = { ...actual };
    const differing = fields.filter((field) => !field.same);
    if (differing.length === 0)
      return [
        {
          status: 'pass',
          expected: declared.status,
          actual: actual.state,
          message: `Automatic replies of ${mailbox.address} are as declared.`,
          evidence,
          pointer,
        },
      ];
    const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;
    const fix = [
      `Set-MailboxAutoReplyConfiguration -Identity ${mailbox.address} -AutoReplyState ${STATE[declared.status]} -ExternalAudience ${AUDIENCE[declared.externalAudience]}`,
      ...(declared.internalMessage === undefined ? [] : [`-InternalMessage ${quote(declared.internalMessage)}`]),
      ...(declared.externalMessage === undefined ? [] : [`-ExternalMessage ${quote(declared.externalMessage)}`]),
      ...(scheduled && declared.start !== undefined ? [`-StartTime ${quote(declared.start)}`] : []),
      ...(scheduled && declared.end !== undefined ? [`-EndTime ${quote(declared.end)}`] : []),
    ].join(' ');
    return differing.map((field): Finding => ({
      status: 'fail',
      subject: field.name,
      expected: field.expected,
      actual: field.actual,
      message: `${field.name} of the automatic replies of ${mailbox.address} differs from the spec.`,
      remediation: { pulumi: 'pulumi up sets the automatic replies as the spec says.', powershell: fix },
      evidence,
      pointer,
    }));
  },
};
