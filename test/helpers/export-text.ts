/**
 * An exported spec without its otherApps: the apps mbx found but does not own. Applying the export
 * to an empty tenant cannot recreate them (mbx never creates an app it does not declare), so an
 * export of that tenant lacks them, and the note that counts them.
 */
export function withoutOtherApps(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('otherApps:');
  const end = start < 0 ? -1 : lines.findIndex((line, index) => index > start && /^\S/.test(line));
  const kept = start < 0 ? lines : [...lines.slice(0, start), ...lines.slice(end < 0 ? lines.length : end)];
  return kept.filter((line) => !/^# \d+ apps? other than the spec's reach these mailboxes/.test(line)).join('\n');
}
