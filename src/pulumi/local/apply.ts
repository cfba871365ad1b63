/**
 * `mbx apply --local`: the Pulumi program run under Pulumi's mock runtime against the emulator,
 * because the Pulumi CLI cannot be installed on the build machines (docs/architecture.md, "Provisioning").
 * Each Exchange object goes to its dynamic provider as Pulumi serialized it (the `__provider` text,
 * loaded the way the engine's provider host loads it); each azuread resource goes to the
 * emulator's Graph (entra.ts). This is the local path only; real tenants use `pulumi up`.
 *
 * Like `pulumi up`, it plans first and keeps state (issue 20): the program runs once as a preview,
 * touching nothing, and its resources are compared with the state file of the last apply to this
 * tenant: create, update (the inputs changed), unchanged, and, for what the spec no longer
 * declares, delete or release (a shared mailbox and everything on it is released, kept with its
 * mail, unless the spec said onDelete: remove). `dryRun` stops at the plan. Applying then creates
 * what is new, updates what changed through the provider's update (a licence moves to a new SKU
 * before the old one goes), converges what is unchanged through create (which adopts, so a drift
 * is put right and a stale state does no harm), and deletes what went, dependents first.
 */
import { createRequire } from 'node:module';
import type * as pulumi from '@pulumi/pulumi';
import { adminClients } from '../providers/admin.js';
import { isExchangeType } from '../providers/provider.js';
import { createEntra, deleteEntra, isEntraType } from './entra.js';
import { runProgram, type ProgramRun, type Registration } from './runtime.js';

type Props = Record<string, unknown>;

interface HostProvider {
  check(olds: unknown, news: Props): Promise<{ inputs: Props; failures?: { property: string; reason: string }[] }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/** Pulumi's own copy of require-from-string, which its dynamic-provider host loads providers with. */
const requireFromString = createRequire(import.meta.resolve('@pulumi/pulumi'))('require-from-string') as (code: string) => { handler(): HostProvider };
const hostProvider = (inputs: Props): HostProvider => requireFromString(String(inputs.__provider)).handler();

/** One resource as the last apply left it. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Props;
  readonly outputs: Props;
  readonly retainOnDelete: boolean;
}

/** The state file of `mbx apply --local`: what it applied to one tenant, in the order it applied it. */
export interface LocalState {
  readonly version: 1;
  readonly tenant: string;
  /**
   * Each serialized dynamic provider once (a few KB of code, the same for every object of a kind);
   * a resource's `__provider` input names its entry as `@provider:<index>`.
   */
  readonly providers?: readonly string[];
  readonly resources: readonly StateResource[];
}

const PROVIDER_REFERENCE = /^@provider:(\d+)$/;

/** The state as written: each provider's code once, referred to by the resources. */
function packState(state: LocalState): LocalState {
  const providers: string[] = [];
  const index = new Map<string, number>();
  const resources = state.resources.map((resource) => {
    const code = resource.inputs.__provider;
    if (typeof code !== 'string') return resource;
    let at = index.get(code);
    if (at === undefined) index.set(code, (at = providers.push(code) - 1));
    return { ...resource, inputs: { ...resource.inputs, __provider: `@provider:${at}` } };
  });
  return { ...state, providers, resources };
}

/** The state as read: each resource's provider code back in its inputs. */
function unpackState(state: LocalState): LocalState {
  const providers = state.providers ?? [];
  const resources = state.resources.map((resource) => {
    const reference = PROVIDER_REFERENCE.exec(String(resource.inputs.__provider ?? ''));
    const code = reference === null ? undefined : providers[Number(reference[1])];
    return code === undefined ? resource : { ...resource, inputs: { ...resource.inputs, __provider: code } };
  });
  return { version: 1, tenant: state.tenant, resources };
}

export type PlanStep = 'create' | 'update' | 'same' | 'delete' | 'release';

export interface PlanEntry {
  readonly step: PlanStep;
  readonly urn: string;
  readonly kind: string;
  readonly name: string;
  /** The inputs that differ, for an update. */
  readonly changed?: readonly string[];
}

export interface LocalApplyOptions {
  /** The spec file. */
  readonly spec: string;
  /** The app's certificate, PEM (public part), for a spec whose app uses a certificate. */
  readonly appCertificate?: string;
  /** For a spec whose app uses a secret: the day its lifetime counts from, YYYY-MM-DD. */
  readonly secretStartDate?: string;
  /** What the last apply to this tenant left; none for a first apply. */
  readonly state?: LocalState;
  /** The tenant the state is for. */
  readonly tenant: string;
  /** Plan only. */
  readonly dryRun?: boolean;
}

export interface AppliedResource {
  /** The Exchange object's kind, or the azuread type's short name. */
  readonly kind: string;
  readonly name: string;
  readonly step: PlanStep;
  readonly error?: string;
}

export interface LocalApplyResult {
  readonly ok: boolean;
  readonly plan: readonly PlanEntry[];
  /** What was applied; empty for a dry run. */
  readonly resources: readonly AppliedResource[];
  /** Stack outputs, with every Pulumi secret among them replaced by "[secret]". */
  readonly outputs: Record<string, unknown>;
  /** The state to keep for the next apply; undefined for a dry run. */
  readonly state?: LocalState;
  /** The program's own failure, before any resource (config, spec). */
  readonly error?: string;
}

/** Output keys that record what a create found (whether mbx made the object, what it replaced): kept from the first create. */
const FIRST_CREATE_KEYS = ['adopted', 'previous'];
/** Outputs never written to the state file: a secret's value. */
const SECRET_OUTPUTS: Readonly<Record<string, readonly string[]>> = { 'azuread:index/applicationPassword:ApplicationPassword': ['value'] };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const comparable = (inputs: Props): Props => Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== '__provider'));
const changedKeys = (olds: Props, news: Props): string[] =>
  [...new Set([...Object.keys(comparable(olds)), ...Object.keys(comparable(news))])].filter((key) => !same(olds[key], news[key])).sort();
const kindOf = (type: string, inputs: Props | undefined): string =>
  isExchangeType(type) ? String(inputs?.kind ?? 'exchange') : (type.split(':').pop() ?? type);

/** Create, update or converge one resource, given what the state knows of it. */
async function apply(args: pulumi.runtime.MockResourceArgs, old: StateResource | undefined, env: NodeJS.ProcessEnv): Promise<{ id: string; state: Props }> {
  const inputs = args.inputs as Props;
  if (isEntraType(args.type)) {
    // A secret the state holds, unchanged, stays the app's secret: adding one on every run would pile them up.
    if (old !== undefined && args.type in SECRET_OUTPUTS && changedKeys(old.inputs, inputs).length === 0) return { id: old.id, state: old.outputs };
    return createEntra(adminClients(env).graph, args.type, inputs);
  }
  if (!isExchangeType(args.type)) throw new Error(`mbx apply --local does not apply ${args.type}.`);
  const provider = hostProvider(inputs);
  const checked = await provider.check(old?.inputs, inputs);
  const failures = checked.failures ?? [];
  if (failures.length > 0) throw new Error(failures.map((failure) => `${failure.property}: ${failure.reason}`).join('; '));
  if (old !== undefined && changedKeys(old.inputs, checked.inputs).length > 0) {
    // Changed: the provider's update, where the object is still there (read says so).
    const found = await provider.read(old.id, old.outputs);
    if (found.id !== '') {
      const { outs } = await provider.update(old.id, old.outputs, checked.inputs);
      return { id: old.id, state: { ...checked.inputs, ...outs } };
    }
  }
  const { id, outs } = await provider.create(checked.inputs);
  const kept = old === undefined ? {} : Object.fromEntries(FIRST_CREATE_KEYS.filter((key) => key in old.outputs).map((key) => [key, old.outputs[key]]));
  return { id, state: { ...checked.inputs, ...outs, ...kept } };
}

/** Delete (or forget) a resource the spec no longer declares. */
async function remove(resource: StateResource, env: NodeJS.ProcessEnv): Promise<void> {
  if (resource.retainOnDelete) return;
  if (isExchangeType(resource.type)) await hostProvider(resource.inputs).delete(resource.id, resource.outputs);
  else if (isEntraType(resource.type)) await deleteEntra(adminClients(env).graph, resource.type, resource.id, resource.inputs);
}

function redactSecrets(outputs: Record<string, unknown>, pointers: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(outputs);
  for (const pointer of pointers) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop();
    const parent = keys.reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, copy);
    if (parent !== undefined && last !== undefined) parent[last] = '[secret]';
  }
  return copy;
}

/** The program's resources against the state: each one's step, then what went (dependents first). */
function planOf(run: ProgramRun, state: LocalState | undefined): PlanEntry[] {
  const known = new Map((state?.resources ?? []).map((resource) => [resource.urn, resource]));
  const declared = new Set(run.registrations.map((registration) => registration.urn));
  const entries: PlanEntry[] = run.registrations.map((registration) => {
    const old = known.get(registration.urn);
    const base = { urn: registration.urn, kind: kindOf(registration.type, registration.inputs), name: registration.name };
    if (old === undefined) return { ...base, step: 'create' };
    const changed = changedKeys(old.inputs, registration.inputs ?? {});
    return changed.length === 0 ? { ...base, step: 'same' } : { ...base, step: 'update', changed };
  });
  for (const resource of [...(state?.resources ?? [])].reverse()) {
    if (declared.has(resource.urn)) continue;
    entries.push({
      urn: resource.urn,
      kind: kindOf(resource.type, resource.inputs),
      name: resource.name,
      step: resource.retainOnDelete ? 'release' : 'delete',
    });
  }
  return entries;
}

const stateOf = (registration: Registration, id: string, outputs: Props): StateResource => {
  const secret = SECRET_OUTPUTS[registration.type] ?? [];
  return {
    urn: registration.urn,
    type: registration.type,
    name: registration.name,
    id,
    inputs: registration.inputs ?? {},
    // The provider's code is the inputs' (kept once in the file); a secret is never written.
    outputs: Object.fromEntries(Object.entries(outputs).filter(([key]) => key !== '__provider' && !secret.includes(key))),
    retainOnDelete: registration.retainOnDelete,
  };
};

/**
 * Plan, then (unless a dry run) apply the spec to the tenant the environment names (the emulator's
 * AZURE_* and MBX_* variables): the Exchange providers and the Graph calls both read their
 * connection from `process.env`, as the engine's provider host does.
 */
export async function applyLocal(options: LocalApplyOptions): Promise<LocalApplyResult> {
  const config: Record<string, string> = { 'mbx:spec': options.spec, 'mbx:emulator': 'true' };
  if (options.appCertificate !== undefined) config['mbx:appCertificate'] = options.appCertificate;
  if (options.secretStartDate !== undefined) config['mbx:secretStartDate'] = options.secretStartDate;
  const state = options.state?.tenant === options.tenant ? unpackState(options.state) : undefined;
  const known = new Map((state?.resources ?? []).map((resource) => [resource.urn, resource]));
  const call = (args: pulumi.runtime.MockCallArgs): Promise<Record<string, unknown>> =>
    Promise.reject(new Error(`mbx apply --local does not answer ${args.token}.`));

  // The plan: the program as a preview, each resource answered from the state, nothing touched.
  const preview = await runProgram({
    config,
    preview: true,
    mocks: {
      newResource: async (args) => {
        const old = known.get(`urn:pulumi:local::mbx::${args.type}::${args.name}`);
        return { id: old?.id ?? `${args.name}-planned`, state: { ...old?.outputs, ...(args.inputs as Props) } };
      },
      call,
    },
  });
  if (preview.error !== undefined && preview.registrations.length === 0) return { ok: false, plan: [], resources: [], outputs: {}, error: preview.error };
  const plan = planOf(preview, state);
  if (options.dryRun === true)
    return { ok: preview.error === undefined, plan, resources: [], outputs: {}, ...(preview.error === undefined ? {} : { error: preview.error }) };

  const run = await runProgram({
    config,
    mocks: { newResource: (args) => apply(args, known.get(`urn:pulumi:local::mbx::${args.type}::${args.name}`), process.env), call },
  });
  const steps = new Map(plan.map((entry) => [entry.urn, entry.step]));
  const resources: AppliedResource[] = [];
  const kept: StateResource[] = [];
  for (const registration of run.registrations) {
    const outcome = registration.outcome;
    const base = { kind: kindOf(registration.type, registration.inputs), name: registration.name, step: steps.get(registration.urn) ?? 'create' };
    if (outcome !== undefined && 'state' in outcome) {
      resources.push(base);
      kept.push(stateOf(registration, String(outcome.id ?? ''), outcome.state));
    } else {
      resources.push({ ...base, error: outcome === undefined ? 'not applied: a resource it depends on failed' : outcome.error });
      const old = known.get(registration.urn);
      if (old !== undefined) kept.push(old);
    }
  }
  // What went, dependents first; one that fails to go stays in the state, to try again.
  if (run.error === undefined || run.registrations.length > 0) {
    for (const entry of plan.filter((candidate) => candidate.step === 'delete' || candidate.step === 'release')) {
      const old = known.get(entry.urn) as StateResource;
      try {
        await remove(old, process.env);
        resources.push({ kind: entry.kind, name: entry.name, step: entry.step });
      } catch (error) {
        resources.push({ kind: entry.kind, name: entry.name, step: entry.step, error: error instanceof Error ? error.message : String(error) });
        kept.push(old);
      }
    }
  }
  return {
    ok: run.error === undefined && resources.every((resource) => resource.error === undefined),
    plan,
    resources,
    outputs: redactSecrets(run.outputs ?? {}, run.secretOutputs),
    state: packState({ version: 1, tenant: options.tenant, resources: kept }),
    ...(run.error === undefined ? {} : { error: run.error }),
  };
}
