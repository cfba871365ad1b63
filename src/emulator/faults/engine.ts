/**
 * The fault layer: decides, before a handler runs, whether a request is delayed, answered with an
 * error, throttled for concurrency or dropped, by the first rule that matches and fires. Random
 * draws come from one seeded generator, so a run repeats. It also polices the client (Dev Proxy's
 * RetryAfterPlugin): a client that calls again before its Retry-After has passed is counted,
 * logged, and throttled again.
 */
import type { Logger } from '../../logging.js';
import type { FaultRule, FaultSet, FaultSurface } from './rules.js';

export interface FaultTarget {
  readonly surface: Exclude<FaultSurface, '*'>;
  readonly operation: string;
  /** Client id from the bearer token, when there is one. */
  readonly appId: string | undefined;
  /** Who is calling, for Retry-After policing: the token's app and principal, a token request's client_id, a mail session's principal or connection; never the remote address. */
  readonly client: string;
}

export type FaultDecision =
  | { readonly kind: 'pass'; readonly latencyMs: number; readonly release: () => void }
  | {
      readonly kind: 'answer';
      readonly latencyMs: number;
      readonly status: number;
      readonly body: unknown;
      readonly retryAfterSeconds: number | undefined;
      readonly rule: string;
    }
  | { readonly kind: 'drop'; readonly latencyMs: number; readonly rule: string };

/** mulberry32: small, fast, and good enough to pick which requests fail. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function globMatches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '*') return true;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(value);
}

export class FaultEngine {
  private set: FaultSet = { rules: [] };
  private random: () => number = seeded(1);
  private readonly fired = new Map<FaultRule, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly retryNotBefore = new Map<string, number>();
  /** Requests sent before the Retry-After they were given had passed. */
  earlyRetries = 0;

  constructor(private readonly log: Logger) {}

  load(set: FaultSet): void {
    this.set = set;
    this.random = seeded(set.seed ?? 1);
    this.fired.clear();
  }

  current(): FaultSet {
    return this.set;
  }

  decide(target: FaultTarget, baseLatencyMs: number, nowMs: number): FaultDecision {
    const retryKey = `${target.client}|${target.surface}`;
    const notBefore = this.retryNotBefore.get(retryKey);
    if (notBefore !== undefined) {
      if (nowMs < notBefore) {
        this.earlyRetries += 1;
        const waitSeconds = Math.ceil((notBefore - nowMs) / 1000);
        this.log.warn(
          { client: target.client, surface: target.surface, operation: target.operation, waitSeconds },
          'client retried before Retry-After had passed',
        );
        return { kind: 'answer', latencyMs: baseLatencyMs, status: 429, body: undefined, retryAfterSeconds: waitSeconds, rule: 'retry-after-policing' };
      }
      this.retryNotBefore.delete(retryKey);
    }

    for (const rule of this.set.rules) {
      if (!this.matches(rule, target)) continue;
      const latencyMs = baseLatencyMs + (rule.latencyMs ?? 0);
      if (rule.concurrency !== undefined) {
        const key = `${rule.id ?? this.set.rules.indexOf(rule)}|${target.appId ?? target.client}`;
        const busy = this.inFlight.get(key) ?? 0;
        if (busy < rule.concurrency) {
          this.inFlight.set(key, busy + 1);
          return { kind: 'pass', latencyMs, release: () => this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1) };
        }
        this.count(rule);
        return { kind: 'answer', latencyMs, status: 429, body: rule.body, retryAfterSeconds: rule.retryAfterSeconds ?? 1, rule: this.name(rule) };
      }
      if (!this.fires(rule)) continue;
      this.count(rule);
      if (rule.drop === true) return { kind: 'drop', latencyMs, rule: this.name(rule) };
      if (rule.status !== undefined || rule.retryAfterSeconds !== undefined) {
        return {
          kind: 'answer',
          latencyMs,
          status: rule.status ?? 429,
          body: rule.body,
          retryAfterSeconds: rule.retryAfterSeconds,
          rule: this.name(rule),
        };
      }
      return { kind: 'pass', latencyMs, release: () => {} };
    }
    return { kind: 'pass', latencyMs: baseLatencyMs, release: () => {} };
  }

  /** Remember a Retry-After the client was given, to police its next call. */
  noteRetryAfter(target: FaultTarget, seconds: number, nowMs: number): void {
    this.retryNotBefore.set(`${target.client}|${target.surface}`, nowMs + seconds * 1000);
  }

  private matches(rule: FaultRule, target: FaultTarget): boolean {
    if (rule.surface !== '*' && rule.surface !== target.surface) return false;
    if (rule.appId !== undefined && rule.appId !== target.appId) return false;
    if (rule.times !== undefined && (this.fired.get(rule) ?? 0) >= rule.times) return false;
    return globMatches(rule.operation, target.operation);
  }

  private fires(rule: FaultRule): boolean {
    const probability = rule.probability ?? 1;
    return probability >= 1 || this.random() < probability;
  }

  private count(rule: FaultRule): void {
    this.fired.set(rule, (this.fired.get(rule) ?? 0) + 1);
  }

  private name(rule: FaultRule): string {
    return rule.id ?? `rule ${this.set.rules.indexOf(rule) + 1}`;
  }
}
