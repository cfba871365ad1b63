/**
 * Get-CASMailbox, Get-EXOCasMailbox and Set-CASMailbox (Set-CASMailbox.md): IMAP, POP and EWS on
 * or off per mailbox, and SmtpClientAuthenticationDisabled: $null follows TransportConfig, $true
 * or $false overrides it. Get-EXOCasMailbox leaves SmtpClientAuthenticationDisabled out of its
 * Minimum set; ask for it with -Properties (cmdlet-property-sets.md).
 */
import type { Mailbox } from '../../store/model.js';
import type { Tenant } from '../../store/store.js';
import type { Cmdlet } from '../cmdlet.js';
import { NONE } from '../cmdlet.js';
import { parseFilter } from '../opath.js';
import { project } from '../present.js';
import { primarySmtpAddress, requireMailbox } from '../recipients.js';

const EXO_MINIMUM = [
  'ActiveSyncEnabled',
  'DisplayName',
  'ECPEnabled',
  'EmailAddresses',
  'EwsEnabled',
  'ExchangeVersion',
  'Guid',
  'Identity',
  'ImapEnabled',
  'MAPIEnabled',
  'Name',
  'OrganizationId',
  'OWAEnabled',
  'PopEnabled',
  'PrimarySmtpAddress',
  'ServerLegacyDN',
];

function casObject(tenant: Tenant, mailbox: Mailbox): Record<string, unknown> {
  return {
    Identity: mailbox.name,
    Name: mailbox.name,
    DisplayName: mailbox.displayName,
    Guid: mailbox.id,
    ExternalDirectoryObjectId: mailbox.userId,
    PrimarySmtpAddress: primarySmtpAddress(mailbox),
    'EmailAddresses@odata.type': '#Collection(String)',
    EmailAddresses: [...mailbox.emailAddresses],
    ExchangeVersion: '0.20 (15.0.0.0)',
    OrganizationId: tenant.info.initialDomain,
    ServerLegacyDN: '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=EMULATOR01',
    ActiveSyncEnabled: true,
    OWAEnabled: true,
    ECPEnabled: true,
    MAPIEnabled: true,
    EwsEnabled: mailbox.ewsEnabled,
    ImapEnabled: mailbox.imapEnabled,
    PopEnabled: mailbox.popEnabled,
    SmtpClientAuthenticationDisabled: mailbox.smtpClientAuthenticationDisabled,
  };
}

function selected(tenant: Tenant, identity: string | undefined, filter: string | undefined): Record<string, unknown>[] {
  const mailboxes = identity === undefined ? tenant.collection('mailboxes').list() : [requireMailbox(tenant, identity)];
  const objects = mailboxes.map((mailbox) => casObject(tenant, mailbox));
  return filter === undefined ? objects : objects.filter(parseFilter(filter));
}

export const getCasMailbox: Cmdlet = {
  name: 'Get-CASMailbox',
  pages: true,
  parameters: { Identity: 'string', Filter: 'string', ResultSize: 'resultSize' },
  run: (params, { tenant }) => ({ value: selected(tenant, params.string('Identity'), params.string('Filter')) }),
};

export const getExoCasMailbox: Cmdlet = {
  name: 'Get-EXOCasMailbox',
  pages: true,
  parameters: {
    Identity: 'string',
    Filter: 'string',
    ResultSize: 'resultSize',
    Properties: 'strings',
    PropertySets: 'strings',
    PrimarySmtpAddress: 'string',
    UserPrincipalName: 'string',
    ExternalDirectoryObjectId: 'string',
  },
  run(params, { tenant }) {
    const identity =
      params.string('Identity') ?? params.string('PrimarySmtpAddress') ?? params.string('UserPrincipalName') ?? params.string('ExternalDirectoryObjectId');
    const wanted = new Set([...EXO_MINIMUM, ...(params.strings('Properties') ?? []).flatMap((name) => name.split(',').map((item) => item.trim()))]);
    if ((params.strings('PropertySets') ?? []).some((set) => set.toLowerCase() === 'all')) wanted.add('SmtpClientAuthenticationDisabled');
    return { value: selected(tenant, identity, params.string('Filter')).map((object) => project(object, wanted)) };
  },
};

export const setCasMailbox: Cmdlet = {
  name: 'Set-CASMailbox',
  required: ['Identity'],
  parameters: { Identity: 'string', ImapEnabled: 'bool', PopEnabled: 'bool', EwsEnabled: 'bool', SmtpClientAuthenticationDisabled: 'bool' },
  run(params, { tenant }) {
    const mailbox = requireMailbox(tenant, params.string('Identity'));
    tenant.collection('mailboxes').put({
      ...mailbox,
      imapEnabled: params.bool('ImapEnabled') ?? mailbox.imapEnabled,
      popEnabled: params.bool('PopEnabled') ?? mailbox.popEnabled,
      ewsEnabled: params.bool('EwsEnabled') ?? mailbox.ewsEnabled,
      smtpClientAuthenticationDisabled: params.has('SmtpClientAuthenticationDisabled')
        ? (params.nullableBool('SmtpClientAuthenticationDisabled') ?? null)
        : mailbox.smtpClientAuthenticationDisabled,
    });
    return NONE;
  },
};
