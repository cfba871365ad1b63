/**
 * What every handler shares: the store, the token service, the clock (with the control API's
 * offset), run-time settings, pending device codes, the fault engine and the request counters.
 */
import type { Logger } from '../logging.js';
import type { TokenService } from './entra/tokens.js';
import type { FaultEngine } from './faults/engine.js';
import type { Tenant, TenantStore } from './store/store.js';

export interface RuntimeSettings {
  /** How long a new grant takes to be enforced by the protocols (fidelity 5.6); Get-* shows it at once. */
  replicationDelayMs: number;
  /** Added to every answer. */
  latencyMs: number;
  /** Shifts the emulator's clock, to test expiry without waiting. */
  clockOffsetMs: number;
  /** Polling interval the device-code endpoint tells clients (Microsoft says 5 s). */
  deviceCodeIntervalSeconds: number;
  /** SMTP submissions a mailbox may make a minute before the next are delayed (fidelity 5.5: 30). */
  smtpMessagesPerMinute: number;
  /** How long the hosted CI issuers' OIDC tokens live (ci-oidc.ts). */
  ciTokenLifetimeSeconds: number;
  /** How long an IMAP or POP connection may idle before it signs in (mail/idle.ts: Exchange's 60 s). */
  mailPreAuthTimeoutMs: number;
  /** How long a signed-in IMAP or POP connection may idle (Exchange's 30 min). */
  mailAuthTimeoutMs: number;
}

export interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly scope: string;
  readonly expiresAtMs: number;
  state: { readonly kind: 'pending' } | { readonly kind: 'approved'; readonly userId: string } | { readonly kind: 'declined' };
}

export class Counters {
  private readonly byOperation = new Map<string, { requests: number; errors: number; faults: number }>();

  count(surface: string, operation: string, status: number, fault: boolean): void {
    const key = `${surface} ${operation}`;
    let entry = this.byOperation.get(key);
    if (entry === undefined) this.byOperation.set(key, (entry = { requests: 0, errors: 0, faults: 0 }));
    entry.requests += 1;
    if (status >= 400) entry.errors += 1;
    if (fault) entry.faults += 1;
  }

  snapshot(): Record<string, { requests: number; errors: number; faults: number }> {
    return Object.fromEntries([...this.byOperation.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, { ...value }]));
  }

  reset(): void {
    this.byOperation.clear();
  }
}

export interface EmulatorContext {
  readonly store: TenantStore;
  readonly tokens: TokenService;
  readonly settings: RuntimeSettings;
  readonly deviceCodes: Map<string, DeviceCode>;
  /** Pre-authenticated report downloads (Graph's usage report), by their unguessable id. */
  readonly downloads: Map<string, { readonly csv: string; readonly expiresAtMs: number }>;
  readonly faults: FaultEngine;
  readonly counters: Counters;
  readonly log: Logger;
  /** https://127.0.0.1:<port>, the one origin of every HTTP surface. */
  readonly baseUrl: string;
  readonly adminToken: string;
  now(): Date;
}

/** The tenant a URL names by GUID or domain; `organizations`/`common` mean the one tenant there is. */
export function tenantFor(context: EmulatorContext, idOrDomain: string): Tenant | undefined {
  if (idOrDomain === 'organizations' || idOrDomain === 'common') {
    const all = context.store.tenants();
    return all.length === 1 ? all[0] : undefined;
  }
  return context.store.resolve(idOrDomain);
}
