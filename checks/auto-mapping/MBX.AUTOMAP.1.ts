/**
 * MBX.AUTOMAP.1: Full Access grants auto-map where Outlook users need it. See MBX.AUTOMAP.1.md.
 * Exchange Online does not expose whether a grant was made with -AutoMapping $true (the
 * msExchDelegateListLink attribute it sets is not readable through the admin API), so the check
 * fails what cannot auto-map (a group grant) and, for a direct user grant, says the setting is not
 * readable (skip not-readable): never a pass an auditor could take for proof (issue 29).
 */
import { APP_TRUSTEE } from '../../src/spec/types.js';
import type { Finding, MailboxCheck } from '../../src/verify/model.js';

const NOT_READABLE =
  'Exchange does not expose whether -AutoMapping was set, so whether it auto-maps is not proven; pulumi up grants with -AutoMapping as the spec says.';

export const check: MailboxCheck = {
  id: 'MBX.AUTOMAP.1',
  scope: 'mailbox',
  sources: ['exchange.mailboxes', 'exchange.fullAccess'],
  run(mailbox, _facts, { spec, snapshot }) {
    const wanted = mailbox.fullAccess.filter((grant) => grant.autoMapping && grant.trustee !== APP_TRUSTEE);
    if (wanted.length === 0)
      return [{ status: 'skip', skipReason: 'not-applicable', message: `No Full Access grant on ${mailbox.address} asks for auto-mapping.` }];
    const entries = snapshot.fullAccess.get(mailbox.address) ?? [];
    return wanted.map((grant): Finding => {
      const group = spec.groups.find((candidate) => candidate.address === grant.trustee);
      if (group !== undefined) {
        return {
          status: 'fail',
          subject: grant.trustee,
          expected: 'a direct grant to each user',
          actual: 'a grant to a group',
          message: `Full Access on ${mailbox.address} is granted to the group ${grant.trustee}; Outlook does not auto-map mailboxes granted through groups, so its members must add the mailbox by hand.`,
          remediation: {
            spec: 'Grant Full Access to each user who should see the mailbox in Outlook.',
            powershell: `Add-MailboxPermission -Identity ${mailbox.address} -User <user> -AccessRights FullAccess -AutoMapping $true`,
          },
          pointer: grant.pointer,
        };
      }
      const direct = entries.find((entry) => entry.trustee === grant.trustee && !entry.deny && !entry.inherited);
      if (direct === undefined)
        return {
          status: 'skip',
          skipReason: 'depends-on',
          subject: grant.trustee,
          message: `${grant.trustee} has no Full Access on ${mailbox.address} to auto-map; MBX.FULLACCESS.1 reports it.`,
          pointer: grant.pointer,
        };
      return {
        status: 'skip',
        skipReason: 'not-readable',
        subject: grant.trustee,
        expected: 'auto-mapped',
        actual: 'not readable (a direct user grant, which can auto-map)',
        message: `${grant.trustee} holds Full Access on ${mailbox.address} directly, which can auto-map. ${NOT_READABLE}`,
        evidence: { trustee: direct.trustee, inherited: direct.inherited },
        pointer: grant.pointer,
      };
    });
  },
};
