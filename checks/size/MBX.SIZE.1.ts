/** MBX.SIZE.1: the mailbox is below its warning threshold and its quotas. See MBX.SIZE.1.md. */
import type { MailboxCheck } from '../../src/verify/model.js';
import { sizeText as gb } from '../check.js';

const GB = 1024 ** 3;
/**
 * Exchange's default quotas for an unlicensed shared mailbox (m365-fidelity 2.2 and 6): the
 * yardstick where the tenant shows Unlimited, because the 50 GB limit is the licence's, not the quota's.
 */
const SHARED_DEFAULTS = { issueWarning: 49 * GB, prohibitSend: 49.5 * GB, prohibitSendReceive: 50 * GB } as const;

export const check: MailboxCheck = {
  id: 'MBX.SIZE.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.statistics'],
  run(mailbox, facts, { snapshot }) {
    const size = snapshot.sizes.get(mailbox.address);
    const shown = facts?.quotas ?? { issueWarning: null, prohibitSend: null, prohibitSendReceive: null };
    // An unlicensed shared mailbox is held to 50 GB whatever its quotas say.
    const unlicensed = mailbox.licence === undefined;
    const quotas = {
      issueWarning: shown.issueWarning ?? (unlicensed ? SHARED_DEFAULTS.issueWarning : null),
      prohibitSend: shown.prohibitSend ?? (unlicensed ? SHARED_DEFAULTS.prohibitSend : null),
      prohibitSendReceive: shown.prohibitSendReceive ?? (unlicensed ? SHARED_DEFAULTS.prohibitSendReceive : null),
    };
    if (size === undefined) {
      return [
        {
          status: 'warn',
          message: `Neither the usage report nor Get-MailboxStatistics gave a size for ${mailbox.address}, so its size could not be compared with its quotas.`,
          evidence: { quotas: shown },
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
      quotas: shown,
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
