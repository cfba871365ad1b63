/**
 * The plain mailbox settings: a spec key that is one Set-Mailbox parameter, read back from one
 * Get-Mailbox property, with nothing else depending on it. Each is declared here once, and
 * provisioning (the shared-mailbox provider), verification (the collector and MBX.SETTINGS.1) and
 * export walk this table: a new plain setting is its schema key, its row here, and the emulator's
 * parameter (docs/architecture.md, "Adding a spec key").
 */
import type { SharedMailbox } from './types.js';

/** A plain setting's value as the spec writes it. */
export type SettingValue = number | boolean | string;

export interface MailboxSetting {
  /** The key under a shared mailbox in the spec. */
  readonly key: keyof SharedMailbox & string;
  /** The Set-Mailbox parameter and the Get-Mailbox property (Exchange uses one name for both). */
  readonly exchange: string;
  /** What Exchange Online holds when nobody set it: export leaves a setting at its default out. */
  readonly exchangeDefault: SettingValue;
  /** The value as the parameter takes it. */
  write(value: SettingValue): string | number | boolean;
  /** The value as the property shows it, in the spec's terms; null when it cannot be read. */
  read(shown: unknown): SettingValue | null;
  /** The value in words, for findings: "35 MB". */
  describe(value: SettingValue | null): string;
}

const MB = 1024 ** 2;

/** A ByteQuantifiedSize as Exchange shows it, "35 MB (36,700,160 bytes)", in whole MB; null for Unlimited or unreadable. */
function megabytes(shown: unknown): number | null {
  const match = /\(([\d,]+) bytes\)/.exec(String(shown ?? ''));
  return match === null ? null : Math.round(Number((match[1] as string).replace(/,/g, '')) / MB);
}

/** A size in whole MB, written `25MB` and shown as a ByteQuantifiedSize. */
const megabyteSetting = (key: MailboxSetting['key'], exchange: string, exchangeDefault: number): MailboxSetting => ({
  key,
  exchange,
  exchangeDefault,
  write: (value) => `${String(value)}MB`,
  read: megabytes,
  describe: (value) => (value === null ? 'unreadable' : `${String(value)} MB`),
});

/** Each plain setting; Exchange Online's defaults and limits from its service description (exchange-online-limits#message-limits). */
export const MAILBOX_SETTINGS: readonly MailboxSetting[] = [
  megabyteSetting('maxSendSizeMB', 'MaxSendSize', 35),
  megabyteSetting('maxReceiveSizeMB', 'MaxReceiveSize', 36),
];

/** The plain settings a mailbox declares, by spec key. */
export function declaredSettings(mailbox: SharedMailbox): Record<string, SettingValue> {
  const declared: Record<string, SettingValue> = {};
  for (const setting of MAILBOX_SETTINGS) {
    const value = mailbox[setting.key] as unknown;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') declared[setting.key] = value;
  }
  return declared;
}

/** The settings as Set-Mailbox parameters. */
export function settingParameters(settings: Readonly<Record<string, SettingValue>>): Record<string, string | number | boolean> {
  const parameters: Record<string, string | number | boolean> = {};
  for (const setting of MAILBOX_SETTINGS) {
    const value = settings[setting.key];
    if (value !== undefined) parameters[setting.exchange] = setting.write(value);
  }
  return parameters;
}

/** Every plain setting as a Get-Mailbox row shows it, by spec key (null where the row does not say). */
export function shownSettings(row: Readonly<Record<string, unknown>>): Record<string, SettingValue | null> {
  return Object.fromEntries(MAILBOX_SETTINGS.map((setting) => [setting.key, setting.read(row[setting.exchange])]));
}
