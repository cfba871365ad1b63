/**
 * The frame every Exchange Online dynamic provider shares (docs/architecture.md, "Provisioning"). Pulumi
 * serializes a dynamic provider's methods into the deployment and runs them in its own Node
 * process, so the methods here are small closures over one string: the URL of the module that
 * implements the object. Each method imports that module when the engine calls it and builds its
 * admin clients from the environment there (credentials are never inputs, so they never reach the
 * state). Every resource carries its `kind` as an input (policies see it at preview) and an output,
 * and takes a `version` input, so a new mbx release that changes a provider's behaviour shows up
 * as a diff.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** What an Exchange object's module implements; inputs and outputs are plain JSON. */
export interface Operations<I extends object, O extends object> {
  /** Validate the inputs; each failure names the property and what to do. */
  check(news: I): CheckFailure[];
  /** Inputs whose change cannot be applied in place: a change to any of them replaces the object. */
  readonly replaceOn: readonly (keyof I & string)[];
  /** Create, or adopt one that already exists, and converge it to the inputs. Idempotent. */
  create(inputs: I, env: NodeJS.ProcessEnv): Promise<{ id: string; outs: O }>;
  /** What the tenant holds now, as outputs; undefined when the object is gone. */
  read(id: string, outs: O, env: NodeJS.ProcessEnv): Promise<O | undefined>;
  /** Converge an existing object to the inputs. Idempotent. */
  update(id: string, olds: O, news: I, env: NodeJS.ProcessEnv): Promise<O>;
  /** Remove the object (or release it, where removing would lose mail). Gone already is done. */
  delete(id: string, outs: O, env: NodeJS.ProcessEnv): Promise<void>;
}

type Props = Record<string, unknown>;

const inputsOf = (props: Props): Props => Object.fromEntries(Object.entries(props).filter(([key]) => key !== 'kind' && key !== '__provider'));

/** The input keys whose values differ, compared as JSON (outputs the tenant adds are not compared). */
export function changedInputs(olds: Props, news: Props): string[] {
  return Object.keys(inputsOf(news))
    .filter((key) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null))
    .sort();
}

/**
 * A dynamic provider for the object implemented by the module at `moduleUrl` (its `operations`
 * export), with `kind` added to the outputs. Only `moduleUrl` and `kind` are captured, as strings.
 */
export function dynamicProvider(moduleUrl: string, kind: string): pulumi.dynamic.ResourceProvider {
  const load = async (): Promise<Operations<Props, Props>> => ((await import(moduleUrl)) as { operations: Operations<Props, Props> }).operations;
  return {
    async check(_olds: Props, news: Props) {
      const failures = (await load()).check(inputsOf(news));
      return { inputs: news, failures: failures.map((failure) => ({ property: failure.property, reason: failure.reason })) };
    },
    async diff(_id: string, olds: Props, news: Props) {
      const changed = changedInputs(olds, news);
      const replaceOn: readonly string[] = (await load()).replaceOn;
      const replaces = changed.filter((key) => replaceOn.includes(key));
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },
    async create(inputs: Props) {
      const { id, outs } = await (await load()).create(inputsOf(inputs), process.env);
      return { id, outs: { ...outs, kind } };
    },
    async read(id: string, props: Props) {
      const outs = await (await load()).read(id, inputsOf(props), process.env);
      return outs === undefined ? { id: '', props: {} } : { id, props: { ...outs, kind } };
    },
    async update(id: string, olds: Props, news: Props) {
      return { outs: { ...(await (await load()).update(id, inputsOf(olds), inputsOf(news), process.env)), kind } };
    },
    async delete(id: string, props: Props) {
      await (await load()).delete(id, inputsOf(props), process.env);
    },
  };
}

/**
 * The module the engine's provider host can load: the built JavaScript. `pulumi up` runs the
 * program from its TypeScript source (ts-node), but the host that runs a serialized provider has
 * no TypeScript loader, so a source module maps to its counterpart in dist/ (npm ci builds it).
 */
export function runnableModule(moduleUrl: string): string {
  if (!moduleUrl.endsWith('.ts')) return moduleUrl;
  const built = moduleUrl.replace(/\/src\/([^]*)\.ts$/, '/dist/src/$1.js');
  if (built === moduleUrl || !existsSync(fileURLToPath(built)))
    throw new Error(`${fileURLToPath(moduleUrl)} has no built counterpart in dist/; run npm run build, then run Pulumi again.`);
  return built;
}

const EXCHANGE_TYPE_PREFIX = 'pulumi-nodejs:dynamic/mbx:';

/**
 * The resource type of an Exchange object, such as `pulumi-nodejs:dynamic/mbx:SharedMailbox`: one
 * per kind, so that the CASMailbox and the shared mailbox of one address have different URNs (all
 * dynamic resources would otherwise share `pulumi-nodejs:dynamic:Resource`, and Pulumi refuses
 * two resources with one URN), and `pulumi preview` says which object each is.
 */
export function exchangeType(kind: string): string {
  return `${EXCHANGE_TYPE_PREFIX}${kind.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}`;
}

export const isExchangeType = (type: string): boolean => type.startsWith(EXCHANGE_TYPE_PREFIX);

/** What every Exchange object's resource class is: its provider, its kind, and its outputs declared. */
export abstract class ExchangeResource extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<string>;

  /**
   * @param moduleUrl the implementing module (its `operations` export)
   * @param outputs names of the outputs the provider adds to the inputs, declared so they can be read
   */
  protected constructor(moduleUrl: string, kind: string, name: string, args: object, outputs: readonly string[], options?: pulumi.CustomResourceOptions) {
    super(
      dynamicProvider(runnableModule(moduleUrl), kind),
      name,
      { ...args, ...Object.fromEntries(outputs.map((output) => [output, undefined])), kind },
      options,
      'mbx',
      exchangeType(kind).slice(EXCHANGE_TYPE_PREFIX.length),
    );
  }
}
