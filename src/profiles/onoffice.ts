import { delegateGraphRead, delegateGraphSend } from './modes.js';
import type { ClientProfile } from './types.js';

/**
 * onOffice enterprise connects Microsoft 365 mailboxes through Microsoft Graph, signed in as a
 * Microsoft account the admin approves; "outlook alias mailboxes" need SendFromAliasEnabled
 * (shared/seeds 002). For a shared mailbox that account is a delegate with Full Access and Send As.
 */
export const onOffice: ClientProfile = {
  id: 'onoffice',
  title: 'onOffice enterprise',
  summary: 'A delegate reads and sends through Microsoft Graph (Mail.ReadWrite.Shared, Mail.Send.Shared); sending from aliases needs SendFromAliasEnabled.',
  sources: ['shared/seeds/002: onOffice, Microsoft 365 mailbox'],
  defaults: { identity: 'delegate', inbound: 'graph', outbound: 'graph' },
  modes: [delegateGraphRead, delegateGraphSend],
  sendsFromAliases: true,
  notes: [
    'Microsoft per-message limits apply: onOffice sends no serial mail and no mail to more than 10 recipients through a Microsoft 365 mailbox, and links attachments instead.',
  ],
};
