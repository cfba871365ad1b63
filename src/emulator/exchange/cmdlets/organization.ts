/**
 * Organization-wide settings: Get/Set-OrganizationConfig (SendFromAliasEnabled, default $false),
 * Get/Set-TransportConfig (SmtpClientAuthenticationDisabled, $true for tenants created since
 * January 2020) and Get-AcceptedDomain (Set-OrganizationConfig.md, Set-TransportConfig.md).
 */
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { organizationSettings } from '../organization-settings.js';

export const getOrganizationConfig: Cmdlet = {
  name: 'Get-OrganizationConfig',
  parameters: {},
  run(_params, { tenant }) {
    const settings = organizationSettings(tenant);
    return {
      value: [
        {
          Identity: tenant.info.initialDomain,
          Name: tenant.info.initialDomain,
          DisplayName: tenant.info.displayName,
          Guid: tenant.info.id,
          SendFromAliasEnabled: settings.sendFromAliasEnabled,
          IsDehydrated: false,
          OAuth2ClientProfileEnabled: true,
        },
      ],
    };
  },
};

export const setOrganizationConfig: Cmdlet = {
  name: 'Set-OrganizationConfig',
  parameters: { SendFromAliasEnabled: 'bool' },
  run(params, { tenant }) {
    const settings = organizationSettings(tenant);
    tenant.collection('settings').put({ ...settings, sendFromAliasEnabled: params.bool('SendFromAliasEnabled') ?? settings.sendFromAliasEnabled });
    return NONE;
  },
};

export const getTransportConfig: Cmdlet = {
  name: 'Get-TransportConfig',
  parameters: {},
  run: (_params, { tenant }) => ({
    value: [
      {
        Identity: 'Transport Settings',
        Name: 'Transport Settings',
        SmtpClientAuthenticationDisabled: organizationSettings(tenant).smtpClientAuthenticationDisabled,
      },
    ],
  }),
};

export const setTransportConfig: Cmdlet = {
  name: 'Set-TransportConfig',
  parameters: { SmtpClientAuthenticationDisabled: 'bool' },
  run(params, { tenant }) {
    const settings = organizationSettings(tenant);
    tenant
      .collection('settings')
      .put({ ...settings, smtpClientAuthenticationDisabled: params.bool('SmtpClientAuthenticationDisabled') ?? settings.smtpClientAuthenticationDisabled });
    return NONE;
  },
};

export const getAcceptedDomain: Cmdlet = {
  name: 'Get-AcceptedDomain',
  parameters: { Identity: 'string' },
  run(params, { tenant }) {
    const identity = params.string('Identity')?.toLowerCase();
    const domains = tenant
      .collection('domains')
      .list()
      .filter((domain) => identity === undefined || domain.id === identity);
    return {
      value: domains.map((domain) => ({
        Identity: domain.id,
        Name: domain.id,
        DomainName: domain.id,
        DomainType: 'Authoritative',
        Default: domain.isDefault,
        InitialDomain: domain.isInitial,
      })),
    };
  },
};
