/**
 * Exchange's value formats: ByteQuantifiedSize strings ("49.5 GB (53,150,220,288 bytes)", binary
 * units, four significant digits: fidelity 2.2, rounding UNVERIFIED) and its timestamps
 * ("2022-06-29T17:57:03.0000000+00:00").
 */
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function byteQuantified(bytes: number | null): string {
  if (bytes === null) return 'Unlimited';
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? String(bytes) : String(Number(value.toPrecision(4)));
  return `${shown} ${UNITS[unit]} (${bytes.toLocaleString('en-US')} bytes)`;
}

/** Parse "49GB", "49.5 GB", "1024", "unlimited" (Set-Mailbox quota values). null is Unlimited. */
export function parseByteQuantified(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (/^unlimited$/i.test(trimmed)) return null;
  const bytesInParens = /\(([\d,]+) bytes\)$/.exec(trimmed);
  if (bytesInParens !== null) return Number((bytesInParens[1] as string).replace(/,/g, ''));
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(trimmed);
  if (match === null) return undefined;
  const power = UNITS.indexOf((match[2] ?? 'B').toUpperCase() as (typeof UNITS)[number]);
  return Math.round(Number(match[1]) * 1024 ** power);
}

export function exchangeTime(iso: string): string {
  return iso.replace(/\.(\d{3})Z$/, '.$10000+00:00').replace(/Z$/, '.0000000+00:00');
}

export function exchangeTimeUtc(iso: string): string {
  return iso.replace(/\.(\d{3})Z$/, '.$10000Z');
}
