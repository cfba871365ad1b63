/**
 * Microsoft's first-party application ids, the same in every tenant: the resource apps whose
 * service principals hold the permissions an app is granted (Graph's and Exchange Online's).
 */
export const RESOURCE_APP_IDS = { graph: '00000003-0000-0000-c000-000000000000', exchange: '00000002-0000-0ff1-ce00-000000000000' } as const;

/** Graph application permissions that reach every mailbox in the tenant unless RBAC for Applications or an access policy limits them. */
export const TENANT_WIDE_MAIL_ROLES: readonly string[] = [
  'Mail.Read',
  'Mail.ReadBasic',
  'Mail.ReadBasic.All',
  'Mail.ReadWrite',
  'Mail.Send',
  'MailboxSettings.Read',
  'MailboxSettings.ReadWrite',
];
