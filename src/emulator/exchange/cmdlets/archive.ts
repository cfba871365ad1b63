/**
 * Enable-Mailbox -Archive and Disable-Mailbox -Archive (Enable-Mailbox.md: "In Exchange Online,
 * you use this cmdlet to add archive mailboxes to existing users"; a user mailbox itself comes from
 * a licence). Get-Mailbox then shows ArchiveStatus Active and the ArchiveGuid (present.ts).
 * Microsoft's licence rule for shared mailboxes ("An Exchange Online Plan 2 license is required
 * ... the shared mailbox uses in-place archiving": microsoft-365-docs,
 * remove-license-from-shared-mailbox.md) is a licensing term, not a check Exchange makes: the
 * emulator, like Exchange, enables the archive either way, and mbx's verify is what holds a spec to it.
 */
import type { Cmdlet } from '../cmdlet.js';
import { CMDLET_ERRORS } from '../errors.js';
import { requireMailbox } from '../recipients.js';

function archiveOnly(cmdlet: string, archive: boolean | undefined): void {
  if (archive !== true)
    throw CMDLET_ERRORS.invalidOperation(
      `${cmdlet} in Exchange Online takes -Archive (or -AutoExpandingArchive); a mailbox itself comes from licensing the user, not from this cmdlet.`,
    );
}

export const enableMailbox: Cmdlet = {
  name: 'Enable-Mailbox',
  required: ['Identity'],
  parameters: { Identity: 'string', Archive: 'bool', ArchiveName: 'string' },
  run(params, { tenant }) {
    archiveOnly('Enable-Mailbox', params.bool('Archive'));
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    if (mailbox.archiveEnabled) throw CMDLET_ERRORS.invalidOperation(`The mailbox "${mailbox.name}" already has an archive.`);
    tenant.collection('mailboxes').put({ ...mailbox, archiveEnabled: true });
    return { value: [] };
  },
};

export const disableMailbox: Cmdlet = {
  name: 'Disable-Mailbox',
  required: ['Identity'],
  parameters: { Identity: 'string', Archive: 'bool', PermanentlyDisable: 'bool', Confirm: 'bool' },
  run(params, { tenant }) {
    archiveOnly('Disable-Mailbox', params.bool('Archive'));
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    if (!mailbox.archiveEnabled) throw CMDLET_ERRORS.invalidOperation(`The mailbox "${mailbox.name}" doesn't have an archive.`);
    tenant.collection('mailboxes').put({ ...mailbox, archiveEnabled: false });
    return { value: [] };
  },
};
