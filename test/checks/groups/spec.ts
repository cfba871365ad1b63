/** contoso with sales@ granted through nested groups: Sales Team (Erika and the Sales Leads group), Sales Leads (Lena). */
import type { Spec } from '../../../src/spec/types.js';

export function withSalesGroups(spec: Spec): Spec {
  return {
    ...spec,
    groups: [
      {
        address: 'sales-team@contoso.com',
        displayName: 'Sales Team',
        members: ['erika.musterfrau@contoso.com', 'sales-leads@contoso.com'],
        pointer: '/groups/0',
      },
      { address: 'sales-leads@contoso.com', displayName: 'Sales Leads', members: ['lena.schmidt@contoso.com'], pointer: '/groups/1' },
    ],
    sharedMailboxes: spec.sharedMailboxes.map((mailbox) =>
      mailbox.address === 'sales@contoso.com'
        ? {
            ...mailbox,
            fullAccess: [{ trustee: 'sales-team@contoso.com', autoMapping: false, pointer: `${mailbox.pointer}/fullAccess/0` }],
            sendAs: [{ trustee: 'sales-team@contoso.com', pointer: `${mailbox.pointer}/sendAs/0` }],
          }
        : mailbox,
    ),
  };
}
