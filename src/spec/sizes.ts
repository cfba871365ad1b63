/** Sizes as the spec, reports and provisioning's messages word them. */

/**
 * A size as reports show it, binary units as Exchange writes them: "1.2 GB", "340.0 MB", "12.0 KB",
 * "512 bytes". Small mailboxes read as what they hold, not as "0.0 GB".
 */
export function sizeText(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit < 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
