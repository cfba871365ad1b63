import type { ClientProfile } from './types.js';

/**
 * People open the mailbox in Outlook. Outlook finds it by auto-mapping, which works only for
 * Full Access granted to users directly: "Autodiscover doesn't enumerate security groups that
 * have Full Access permission to the mailbox" (Add-MailboxPermission; about-shared-mailboxes).
 */
export const outlook: ClientProfile = {
  id: 'outlook',
  title: 'Outlook',
  summary: 'People open the mailbox in Outlook: Full Access granted to each user directly, with auto-mapping.',
  sources: ['shared/seeds/004: Office 365, create a shared mailbox', 'office-docs-powershell Add-MailboxPermission.md (-AutoMapping)'],
  defaults: { identity: 'delegate', inbound: 'outlook', outbound: 'none' },
  modes: [
    {
      direction: 'inbound',
      way: 'outlook',
      identity: 'delegate',
      delegatedScopes: [],
      applicationPermissions: [],
      rights: ['fullAccess'],
      protocols: [],
      probes: [],
    },
  ],
  wantsAutoMapping: true,
};
