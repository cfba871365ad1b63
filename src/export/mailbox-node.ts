/**
 * One shared mailbox as mbx export writes it (index.ts reads the tenant; this says what a mailbox's
 * facts become in the spec): keys in the schema's order, defaults left out, trustees by the names
 * the spec knows them by.
 */
import { exchangeLicences } from '../../checks/licence/exchange-plan.js';
import { MAILBOX_SETTINGS } from '../spec/mailbox-settings.js';
import type { CasFacts, MailboxFacts, SkuFacts, UserFacts } from '../verify/snapshot.js';

export interface MailboxContext {
  readonly fullAccess: ReadonlyMap<string, readonly string[]>;
  readonly sendAs: ReadonlyMap<string, readonly string[]>;
  readonly cas: ReadonlyMap<string, CasFacts>;
  /** Users by lower-cased object id. */
  readonly users: ReadonlyMap<string, UserFacts>;
  readonly skus: ReadonlyMap<string, SkuFacts>;
  readonly isGroup: (address: string) => boolean;
  readonly trusteeOf: (shown: string, where: string) => string | undefined;
  readonly notes: string[];
}

/** One shared mailbox as the spec writes it, keys in the schema's order, defaults left out. */
export function mailboxNode(facts: MailboxFacts, context: MailboxContext): Record<string, unknown> {
  const where = facts.primaryAddress;
  const names = (shown: readonly string[]): string[] =>
    [...new Set(shown.map((trustee) => context.trusteeOf(trustee, where)).filter((trustee): trustee is string => trustee !== undefined))].sort();
  const user = context.users.get(facts.userId);
  const licences = user === undefined ? [] : exchangeLicences(user, context.skus).sort();
  const aliases = facts.smtpAddresses.filter((address) => address !== facts.primaryAddress && !address.endsWith('.onmicrosoft.com')).sort();
  const fullAccess = names(context.fullAccess.get(facts.primaryAddress) ?? []);
  const sendAs = names(context.sendAs.get(facts.name) ?? []);
  const sendOnBehalf = names(facts.grantSendOnBehalfTo);
  const cas = context.cas.get(facts.name);
  const smtp = cas?.smtpClientAuthenticationDisabled ?? null;
  if (user === undefined) context.notes.push(`${where}: its Entra user could not be found, so its sign-in and licence are not exported.`);
  return {
    address: facts.primaryAddress,
    displayName: facts.displayName,
    ...(aliases.length === 0 ? {} : { aliases }),
    ...(user === undefined || !user.accountEnabled ? {} : { signInBlocked: false }),
    ...(licences[0] === undefined ? {} : { licence: licences[0] }),
    ...(licences[0] !== undefined && user?.usageLocation !== null && user?.usageLocation !== undefined ? { usageLocation: user.usageLocation } : {}),
    archive: facts.archiveEnabled,
    ...(facts.litigationHoldEnabled ? { litigationHold: true } : {}),
    // The plain settings a mailbox holds at other than Exchange Online's default (src/spec/mailbox-settings.ts).
    ...Object.fromEntries(
      MAILBOX_SETTINGS.filter((setting) => ![null, undefined, setting.exchangeDefault].includes(facts.settings[setting.key])).map((setting) => [
        setting.key,
        facts.settings[setting.key],
      ]),
    ),
    ...(facts.hiddenFromAddressListsEnabled ? { hiddenFromAddressLists: true } : {}),
    ...(fullAccess.length === 0 ? {} : { fullAccess: fullAccess.map((trustee) => (context.isGroup(trustee) ? { trustee, autoMapping: false } : { trustee })) }),
    ...(sendAs.length === 0 ? {} : { sendAs }),
    ...(sendOnBehalf.length === 0 ? {} : { sendOnBehalf }),
    ...(facts.messageCopyForSentAsEnabled || facts.messageCopyForSendOnBehalfEnabled
      ? { sentItemsCopy: { sendAs: facts.messageCopyForSentAsEnabled, sendOnBehalf: facts.messageCopyForSendOnBehalfEnabled } }
      : {}),
    ...(facts.forwardingSmtpAddress === null ? {} : { forwarding: { address: facts.forwardingSmtpAddress, keepCopy: facts.deliverToMailboxAndForward } }),
    ...(cas === undefined
      ? {}
      : {
          protocols: {
            imap: cas.imapEnabled,
            pop: cas.popEnabled,
            ...(smtp === null ? {} : { smtpAuth: !smtp }),
          },
        }),
  };
}
