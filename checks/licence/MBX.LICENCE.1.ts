/** MBX.LICENCE.1: the shared mailbox is licensed exactly when it needs to be. See MBX.LICENCE.1.md. */
import { userOfMailbox } from '../../src/verify/snapshot.js';
import type { MailboxCheck } from '../../src/verify/model.js';
import { exchangeLicences } from './exchange-plan.js';

/** What a shared mailbox may hold without a licence. */
const UNLICENSED_LIMIT_BYTES = 50 * 1024 ** 3;

export const check: MailboxCheck = {
  id: 'MBX.LICENCE.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'graph.users', 'graph.skus', 'exchange.statistics'],
  run(mailbox, facts, { snapshot }) {
    const user = userOfMailbox(snapshot, facts);
    const licences = user === undefined ? [] : exchangeLicences(user, snapshot.skus);
    const bytes = snapshot.sizes.get(mailbox.address)?.bytes ?? 0;
    const reasons = [
      ...(mailbox.licence === undefined ? [] : [`the spec assigns ${mailbox.licence}`]),
      ...(mailbox.archive ? ['an archive'] : []),
      ...(mailbox.litigationHold ? ['litigation hold'] : []),
      ...(facts?.archiveEnabled === true && !mailbox.archive ? ['an archive the tenant has enabled'] : []),
      ...(facts?.litigationHoldEnabled === true && !mailbox.litigationHold ? ['litigation hold the tenant has enabled'] : []),
      ...(bytes > UNLICENSED_LIMIT_BYTES ? [`its ${(bytes / 1024 ** 3).toFixed(1)} GB of mail (over 50 GB)`] : []),
    ];
    const needs = reasons.length > 0;
    const evidence = {
      userPrincipalName: user?.userPrincipalName ?? null,
      exchangeLicences: licences,
      archiveEnabled: facts?.archiveEnabled ?? false,
      litigationHoldEnabled: facts?.litigationHoldEnabled ?? false,
      sizeBytes: bytes,
    };
    const expected = needs ? 'licensed' : 'unlicensed';
    const actual = licences.length > 0 ? 'licensed' : 'unlicensed';
    if (expected === actual)
      return [
        {
          status: 'pass',
          expected,
          actual,
          message: needs
            ? `${mailbox.address} is licensed, as ${reasons.join(' and ')} requires.`
            : `${mailbox.address} is unlicensed, as a shared mailbox under 50 GB without archive or hold may be.`,
          evidence,
        },
      ];
    if (needs) {
      return [
        {
          status: 'fail',
          expected,
          actual,
          message: `${mailbox.address} has no Exchange Online licence, but ${reasons.join(' and ')} requires one.`,
          remediation: {
            spec: 'Set licence: EXCHANGEENTERPRISE (or another plan with archiving) on the mailbox.',
            pulumi: 'pulumi up assigns the licence.',
            powershell: `Set-MgUserLicense -UserId ${mailbox.address} -AddLicenses @{SkuId='<skuId>'} -RemoveLicenses @()`,
          },
          evidence,
        },
      ];
    }
    return [
      {
        status: 'fail',
        expected,
        actual,
        message: `${mailbox.address} holds ${licences.join(', ')} though nothing requires it: a shared mailbox under 50 GB needs no licence.`,
        remediation: {
          spec: 'Leave licence out of the mailbox, or declare why it needs one (archive, litigationHold).',
          pulumi: 'pulumi up removes licences the spec does not name.',
          powershell: `Set-MgUserLicense -UserId ${mailbox.address} -AddLicenses @() -RemoveLicenses @('<skuId>')`,
        },
        evidence,
      },
    ];
  },
};
