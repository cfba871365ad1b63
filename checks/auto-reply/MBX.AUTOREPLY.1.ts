/** MBX.AUTOREPLY.1: automatic replies are as declared. See MBX.AUTOREPLY.1.md. */
import type { Finding, MailboxCheck } from '../../src/verify/model.js';
import type { AutoReplyFacts } from '../../src/verify/snapshot.js';
import { readerText } from '../check.js';

/** The spec's words for Exchange's AutoReplyState and ExternalAudience (Graph's automaticRepliesSetting). */
const STATE = { disabled: 'Disabled', alwaysEnabled: 'Enabled', scheduled: 'Scheduled' } as const;
const AUDIENCE = { none: 'None', contactsOnly: 'Known', all: 'All' } as const;

/** Outlook and Exchange store the messages as HTML; compare the text a reader sees. */
const text = readerText;

const instant = (value: string | undefined | null): number | null => (value === undefined || value === null ? null : Date.parse(value));

/**
 * The spec says nothing of automatic replies: a mailbox that answers outside senders on its own is
 * reported as a warning (docs/checks.md, MBX.AUTOREPLY.1): a reply is no way in, but it tells
 * every sender, spammers included, that the address is read, and says whatever its text says.
 */
function silent(address: string, pointer: string, actual: AutoReplyFacts | undefined): Finding[] {
  if (actual === undefined || actual.state === 'Disabled')
    return [{ status: 'skip', skipReason: 'not-declared', message: `The spec does not declare automatic replies for ${address}, and the mailbox sends none.` }];
  const evidence = { AutoReplyState: actual.state, ExternalAudience: actual.externalAudience };
  if (actual.externalAudience === 'None')
    return [
      {
        status: 'pass',
        expected: 'no replies outside',
        actual: `${actual.state}, internal senders only`,
        message: `${address} answers internal senders only; the spec declares no automatic replies.`,
        evidence,
      },
    ];
  return [
    {
      status: 'warn',
      subject: 'automatic replies',
      expected: 'none (the spec declares none)',
      actual: `${actual.state}, to ${actual.externalAudience === 'All' ? 'every outside sender' : 'outside senders in its contacts'}`,
      message: `${address} answers ${actual.externalAudience === 'All' ? 'every outside sender' : 'outside senders in its contacts'} with an automatic reply, though the spec declares none: each reply tells the sender, spammers included, that the address is read, and says whatever its text says.`,
      remediation: {
        spec: `Declare the replies (automaticReplies: { status: ${actual.state === 'Scheduled' ? 'scheduled' : 'alwaysEnabled'}, externalAudience: ... }) if they are wanted.`,
        pulumi: 'pulumi up turns off automatic replies the spec does not declare only where the spec declares status: disabled.',
        powershell: `Set-MailboxAutoReplyConfiguration -Identity ${address} -AutoReplyState Disabled`,
      },
      evidence,
      pointer,
    },
  ];
}

export const check: MailboxCheck = {
  id: 'MBX.AUTOREPLY.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.autoReplies'],
  run(mailbox, _facts, { snapshot }) {
    const declared = mailbox.automaticReplies;
    const actual = snapshot.autoReplies.get(mailbox.address);
    if (declared === undefined) return silent(mailbox.address, mailbox.pointer, actual);
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
