/**
 * The control API under /_emulator/: what tests and pipelines need that Microsoft 365 has no API
 * for. Every call needs `Authorization: Bearer <MBX_EMULATOR_TOKEN>`; the token is compared in
 * constant time and never logged.
 */
import { tenantFor, type EmulatorContext } from '../context.js';
import { userByUpn } from '../directory.js';
import { findMailbox } from '../exchange/recipients.js';
import { ciView } from '../ci-oidc.js';
import { parseFaultSet } from '../faults/rules.js';
import { bearerIs, isRecord, json, readJson, route, type EmuRequest, type EmuResponse, type Handler, type Route } from '../http/types.js';
import type { StateDump } from '../store/store.js';
import { isMbxError } from '../../errors.js';

export interface ControlHooks {
  /** Empty the store and bootstrap the tenant again. */
  reset(): void;
}

function problem(status: number, code: string, message: string): EmuResponse {
  return json(status, { error: { code, message } });
}

function guarded(handle: Handler): Handler {
  return (request, context) => {
    if (!bearerIs(request, context.adminToken)) {
      return problem(401, 'Unauthorized', 'The control API needs Authorization: Bearer <MBX_EMULATOR_TOKEN>, as printed by mbx emulator.');
    }
    return handle(request, context);
  };
}

function body(request: EmuRequest): Record<string, unknown> | undefined {
  const value = readJson(request);
  return isRecord(value) ? value : undefined;
}

function settingsView(context: EmulatorContext): Record<string, number> {
  return {
    replicationDelaySeconds: context.settings.replicationDelayMs / 1000,
    latencyMs: context.settings.latencyMs,
    clockOffsetSeconds: context.settings.clockOffsetMs / 1000,
    deviceCodeIntervalSeconds: context.settings.deviceCodeIntervalSeconds,
    smtpMessagesPerMinute: context.settings.smtpMessagesPerMinute,
    ciTokenLifetimeSeconds: context.settings.ciTokenLifetimeSeconds,
    mailPreAuthTimeoutSeconds: context.settings.mailPreAuthTimeoutMs / 1000,
    mailAuthTimeoutSeconds: context.settings.mailAuthTimeoutMs / 1000,
  };
}

const SETTINGS: Readonly<Record<string, { max: number; apply: (context: EmulatorContext, value: number) => void }>> = {
  replicationDelaySeconds: { max: 3600, apply: (context, value) => (context.settings.replicationDelayMs = value * 1000) },
  latencyMs: { max: 120_000, apply: (context, value) => (context.settings.latencyMs = value) },
  clockOffsetSeconds: { max: 10 * 365 * 86_400, apply: (context, value) => (context.settings.clockOffsetMs = value * 1000) },
  deviceCodeIntervalSeconds: { max: 60, apply: (context, value) => (context.settings.deviceCodeIntervalSeconds = value) },
  ciTokenLifetimeSeconds: { max: 86_400, apply: (context, value) => (context.settings.ciTokenLifetimeSeconds = Math.max(1, Math.floor(value))) },
  mailPreAuthTimeoutSeconds: { max: 3600, apply: (context, value) => (context.settings.mailPreAuthTimeoutMs = Math.max(100, value * 1000)) },
  mailAuthTimeoutSeconds: { max: 86_400, apply: (context, value) => (context.settings.mailAuthTimeoutMs = Math.max(100, value * 1000)) },
  smtpMessagesPerMinute: { max: 1_000_000, apply: (context, value) => (context.settings.smtpMessagesPerMinute = Math.max(1, Math.floor(value))) },
};

function putSettings(request: EmuRequest, context: EmulatorContext): EmuResponse {
  const input = body(request);
  if (input === undefined) return problem(400, 'BadRequest', 'Send a JSON object, e.g. {"replicationDelaySeconds": 60}.');
  for (const [key, value] of Object.entries(input)) {
    const setting = SETTINGS[key];
    if (setting === undefined) return problem(400, 'BadRequest', `Unknown setting '${key}'. Known: ${Object.keys(SETTINGS).join(', ')}.`);
    const limit = key === 'clockOffsetSeconds' ? -setting.max : 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < limit || value > setting.max) {
      return problem(400, 'BadRequest', `'${key}' must be a number from ${limit} to ${setting.max}.`);
    }
  }
  for (const [key, value] of Object.entries(input)) SETTINGS[key]?.apply(context, value as number);
  return json(200, settingsView(context));
}

function putFaults(request: EmuRequest, context: EmulatorContext): EmuResponse {
  try {
    const set = parseFaultSet(readJson(request), 'PUT /_emulator/faults');
    context.faults.load(set);
    if (set.replicationDelaySeconds !== undefined) context.settings.replicationDelayMs = set.replicationDelaySeconds * 1000;
    return json(200, set);
  } catch (error) {
    if (isMbxError(error)) return problem(400, error.code, error.message);
    throw error;
  }
}

function putState(request: EmuRequest, context: EmulatorContext): EmuResponse {
  const dump = readJson(request);
  if (!isRecord(dump) || dump.version !== 1 || !Array.isArray(dump.tenants)) {
    return problem(400, 'BadRequest', 'Send a state export as GET /_emulator/state returns it ({"version":1,"tenants":[...]}).');
  }
  context.store.load(dump as unknown as StateDump);
  return json(200, { tenants: context.store.tenants().map((tenant) => tenant.info.id) });
}

function deviceCode(decision: 'approve' | 'decline'): Handler {
  return (request, context) => {
    const input = body(request);
    const userCode = input?.userCode;
    const code = [...context.deviceCodes.values()].find((candidate) => candidate.userCode === userCode);
    if (code === undefined) return problem(404, 'NotFound', `No pending device code '${String(userCode)}'. Start the sign-in first; codes last 15 minutes.`);
    if (decision === 'decline') {
      code.state = { kind: 'declined' };
      return json(200, { userCode: code.userCode, state: 'declined' });
    }
    const tenant = tenantFor(context, code.tenantId);
    const upn = input?.user;
    const user = tenant !== undefined && typeof upn === 'string' ? userByUpn(tenant, upn) : undefined;
    if (user === undefined) return problem(400, 'BadRequest', `Approve as a user of the tenant: {"userCode":"${code.userCode}","user":"<userPrincipalName>"}.`);
    code.state = { kind: 'approved', userId: user.id };
    return json(200, { userCode: code.userCode, state: 'approved', user: user.userPrincipalName });
  };
}

/** Mail that left the tenant (to addresses no tenant recipient holds), oldest first, across tenants. */
function outbound(request: EmuRequest, context: EmulatorContext): EmuResponse {
  const to = request.url.searchParams.get('to')?.toLowerCase();
  const messages = context.store
    .tenants()
    .flatMap((tenant) => tenant.collection('outbound').list())
    .filter((message) => to === undefined || message.recipients.some((recipient) => recipient.toLowerCase() === to))
    .map(({ raw, ...message }) => ({ ...message, size: raw.length, raw: Buffer.from(raw, 'latin1').toString('base64') }));
  return json(200, { value: messages });
}

function clearOutbound(_request: EmuRequest, context: EmulatorContext): EmuResponse {
  for (const tenant of context.store.tenants()) {
    for (const message of tenant.collection('outbound').list()) tenant.collection('outbound').delete(message.id);
  }
  return { status: 204 };
}

/**
 * A test facility: give a mailbox a stored size (and item count) without storing the bytes, so
 * 49 GB mailboxes and the quota limits can be tried. Messages stored later add to it.
 */
function putMailboxSize(request: EmuRequest, context: EmulatorContext): EmuResponse {
  const identity = decodeURIComponent(request.params.identity ?? '');
  const input = body(request);
  const bytes = input?.bytes;
  const items = input?.items;
  const valid = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (!valid(bytes) || (items !== undefined && !valid(items)))
    return problem(400, 'BadRequest', 'The body must be {"bytes": <whole number of bytes, 0 or more>, "items": <optional whole number>}.');
  for (const tenant of context.store.tenants()) {
    const mailbox = findMailbox(tenant, identity);
    if (mailbox === undefined) continue;
    const updated = { ...mailbox, totalItemSize: bytes as number, itemCount: (items as number | undefined) ?? mailbox.itemCount };
    tenant.collection('mailboxes').put(updated);
    return json(200, { mailbox: identity, bytes: updated.totalItemSize, items: updated.itemCount });
  }
  return problem(404, 'NotFound', `No mailbox '${identity}' in any tenant of this emulator.`);
}

export function controlRoutes(hooks: ControlHooks): Route[] {
  const control = (method: string, path: string, operation: string, handle: Handler): Route =>
    route('control', method, new RegExp(`^/_emulator/${path}$`), operation, guarded(handle));
  return [
    control('GET', 'health', 'health', (_request, context) =>
      json(200, { status: 'ok', tenants: context.store.tenants().map((tenant) => tenant.info.initialDomain) }),
    ),
    control('GET', 'state', 'state.export', (_request, context) => json(200, context.store.dump())),
    control('PUT', 'state', 'state.import', putState),
    control('POST', 'reset', 'reset', () => {
      hooks.reset();
      return { status: 204 };
    }),
    control('GET', 'settings', 'settings.get', (_request, context) => json(200, settingsView(context))),
    control('PUT', 'settings', 'settings.put', putSettings),
    // The hosted CI issuers' request URLs and tokens (ci-oidc.ts), to stand in for GitHub Actions or Azure Pipelines.
    control('GET', 'ci', 'ci.get', (_request, context) => json(200, ciView(context))),
    control('GET', 'faults', 'faults.get', (_request, context) => json(200, context.faults.current())),
    control('PUT', 'faults', 'faults.put', putFaults),
    // The process's memory in MB, for benchmarks that drive the emulator from outside.
    control('GET', 'memory', 'memory.get', () => {
      const usage = process.memoryUsage();
      const mb = (bytes: number): number => Math.round(bytes / 1_048_576);
      return json(200, { residentMB: mb(usage.rss), heapUsedMB: mb(usage.heapUsed), heapTotalMB: mb(usage.heapTotal), externalMB: mb(usage.external) });
    }),
    control('GET', 'counters', 'counters.get', (_request, context) =>
      json(200, { operations: context.counters.snapshot(), earlyRetries: context.faults.earlyRetries }),
    ),
    control('DELETE', 'counters', 'counters.reset', (_request, context) => {
      context.counters.reset();
      context.faults.earlyRetries = 0;
      return { status: 204 };
    }),
    control('PUT', 'mailboxes/(?<identity>[^/]+)/size', 'mailbox.size.put', putMailboxSize),
    control('GET', 'outbound', 'outbound.list', outbound),
    control('DELETE', 'outbound', 'outbound.clear', clearOutbound),
    control('POST', 'device-codes/approve', 'device-code.approve', deviceCode('approve')),
    control('POST', 'device-codes/decline', 'device-code.decline', deviceCode('decline')),
  ];
}
