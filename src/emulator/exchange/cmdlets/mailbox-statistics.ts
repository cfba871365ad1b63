/**
 * Get-MailboxStatistics and Get-EXOMailboxStatistics (Get-EXOMailboxStatistics.md): sizes as
 * ByteQuantifiedSize strings, from what the store says the mailbox holds.
 */
import type { Cmdlet } from '../cmdlet.js';
import { byteQuantified } from '../format.js';
import { CMDLET_ERRORS } from '../errors.js';
import { archiveGuidOf } from '../present.js';
import { requireMailbox } from '../recipients.js';

const parameters = { Identity: 'string', Archive: 'bool', PropertySets: 'strings', Properties: 'strings', IncludeSoftDeletedRecipients: 'bool' } as const;

export const getMailboxStatistics: Cmdlet = {
  name: 'Get-MailboxStatistics',
  required: ['Identity'],
  parameters,
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    if (params.bool('Archive') === true) {
      // The archive's own statistics; the emulator stores no archived items, so it is empty.
      if (!mailbox.archiveEnabled) throw CMDLET_ERRORS.invalidOperation(`The mailbox "${mailbox.name}" doesn't have an archive.`);
      const archiveGuid = archiveGuidOf(mailbox);
      return {
        value: [
          {
            Identity: archiveGuid,
            DisplayName: `In-Place Archive - ${mailbox.displayName}`,
            MailboxGuid: archiveGuid,
            ItemCount: 0,
            TotalItemSize: byteQuantified(0),
            DeletedItemCount: 0,
            TotalDeletedItemSize: byteQuantified(0),
            MailboxTypeDetail: mailbox.recipientTypeDetails,
            IsArchiveMailbox: true,
            LastLogonTime: null,
            SystemMessageSize: byteQuantified(0),
          },
        ],
      };
    }
    return {
      value: [
        {
          Identity: mailbox.id,
          DisplayName: mailbox.displayName,
          MailboxGuid: mailbox.id,
          ItemCount: mailbox.itemCount,
          TotalItemSize: byteQuantified(mailbox.totalItemSize),
          DeletedItemCount: 0,
          TotalDeletedItemSize: byteQuantified(0),
          MailboxTypeDetail: mailbox.recipientTypeDetails,
          LastLogonTime: null,
          SystemMessageSize: byteQuantified(0),
        },
      ],
    };
  },
};

export const getExoMailboxStatistics: Cmdlet = {
  ...getMailboxStatistics,
  name: 'Get-EXOMailboxStatistics',
  parameters: { ...parameters, UserPrincipalName: 'string', PrimarySmtpAddress: 'string', ExchangeGuid: 'string' },
};
