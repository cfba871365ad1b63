/**
 * Proxy addresses as Exchange keeps them in EmailAddresses: `SMTP:` before the primary (exactly one),
 * `smtp:` before each secondary, other prefixes (`X500:`, `SIP:`) for other kinds. One place for
 * reading and writing them, for the store's indexes, the cmdlets, Graph and mail submission.
 */

const SMTP = /^smtp:/i;

/** The address without its prefix (any prefix: `SMTP:`, `smtp:`, `X500:`), as written. */
export function proxyAddressValue(proxy: string): string {
  const colon = proxy.indexOf(':');
  return colon < 0 ? proxy : proxy.slice(colon + 1);
}

/** Whether the proxy is an SMTP address, primary or secondary. */
export const isSmtpProxy = (proxy: string): boolean => SMTP.test(proxy);

/** Whether the proxy is the primary SMTP address. */
export const isPrimaryProxy = (proxy: string): boolean => proxy.startsWith('SMTP:');

/** The lower-cased address of an SMTP proxy, or of a bare address (a cmdlet's -Identity, a forwarding target). */
export const smtpValue = (proxyOrAddress: string): string => proxyOrAddress.replace(SMTP, '').toLowerCase();

/** The primary SMTP address among the proxies, as written; undefined when there is none. */
export function primaryOf(proxies: readonly string[]): string | undefined {
  const primary = proxies.find(isPrimaryProxy);
  return primary === undefined ? undefined : primary.slice(5);
}

export const primaryProxy = (address: string): string => `SMTP:${address}`;
export const secondaryProxy = (address: string): string => `smtp:${address}`;
