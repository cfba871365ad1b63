/** MBX.SIZE.1: the mailbox is below its warning threshold and its quotas. See MBX.SIZE.1.md. */
import type { MailboxCheck } from '../../src/verify/model.js';

const GB = 1024 ** 3;
const gb = (bytes: number): string => `${(bytes / GB).toFixed(1)} GB`;

export const check: MailboxCheck = {
  id: 'MBX.SIZE.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.statistics'],
  run(mailbox, facts, { snapshot }) {
    const size = snapshot.sizes.get(mailbox.address);
    const quotas = facts?.quotas ?? { issueWarning: null, prohibitSend: null, prohibitSendReceive: null };
    if (size === undefined) {
      return [
        {
          status: 'warn',
          message: `Neither the usage report nor Get-MailboxStatistics gave a size for ${mailbox.address}, so its size could not be compared with its quotas.`,
          evidence: { quotas },
        },
      ];
    }
    const threshold = mailbox.sizeWarningGB === undefined ? quotas.issueWarning : mailbox.sizeWarningGB * GB;
    const evidence = {
      bytes: size.bytes,
      itemCount: size.itemCount,
      source: size.source,
      ...(size.asOf === undefined ? {} : { asOf: size.asOf }),
      thresholdBytes: threshold,
      quotas,
    };
    const of = `${gb(size.bytes)} (${size.source}${size.asOf === undefined ? '' : ` of ${size.asOf}`})`;
    const expected = threshold === null ? 'below its quotas' : `below ${gb(threshold)}`;
    const remediation = {
      spec: 'Raise sizeWarningGB, or declare archive: true with a licence that includes archiving, once the mailbox needs more room.',
      pulumi: 'pulumi up applies the licence and archive the spec declares; it does not delete mail.',
      powershell: `Enable-Mailbox -Identity ${mailbox.address} -Archive`,
    };
    const full = [
      ['ProhibitSendReceiveQuota', quotas.prohibitSendReceive, 'it neither sends nor receives mail'],
      ['ProhibitSendQuota', quotas.prohibitSend, 'it can no longer send mail'],
    ] as const;
    for (const [quota, limit, effect] of full) {
      if (limit !== null && size.bytes >= limit) {
        return [
          {
            status: 'fail',
            subject: quota,
            expected,
            actual: gb(size.bytes),
            message: `${mailbox.address} holds ${of}, at or above its ${quota} of ${gb(limit)}: ${effect}.`,
            remediation,
            evidence,
          },
        ];
      }
    }
    if (threshold !== null && size.bytes >= threshold) {
      const which = mailbox.sizeWarningGB === undefined ? 'its IssueWarningQuota' : 'the sizeWarningGB the spec sets';
      return [
        {
          status: 'warn',
          subject: 'size',
          expected,
          actual: gb(size.bytes),
          message: `${mailbox.address} holds ${of}, above ${which} of ${gb(threshold)}.`,
          remediation,
          evidence,
          ...(mailbox.sizeWarningGB === undefined ? {} : { pointer: `${mailbox.pointer}/sizeWarningGB` }),
        },
      ];
    }
    return [
      {
        status: 'pass',
        subject: 'size',
        expected,
        actual: gb(size.bytes),
        message: `${mailbox.address} holds ${of}${threshold === null ? '' : `, below ${gb(threshold)}`}.`,
        evidence,
      },
    ];
  },
};
