import { delegateImap, delegatePop, delegateSmtp } from './modes.js';
import type { ClientProfile } from './types.js';

/**
 * Bp Event: a user group with two accounts, the shared mailbox for receiving and a licensed
 * delegate for sending, both connected with OAuth 2.0 as the delegate (shared/seeds 000, 001).
 * Receipt by POP3, IMAP or "IMAP Download"; recycle-bin, spam and sent folders are IMAP only.
 */
export const bpEvent: ClientProfile = {
  id: 'bp-event',
  title: 'Bp Event',
  summary:
    'A licensed delegate with Full Access and Send As reads by IMAP, IMAP download or POP3 and sends by SMTP AUTH with STARTTLS, all with OAuth 2.0; From is the shared address.',
  sources: [
    'shared/seeds/000: Setting up a Microsoft Office 365 shared mailbox in Bp Event',
    'shared/seeds/001: Bp Event OAuth 2.0 sync server and account connection',
  ],
  defaults: { identity: 'delegate', inbound: 'imap', outbound: 'smtp' },
  modes: [delegateImap, { ...delegateImap, way: 'imap-download' }, delegatePop, delegateSmtp],
  folders: true,
  notes: ['The delegated user requires a full Exchange Online licence (Bp Event setup guide).'],
};
