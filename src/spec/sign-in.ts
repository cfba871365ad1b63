/**
 * Whom a client signs in to SMTP as, which decides whose SMTP AUTH setting Exchange applies
 * (docs/decisions.md, "issue 18"): a delegate's token authenticates its own mailbox only, so a
 * delegate client sends with user= the delegate and From the shared address, and the delegate's
 * own mailbox needs SMTP AUTH; a client configured with user= the shared address makes Exchange
 * check the shared mailbox's setting and then refuse with 535 5.7.3 (smtpLogin: shared); the app
 * signs in as the mailbox it sends for.
 */
import type { Client, SharedMailbox } from './types.js';

export interface SmtpLogin {
  /** The address in SMTP AUTH's user=, whose mailbox's SmtpClientAuthenticationDisabled applies. */
  readonly address: string;
  readonly identity: 'delegate' | 'app';
  /** A delegate's token for another mailbox: Exchange answers 535 5.7.3. */
  readonly refused: boolean;
}

/** How the client signs in to SMTP, or undefined where it does not send over SMTP. */
export function smtpLoginOf(mailbox: SharedMailbox, client: Client): SmtpLogin | undefined {
  const mode = client.modes.find((candidate) => candidate.direction === 'outbound' && candidate.way === 'smtp');
  if (mode === undefined) return undefined;
  if (mode.identity === 'app') return { address: mailbox.address, identity: 'app', refused: false };
  if (client.smtpLogin === 'shared' || client.user === undefined) return { address: mailbox.address, identity: 'delegate', refused: true };
  return { address: client.user, identity: 'delegate', refused: false };
}
