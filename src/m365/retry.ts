/**
 * One retry policy for every request mbx makes (issue 15): the token endpoint, Graph, the Exchange
 * admin API and the IMAP, POP and SMTP probes. An operation is tried at most `maxAttempts` times;
 * between tries it waits the service's Retry-After when there is one, else exponential backoff
 * with full jitter (AWS's "Exponential Backoff and Jitter"); and no wait may end past the run's
 * time budget (`--budget`), so a storm of faults makes a run slower by a bounded amount and then
 * turns the operation into `error` with its cause and the attempts made, never into `fail`.
 *
 * What is transient is decided here once: HTTP 408, 429 and 5xx, a dropped or refused connection,
 * a timeout, IMAP's `Request is throttled` and SMTP's 4xx replies. A definitive answer (a 4xx that
 * is not 408/429, a 5xx SMTP reply, an AADSTS refusal) is never retried.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

export interface RetryOptions {
  /** Tries of one operation, the first included. */
  readonly maxAttempts?: number;
  /** The first backoff's ceiling; each later one doubles it. */
  readonly baseDelayMs?: number;
  /** No backoff is longer (without a Retry-After). */
  readonly maxBackoffMs?: number;
  /** No Retry-After is waited longer. */
  readonly maxDelayMs?: number;
  /** The run's time budget from now: no retry wait ends past it. */
  readonly budgetMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

/** The default budget of a run: long enough to wait out Exchange's and Graph's usual Retry-After several times. */
export const DEFAULT_BUDGET_MS = 10 * 60_000;

/** Why one try failed, and whether trying again can help. */
export interface Attempted {
  readonly transient: boolean;
  /** The service's Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;
}

/** An operation given up on while its failure was still transient: `error`, with the cause and the tries. */
export class TransientFailure extends Error {
  constructor(
    readonly attempts: number,
    readonly cause: unknown,
  ) {
    super(`${cause instanceof Error ? cause.message : String(cause)} (gave up after ${attempts} ${attempts === 1 ? 'try' : 'tries'})`, { cause });
    this.name = 'TransientFailure';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'ETIMEOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'NoConnection',
  'ClosedAfterConnectTLS',
  'ClosedAfterConnectText',
  'EConnectionClosed',
]);

/** Whether an error is a connection that dropped, was refused or timed out (its cause chain included). */
export function isNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && TRANSIENT_CODES.has(candidate.code)) return true;
    if (
      typeof candidate.message === 'string' &&
      /socket hang up|other side closed|Connection (closed|not available|timeout)|unexpectedly closed|closed the connection|fetch failed|read ECONNRESET|Unexpected close/i.test(
        candidate.message,
      )
    )
      return true;
    current = candidate.cause;
  }
  return false;
}

/** Whether an HTTP status is worth trying again. */
export const transientStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500 || status === 0;

/** Retry-After as HTTP gives it (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxDelayMs: number;
  private readonly deadline: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** Tries beyond the first, over every operation: the report's `requests.retries`. */
  retries = 0;
  /** Per service, the time before which no request may go: a Retry-After holds for the client, not one request. */
  private readonly pausedUntil = new Map<string, number>();

  constructor(options: RetryOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.deadline = this.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  }

  /** The wait before try `attempt + 1`: Retry-After when given, else full-jitter backoff. */
  delayMs(attempt: number, retryAfter?: number): number {
    if (retryAfter !== undefined) return Math.min(retryAfter, this.maxDelayMs);
    return Math.round(this.random() * Math.min(this.maxBackoffMs, this.baseDelayMs * 2 ** (attempt - 1)));
  }

  /** Whether a try that failed this way may be followed by another after `waitMs`. */
  allows(attempt: number, waitMs: number, maxAttempts = this.maxAttempts): boolean {
    return attempt < maxAttempts && this.now() + waitMs <= this.deadline;
  }

  /**
   * Hold every request to `service` until a Retry-After it was given has passed. Services throttle
   * the client, not the request (Graph's and Exchange's throttling docs; Dev Proxy's Retry-After
   * check): a request sent while another waits out its Retry-After is throttled again.
   */
  pause(service: string, ms: number): void {
    const until = this.now() + ms;
    if (until > (this.pausedUntil.get(service) ?? 0)) this.pausedUntil.set(service, until);
  }

  /** How long `service` is still paused for by a Retry-After it was given, or undefined. */
  pausedFor(service: string): number | undefined {
    const wait = (this.pausedUntil.get(service) ?? 0) - this.now();
    return wait > 0 ? wait : undefined;
  }

  /** When `service` may be asked again after the Retry-After it gave last, or undefined. */
  resumesAt(service: string): Date | undefined {
    const until = this.pausedUntil.get(service);
    return until === undefined ? undefined : new Date(until);
  }

  /** Wait until `service` is no longer paused. */
  async ready(service: string): Promise<void> {
    const wait = this.pausedFor(service);
    if (wait !== undefined) await this.sleep(wait);
  }

  /**
   * Run `operation` until it succeeds, fails definitively (rethrown as it came), or stays
   * transient past the attempts or the budget (a TransientFailure with the last cause).
   */
  async run<T>(
    operation: (attempt: number) => Promise<T>,
    classify: (error: unknown) => Attempted,
    onRetry?: (error: unknown) => void,
    maxAttempts = this.maxAttempts,
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await operation(attempt);
      } catch (error) {
        if (error instanceof TransientFailure) throw error;
        const verdict = classify(error);
        if (!verdict.transient) throw error;
        if (!(await this.backoff(attempt, verdict.retryAfterMs, () => onRetry?.(error), maxAttempts))) throw new TransientFailure(attempt, error);
      }
    }
  }

  /**
   * After try `attempt` failed transiently: wait before the next and resolve true, or resolve false
   * at once when the attempts or the budget are spent. For callers whose failures are values.
   */
  async backoff(attempt: number, retryAfter?: number, onRetry?: () => void, maxAttempts = this.maxAttempts): Promise<boolean> {
    const wait = this.delayMs(attempt, retryAfter);
    if (!this.allows(attempt, wait, maxAttempts)) return false;
    this.retries += 1;
    onRetry?.();
    await this.sleep(wait);
    return true;
  }
}
