/**
 * How the Exchange admin API writes values in the objects its cmdlets return, read in one place
 * for verification and provisioning alike: booleans (true, or "True" from older hosts), sizes
 * ("1.234 GB (1,325,123,456 bytes)"), proxy addresses ("SMTP:primary", "smtp:secondary") and the
 * forwarding address ("smtp:someone@example.com").
 */

export type Row = Record<string, unknown>;

export const lower = (value: unknown): string => String(value ?? '').toLowerCase();

export const bool = (value: unknown): boolean => value === true || value === 'True' || value === 'true';

/** "1.234 GB (1,325,123,456 bytes)" as a number of bytes; null for Unlimited or anything unreadable. */
export function exchangeBytes(value: unknown): number | null {
  const match = /\(([\d,]+) bytes\)/.exec(String(value ?? ''));
  return match === null ? null : Number((match[1] as string).replace(/,/g, ''));
}

/** Every SMTP address of EmailAddresses, primary and secondary, lower-cased. */
export function smtpAddresses(emailAddresses: unknown): string[] {
  return (Array.isArray(emailAddresses) ? emailAddresses : [])
    .map(String)
    .filter((proxy) => /^smtp:/i.test(proxy))
    .map((proxy) => proxy.slice(5).toLowerCase());
}

/** The secondary SMTP addresses of EmailAddresses (written `smtp:`; the primary is `SMTP:`), lower-cased. */
export function secondaryAddresses(emailAddresses: unknown): string[] {
  return (Array.isArray(emailAddresses) ? emailAddresses : [])
    .map(String)
    .filter((proxy) => proxy.startsWith('smtp:'))
    .map((proxy) => proxy.slice(5).toLowerCase());
}

/** ForwardingSmtpAddress without its `smtp:` prefix, lower-cased; null when unset. */
export function forwardingAddress(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.replace(/^smtp:/i, '').toLowerCase() : null;
}
