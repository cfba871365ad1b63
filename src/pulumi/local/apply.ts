/**
 * `mbx apply --local`: the Pulumi program run under Pulumi's mock runtime against the emulator,
 * because the Pulumi CLI cannot be installed on the build machines (DESIGN.md, "Provisioning").
 * Each Exchange object goes to its dynamic provider as Pulumi serialized it (the `__provider` text,
 * loaded the way the engine's provider host loads it, then check and create); each azuread
 * resource goes to the emulator's Graph (entra.ts). There is no state file: every create adopts
 * what exists, so a second run, or a run after one that stopped halfway, converges without
 * duplicates. This is the local path only; real tenants use `pulumi up`.
 */
import { createRequire } from 'node:module';
import type * as pulumi from '@pulumi/pulumi';
import { adminClients } from '../providers/admin.js';
import { isExchangeType } from '../providers/provider.js';
import { createEntra, isEntraType } from './entra.js';
import { runProgram, type ProgramRun } from './runtime.js';

interface HostProvider {
  check(olds: unknown, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures?: { property: string; reason: string }[] }>;
  create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
}

/** Pulumi's own copy of require-from-string, which its dynamic-provider host loads providers with. */
const requireFromString = createRequire(import.meta.resolve('@pulumi/pulumi'))('require-from-string') as (code: string) => { handler(): HostProvider };

export interface LocalApplyOptions {
  /** The spec file. */
  readonly spec: string;
  /** The app's certificate, PEM (public part), for a spec whose app uses a certificate. */
  readonly appCertificate?: string;
  /** For a spec whose app uses a secret: the day its lifetime counts from, YYYY-MM-DD. */
  readonly secretStartDate?: string;
}

export interface AppliedResource {
  /** The Exchange object's kind, or the azuread type's short name. */
  readonly kind: string;
  readonly name: string;
  readonly error?: string;
}

export interface LocalApplyResult {
  readonly ok: boolean;
  readonly resources: readonly AppliedResource[];
  /** Stack outputs, with every Pulumi secret among them replaced by "[secret]". */
  readonly outputs: Record<string, unknown>;
  /** The program's own failure, before any resource (config, spec). */
  readonly error?: string;
}

/** Hand a resource to what creates it: its serialized provider, or the emulator's Graph. */
async function create(args: pulumi.runtime.MockResourceArgs, env: NodeJS.ProcessEnv): Promise<pulumi.runtime.MockResourceResult> {
  const inputs = args.inputs as Record<string, unknown>;
  if (isExchangeType(args.type)) {
    const provider = requireFromString(String(inputs.__provider)).handler();
    const checked = await provider.check(undefined, inputs);
    const failures = checked.failures ?? [];
    if (failures.length > 0) throw new Error(failures.map((failure) => `${failure.property}: ${failure.reason}`).join('; '));
    const { id, outs } = await provider.create(checked.inputs);
    return { id, state: { ...checked.inputs, ...outs } };
  }
  if (isEntraType(args.type)) return createEntra(adminClients(env).graph, args.type, inputs);
  throw new Error(`mbx apply --local does not apply ${args.type}.`);
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

const describe = (run: ProgramRun): AppliedResource[] =>
  run.registrations.map((registration) => {
    const kind = isExchangeType(registration.type)
      ? String(registration.inputs?.kind ?? 'exchange')
      : (registration.type.split(':').pop() ?? registration.type);
    const outcome = registration.outcome;
    return {
      kind,
      name: registration.name,
      ...(outcome !== undefined && 'error' in outcome
        ? { error: outcome.error }
        : outcome === undefined
          ? { error: 'not applied: a resource it depends on failed' }
          : {}),
    };
  });

/**
 * Apply the spec to the tenant the environment names (the emulator's AZURE_* and MBX_* variables):
 * the Exchange providers and the Graph calls both read their connection from `process.env`, as
 * the engine's provider host does.
 */
export async function applyLocal(options: LocalApplyOptions): Promise<LocalApplyResult> {
  const config: Record<string, string> = { 'mbx:spec': options.spec, 'mbx:emulator': 'true' };
  if (options.appCertificate !== undefined) config['mbx:appCertificate'] = options.appCertificate;
  if (options.secretStartDate !== undefined) config['mbx:secretStartDate'] = options.secretStartDate;
  const run = await runProgram({
    config,
    mocks: { newResource: (args) => create(args, process.env), call: (args) => Promise.reject(new Error(`mbx apply --local does not answer ${args.token}.`)) },
  });
  const resources = describe(run);
  return {
    ok: run.error === undefined && resources.every((resource) => resource.error === undefined),
    resources,
    outputs: redactSecrets(run.outputs ?? {}, run.secretOutputs),
    ...(run.error === undefined ? {} : { error: run.error }),
  };
}
