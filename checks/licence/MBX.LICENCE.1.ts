/** MBX.LICENCE.1: the shared mailbox is licensed exactly when it needs to be, with a plan that covers what it holds. See MBX.LICENCE.1.md. */
import { userOfMailbox } from '../../src/verify/snapshot.js';
import type { MailboxCheck } from '../../src/verify/model.js';
import { sizeText } from '../check.js';
import { archivingLicences, exchangeLicences } from './exchange-plan.js';

/** What a shared mailbox may hold without a licence. */
const UNLICENSED_LIMIT_BYTES = 50 * 1024 ** 3;

export const check: MailboxCheck = {
  id: 'MBX.LICENCE.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'graph.users', 'graph.skus', 'exchange.statistics'],
  run(mailbox, facts, { snapshot }) {
    const user = userOfMailbox(snapshot, facts);
    const licences = user === undefined ? [] : exchangeLicences(user, snapshot.skus);
    const archiving = user === undefined ? [] : archivingLicences(user, snapshot.skus);
    const bytes = snapshot.sizes.get(mailbox.address)?.bytes ?? 0;
    // What only Exchange Online Plan 2, or Plan 1 with Exchange Online Archiving, pays for on a shared mailbox (m365-fidelity 6).
    const archivingReasons = [
      ...(mailbox.archive === true ? ['an archive'] : []),
      ...(mailbox.litigationHold ? ['litigation hold'] : []),
      ...(facts?.archiveEnabled === true && mailbox.archive !== true ? ['the archive the tenant has enabled'] : []),
      ...(facts?.litigationHoldEnabled === true && !mailbox.litigationHold ? ['the litigation hold the tenant has enabled'] : []),
      ...(bytes > UNLICENSED_LIMIT_BYTES ? [`its ${sizeText(bytes)} of mail (over 50 GB)`] : []),
    ];
    const reasons = [...(mailbox.licence === undefined ? [] : [`the spec assigns ${mailbox.licence}`]), ...archivingReasons];
    const needs = reasons.length > 0;
    const evidence = {
      userPrincipalName: user?.userPrincipalName ?? null,
      exchangeLicences: licences,
      archivingLicences: archiving,
      archiveEnabled: facts?.archiveEnabled ?? false,
      litigationHoldEnabled: facts?.litigationHoldEnabled ?? false,
      sizeBytes: bytes,
    };
    const expected = archivingReasons.length > 0 ? 'licensed with archiving' : needs ? 'licensed' : 'unlicensed';
    const actual = archiving.length > 0 ? 'licensed with archiving' : licences.length > 0 ? 'licensed' : 'unlicensed';
    const assign = `Set-MgUserLicense -UserId ${facts?.primaryAddress ?? mailbox.address} -AddLicenses @{SkuId='<skuId>'} -RemoveLicenses @()`;
    const licensedEnough = archivingReasons.length > 0 ? archiving.length > 0 : needs === licences.length > 0;
    if (licensedEnough)
      return [
        {
          status: 'pass',
          expected,
          actual,
          message: needs
            ? `${mailbox.address} holds ${licences.join(', ')}, as ${reasons.join(' and ')} requires.`
            : `${mailbox.address} is unlicensed, as a shared mailbox under 50 GB without archive or hold may be.`,
          evidence,
        },
      ];
    if (needs && licences.length > 0) {
      // Licensed, but with a plan that does not pay for what the mailbox holds.
      return [
        {
          status: 'fail',
          expected,
          actual,
          message: `${mailbox.address} holds ${licences.join(', ')}, which does not cover ${archivingReasons.join(' and ')} on a shared mailbox: that needs Exchange Online Plan 2, or Plan 1 with Exchange Online Archiving.`,
          remediation: {
            spec: 'Set licence: EXCHANGEENTERPRISE (Exchange Online Plan 2), or a SKU with Exchange Online Archiving, on the mailbox.',
            pulumi: 'pulumi up assigns the licence the spec names.',
            powershell: assign,
          },
          evidence,
          pointer: `${mailbox.pointer}/${mailbox.licence === undefined ? 'address' : 'licence'}`,
        },
      ];
    }
    if (needs) {
      return [
        {
          status: 'fail',
          expected,
          actual,
          message: `${mailbox.address} has no Exchange Online licence, but ${reasons.join(' and ')} requires one.`,
          remediation: {
            spec: 'Set licence: EXCHANGEENTERPRISE (or another plan with archiving) and a usage location on the mailbox.',
            pulumi: 'pulumi up sets the usage location, then assigns the licence.',
            powershell: assign,
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
          powershell: `Set-MgUserLicense -UserId ${facts?.primaryAddress ?? mailbox.address} -AddLicenses @() -RemoveLicenses @('<skuId>')`,
        },
        evidence,
      },
    ];
  },
};
