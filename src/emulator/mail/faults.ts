/**
 * The fault layer for the mail protocols, as the HTTP surfaces have it (docs/emulator.md,
 * "Faults"): a rule for surface `imap`, `pop` or `smtp` and an operation (the command name: FETCH,
 * RETR, AUTH, DATA, ...) delays the command, drops the connection, or throttles it, which each
 * protocol answers in its own words. Every command is counted.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { EmulatorContext } from '../context.js';

export type MailFault =
  { readonly kind: 'pass'; readonly release: () => void } | { readonly kind: 'throttle'; readonly backoffMs: number } | { readonly kind: 'drop' };

/** Decide a command's fate, after any latency the settings and rules add. */
export async function mailFault(context: EmulatorContext, surface: 'imap' | 'pop' | 'smtp', operation: string, client: string): Promise<MailFault> {
  const decision = context.faults.decide({ surface, operation, appId: undefined, client }, context.settings.latencyMs, context.now().getTime());
  if (decision.latencyMs > 0) await delay(decision.latencyMs);
  context.counters.count(surface, operation, decision.kind === 'pass' ? 0 : 429, decision.kind !== 'pass');
  if (decision.kind === 'pass') return { kind: 'pass', release: decision.release };
  if (decision.kind === 'drop') return { kind: 'drop' };
  return { kind: 'throttle', backoffMs: (decision.retryAfterSeconds ?? 300) * 1000 };
}
