/**
 * The tenant reached is the tenant the spec names (issue 29): a spec for northwindtraders.com run
 * with contoso's credentials would otherwise print "against northwindtraders.com" over contoso's
 * data. Exchange's accepted domains are the tenant's verified domains that mail uses
 * (Get-AcceptedDomain, which the verify app may already run: no further permission), so the spec's
 * `tenant.primaryDomain` must be one of them. Checked after sign-in and before any check.
 */
import { MbxError } from '../errors.js';
import type { ExchangeClient } from '../m365/exchange/client.js';

export async function checkTenantIdentity(exchange: ExchangeClient, primaryDomain: string, tenantId: string): Promise<void> {
  let rows: Record<string, unknown>[];
  try {
    rows = await exchange.invoke('Get-AcceptedDomain', {}, { select: ['DomainName'] });
  } catch {
    // Not readable (a role without Get-AcceptedDomain, a service down): the collectors meet the same
    // service and say so per source; the run goes on without this proof rather than stop on it.
    return;
  }
  const domains = rows.map((row) => String(row.DomainName ?? '').toLowerCase()).filter((domain) => domain !== '');
  if (domains.length === 0 || domains.includes(primaryDomain.toLowerCase())) return;
  throw new MbxError(
    'TENANT_MISMATCH',
    `the spec is for ${primaryDomain}, but the tenant reached (${tenantId}) holds ${domains.slice(0, 5).join(', ')}${domains.length > 5 ? ` and ${domains.length - 5} more` : ''}; nothing was checked. Set AZURE_TENANT_ID (and the credential) to ${primaryDomain}'s tenant, or fix tenant.primaryDomain in the spec`,
    { primaryDomain, tenantId, domains },
  );
}
