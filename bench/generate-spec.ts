/** A realistic spec of any size for benchmarks: every profile, grants, aliases and a waiver. */
export function generate(count: number) {
  const users = Array.from({ length: Math.ceil(count / 4) }, (_, i) => ({
    address: `user${i}@contoso.com`,
    licence: i % 2 ? 'SPE_E3' : 'EXCHANGESTANDARD',
    usageLocation: 'DE',
  }));
  const user = (i: number) => users[i % users.length]!.address;
  const sharedMailboxes = Array.from({ length: count }, (_, i) => {
    const delegate = user(i);
    const base = {
      address: `shared${i}@contoso.com`,
      displayName: `Shared mailbox ${i}`,
      aliases: [`alias${i}@contoso.com`],
      fullAccess: [{ trustee: delegate, autoMapping: false }, { trustee: user(i + 1) }],
      sendAs: [delegate],
      sizeWarningGB: 40,
    };
    switch (i % 4) {
      case 0:
        return { ...base, protocols: { smtpAuth: true }, clients: [{ profile: 'bp-event', user: delegate, folders: { spam: 'Junk Email' } }] };
      case 1:
        return { ...base, clients: [{ profile: 'onoffice', user: delegate, sendFromAliases: [`alias${i}@contoso.com`] }] };
      case 2:
        return { ...base, protocols: { smtpAuth: true }, clients: [{ profile: 'genesys-esj', user: delegate, inbound: 'graph' }] };
      default:
        return {
          ...base,
          sendOnBehalf: [user(i + 1)],
          sentItemsCopy: { sendAs: true, sendOnBehalf: true },
          forwarding: { address: `archive${i}@contoso.com` },
          clients: [{ profile: 'outlook' }],
        };
    }
  });
  return {
    version: 1,
    tenant: { primaryDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'] },
    organization: { sendFromAliasEnabled: true, smtpAuth: false },
    users,
    app: { displayName: 'Bench connectors', credential: { kind: 'certificate' } },
    sharedMailboxes,
    waivers: [{ check: 'MBX.AUTOMAP.1', mailbox: 'shared0@contoso.com', rationale: 'Benchmark waiver for realism.', expires: '2099-12-31' }],
  };
}
