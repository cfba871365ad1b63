/**
 * The organization's mail settings as Exchange keeps them: SendFromAliasEnabled ($false by
 * default) and SmtpClientAuthenticationDisabled ($true for tenants created since January 2020).
 * Read by the cmdlets, SMTP submission and Graph's sendMail.
 */
import type { OrganizationSettings } from '../store/model.js';
import type { Tenant } from '../store/store.js';

/** The settings, or Exchange's defaults for a tenant nobody has configured. */
export function organizationSettings(tenant: Tenant): OrganizationSettings {
  return tenant.collection('settings').get('organization') ?? { id: 'organization', sendFromAliasEnabled: false, smtpClientAuthenticationDisabled: true };
}
