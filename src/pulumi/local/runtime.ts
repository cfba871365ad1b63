/**
 * The program run under Pulumi's mock runtime, in this process: what `mbx apply --local` and the
 * program's tests use instead of the engine, which cannot be installed here. Each resource the
 * program registers goes to `mocks.newResource` once its inputs and dependencies are resolved, as
 * the engine would send it to its provider (secrets unwrapped, as a provider receives them); the run records every registration (type, name,
 * inputs, the URNs it depends on) and waits until the last one has settled.
 */
import * as pulumi from '@pulumi/pulumi';
import main from '../index.js';

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The inputs the provider received, once resolved. */
  inputs?: Record<string, unknown>;
  /** URNs of the resources this one waited for (dependsOn and the outputs it takes as inputs). */
  readonly dependencies: readonly string[];
  /** The resource option: forgotten, not deleted, when it leaves the program. */
  readonly retainOnDelete: boolean;
  /** The provider's answer, or why it failed. */
  outcome?: { readonly id?: string; readonly state: Record<string, unknown> } | { readonly error: string };
}

export interface ProgramRun {
  readonly registrations: readonly Registration[];
  /** The stack outputs the program returned, resolved; undefined when the program failed. */
  readonly outputs?: Record<string, unknown>;
  /** JSON pointers of the outputs that are Pulumi secrets. */
  readonly secretOutputs: readonly string[];
  /** The program's own failure (bad config, a spec error), before or while declaring resources. */
  readonly error?: string;
}

export interface RunOptions {
  /** Stack config, keys with their namespace, e.g. `mbx:spec`. */
  readonly config: Readonly<Record<string, string>>;
  readonly mocks: pulumi.runtime.Mocks;
  readonly stack?: string;
  /** Preview (as `pulumi preview`): unknown outputs stay unknown. */
  readonly preview?: boolean;
}

interface MonitorRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getCustom(): boolean;
  getRetainondelete(): boolean | undefined;
}
type Callback = (error: unknown, response: unknown) => void;

/** How a stack output that a preview cannot know yet is shown. */
export const UNKNOWN_OUTPUT = '(known after apply)';

/** Resolve every Output inside a value (the stack outputs), noting the paths of secrets. */
async function resolved(value: unknown, path: string, secrets: string[]): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as pulumi.Output<unknown> & { readonly isKnown: Promise<boolean> };
    if (await pulumi.isSecret(output)) secrets.push(path);
    // In a preview an output that waits for a resource not yet made is unknown, and apply never calls back.
    if (!(await output.isKnown)) return UNKNOWN_OUTPUT;
    return resolved(await new Promise((done) => output.apply(done)), path, secrets);
  }
  if (Array.isArray(value)) return Promise.all(value.map((item, index) => resolved(item, `${path}/${index}`, secrets)));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await resolved(item, `${path}/${key}`, secrets)])));
  return value;
}

/** A value with Pulumi's secret wrappers taken off, as a provider receives its inputs. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (object[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return plain(object.value);
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, plain(item)]));
}

const settleTime = (): Promise<void> => new Promise((done) => setTimeout(done, 20));

export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const project = 'mbx';
  const stack = options.stack ?? 'local';
  const pending = new Set<Promise<void>>();
  /** By type and name, in the order they registered. */
  const byName = new Map<string, Registration>();

  await pulumi.runtime.setMocks(
    {
      call: (args) => options.mocks.call(args),
      async newResource(args) {
        const registration = byName.get(`${args.type}::${args.name}`);
        const inputs = plain(args.inputs) as Record<string, unknown>;
        if (registration !== undefined) registration.inputs = inputs;
        try {
          const result = await options.mocks.newResource({ ...args, inputs });
          if (registration !== undefined) registration.outcome = { ...(result.id === undefined ? {} : { id: result.id }), state: result.state };
          return result;
        } catch (error) {
          if (registration !== undefined) registration.outcome = { error: error instanceof Error ? error.message : String(error) };
          throw error;
        }
      },
    },
    project,
    stack,
    options.preview ?? false,
  );
  pulumi.runtime.setAllConfig({ ...options.config });

  // Watch the monitor the mocks installed: each registration with its dependencies, and when it settles.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(request: MonitorRequest, callback: Callback): Promise<void> };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    if (!request.getCustom()) return register(request, callback);
    const registration: Registration = {
      type: request.getType(),
      name: request.getName(),
      urn: `urn:pulumi:${stack}::${project}::${request.getType()}::${request.getName()}`,
      dependencies: request.getDependenciesList(),
      retainOnDelete: request.getRetainondelete() === true,
    };
    byName.set(`${registration.type}::${registration.name}`, registration);
    const settled = new Promise<void>((done) => {
      void register(request, (error, response) => {
        callback(error, response);
        done();
      });
    });
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return settled;
  };

  let outputs: Record<string, unknown> | undefined;
  let failure: string | undefined;
  const secretOutputs: string[] = [];
  // A failed resource rejects the outputs that depend on it, which nothing else awaits: each is
  // that resource's failure, already recorded, and must not end the process.
  const unhandled = (reason: unknown): void => {
    failure ??= reason instanceof Error ? reason.message : String(reason);
  };
  process.on('unhandledRejection', unhandled);
  try {
    outputs = (await resolved(await main({ local: true }), '', secretOutputs)) as Record<string, unknown>;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  try {
    // Resources outside the outputs may still be registering: wait until nothing is pending, twice over.
    for (let quiet = 0; quiet < 2;) {
      if (pending.size > 0) {
        quiet = 0;
        await Promise.all(pending);
      } else {
        quiet += 1;
      }
      await settleTime();
    }
  } finally {
    process.off('unhandledRejection', unhandled);
  }
  return {
    registrations: [...byName.values()],
    secretOutputs,
    ...(outputs === undefined ? {} : { outputs }),
    ...(failure === undefined ? {} : { error: failure }),
  };
}
