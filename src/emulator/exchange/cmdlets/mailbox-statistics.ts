/**
 * Get-MailboxStatistics and Get-EXOMailboxStatistics (Get-EXOMailboxStatistics.md): sizes as
 * ByteQuantifiedSize strings, from what the store says the mailbox holds.
 */
import type { Cmdlet } from '../cmdlet.js';
import { byteQuantified } from '../format.js';
import { requireMailbox } from '../recipients.js';

const parameters = { Identity: 'string', Archive: 'bool', PropertySets: 'strings', Properties: 'strings', IncludeSoftDeletedRecipients: 'bool' } as const;

export const getMailboxStatistics: Cmdlet = {
  name: 'Get-MailboxStatistics',
  required: ['Identity'],
  parameters,
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
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
