/**
 * A small Pulumi engine for tests (issue 20): what `pulumi preview`, `up`, `refresh` and `destroy`
 * do with the program and the providers, over Pulumi's own gRPC protocol, where the CLI cannot be
 * installed. It serves the ResourceMonitor and Engine services (the proto definitions ship with
 * @pulumi/pulumi), runs the program through the SDK's language-host entry (`cmd/run`, which
 * `pulumi-language-nodejs` starts), and serves each dynamic resource through the SDK's
 * dynamic-provider plugin (`cmd/dynamic-provider`), calling Configure, Check, Diff, Create, Read,
 * Update and Delete as the engine does. The @pulumi/azuread resources, whose provider is a Go
 * binary, are applied to the emulator's Graph by src/pulumi/local/entra.ts, as `mbx apply --local`
 * does. State is kept in memory between operations, as a stack's checkpoint.
 *
 * What it answers as the engine does: URNs (and a refusal of a duplicate), unknown outputs during
 * a preview, Check before Diff before Create/Update, deletes of what the program no longer
 * declares in reverse order, retainOnDelete and protect, secrets (the monitor supports them; a
 * dynamic provider, which does not accept secrets, receives them unwrapped). What it leaves out:
 * output values and resource references (the SDK is told they are unsupported and sends plain
 * values), aliases, import, transforms, parallelism limits, and the Go host's own start-up.
 * docs/decisions.md ("Engine conformance") says what only the real CLI can prove.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect } from '../../src/m365/connect.js';
import { createCredential } from '../../src/m365/credential.js';
import { endpointsFrom } from '../../src/m365/endpoints.js';
import type { GraphClient } from '../../src/m365/graph/client.js';
import { changedInputs, isExchangeType } from '../../src/pulumi/providers/provider.js';

const require = createRequire(import.meta.url);
const SDK = resolve('node_modules/@pulumi/pulumi');
const resourceRpc = require(`${SDK}/proto/resource_grpc_pb.js`);
const resourceProto = require(`${SDK}/proto/resource_pb.js`);
const engineRpc = require(`${SDK}/proto/engine_grpc_pb.js`);
const engineProto = require(`${SDK}/proto/engine_pb.js`);
const providerRpc = require(`${SDK}/proto/provider_grpc_pb.js`);
const providerProto = require(`${SDK}/proto/provider_pb.js`);
const { Struct } = require('google-protobuf/google/protobuf/struct_pb.js');
const { Empty } = require('google-protobuf/google/protobuf/empty_pb.js');

type Props = Record<string, unknown>;
// The generated protobuf classes are untyped JavaScript: each request is read through its getters.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = any;

export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
export const SIG_KEY = '4dabf18193072939515e22adb298388d';
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export type Step = 'create' | 'update' | 'replace' | 'same' | 'delete' | 'retain' | 'read' | 'refresh-changed' | 'refresh-gone';

export interface StateEntry {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  id: string;
  inputs: Props;
  outputs: Props;
  dependencies: string[];
  retainOnDelete: boolean;
  protect: boolean;
}

export interface Operation {
  /** What happened to each resource, in order. */
  readonly steps: { readonly urn: string; readonly step: Step; readonly changed?: readonly string[] }[];
  /** The provider methods called, in order: `Create urn`, `Diff urn`, ... */
  readonly calls: string[];
  /** What the program and providers logged through the Engine service (severity as LogSeverity: 0 debug to 3 error; -1 a plugin's own output). */
  readonly logs: { readonly severity: number; readonly message: string }[];
  /** The check failures and errors that failed the operation; empty when it succeeded. */
  readonly errors: string[];
  /** The stack's outputs as registered (secret values still wrapped). */
  stackOutputs?: Props;
  /** Resources registered with an unknown input (a preview, before what they depend on exists). */
  readonly unknownInputs: string[];
}

const isSecret = (value: unknown): value is { value: unknown } => value !== null && typeof value === 'object' && (value as Props)[SIG_KEY] === SECRET_SIG;

/** A value with its secret wrappers taken off, as a provider that does not accept secrets receives it. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
}

const struct = (value: Props): Message => Struct.fromJavaScript(value);
const newOperation = (): Operation => ({ steps: [], calls: [], logs: [], errors: [], unknownInputs: [] });
const plain = (message: Message): Props => (message === undefined || message === null ? {} : (message.toJavaScript() as Props));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Start a plugin (the language host or a provider) and wait for the port it prints first. */
function plugin(args: string[], env: NodeJS.ProcessEnv, onOutput: (text: string) => void): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let resolved = false;
  const port = new Promise<number>((done, fail) => {
    child.stdout?.on('data', (data: Buffer) => {
      const text = data.toString('utf8');
      if (!resolved) {
        const found = /^(\d+)/.exec(text.trim());
        if (found !== null) {
          resolved = true;
          done(Number(found[1]));
          return;
        }
      }
      onOutput(text);
    });
    child.stderr?.on('data', (data: Buffer) => onOutput(data.toString('utf8')));
    child.on('exit', (code) => {
      if (!resolved) fail(new Error(`${args[0]} exited with ${String(code)} before printing its port`));
    });
  });
  return { child, port };
}

function unary<T>(client: Message, method: string, request: Message): Promise<T> {
  return new Promise((done, fail) => {
    client[method](request, (error: Error | null, response: T) => (error === null ? done(response) : fail(error)));
  });
}

/** Create through the dynamic provider, as the engine does: the new id goes to the entry, the outputs back. */
async function createVia(client: Message, operation: Operation, entry: StateEntry, inputs: Props): Promise<Props> {
  const create = new providerProto.CreateRequest();
  create.setUrn(entry.urn);
  create.setProperties(struct(inputs));
  operation.calls.push(`Create ${entry.urn}`);
  const created = await unary<Message>(client, 'create', create);
  entry.id = String(created.getId());
  return plain(created.getProperties());
}

/** Delete through the dynamic provider, which does not accept secrets: its outputs go unwrapped. */
async function deleteVia(client: Message, operation: Operation, entry: StateEntry): Promise<void> {
  const request = new providerProto.DeleteRequest();
  request.setId(entry.id);
  request.setUrn(entry.urn);
  request.setProperties(struct(unwrapSecrets(entry.outputs) as Props));
  operation.calls.push(`Delete ${entry.urn}`);
  await unary(client, 'delete', request);
}

export interface EngineOptions {
  /** The environment the program and the providers run with: the emulator's connection. */
  readonly env: NodeJS.ProcessEnv;
  /** Stack config, `mbx:spec` and the like. */
  config: Record<string, string>;
  readonly project?: string;
  readonly stack?: string;
}

export class TestEngine {
  readonly state = new Map<string, StateEntry>();
  /** The order resources were last created or updated in, for dependency checks. */
  readonly order: string[] = [];
  private readonly project: string;
  private readonly stack: string;
  private readonly graph: GraphClient;

  constructor(private readonly options: EngineOptions) {
    this.project = options.project ?? 'mbx';
    this.stack = options.stack ?? 'test';
    const endpoints = endpointsFrom(options.env);
    const credential = createCredential(options.env, endpoints);
    this.graph = connect(credential.token, endpoints, credential.tenantId).graph;
  }

  preview(): Promise<Operation> {
    return this.deploy(true);
  }

  up(): Promise<Operation> {
    return this.deploy(false);
  }

  private urnOf(type: string, name: string, parent: string): string {
    const parentType = parent === '' || parent.includes('::pulumi:pulumi:Stack::') ? '' : `${parent.split('::')[2] ?? ''}$`;
    return `urn:pulumi:${this.stack}::${this.project}::${parentType}${type}::${name}`;
  }

  /** The services the program and the providers talk to, for one operation. */
  private async serve(operation: Operation, handle: (request: Message) => Promise<Message>): Promise<{ server: grpc.Server; address: string }> {
    const server = new grpc.Server();
    const safe =
      (work: (call: { request: Message }) => Promise<Message>): grpc.handleUnaryCall<Message, Message> =>
      (call, callback): void => {
        work(call).then(
          (response) => callback(null, response),
          (error: Error) => callback({ code: grpc.status.UNKNOWN, details: error.message }),
        );
      };
    server.addService(resourceRpc.ResourceMonitorService, {
      supportsFeature: safe(async ({ request }) => {
        const response = new resourceProto.SupportsFeatureResponse();
        // Secrets, as the CLI; output values and resource references are left out (see the file comment).
        response.setHassupport(request.getId() === 'secrets');
        return response;
      }),
      registerResource: safe(({ request }) => handle(request)),
      registerResourceOutputs: safe(async ({ request }) => {
        const entry = this.state.get(request.getUrn());
        const outputs = plain(request.getOutputs());
        if (entry !== undefined && !entry.custom) entry.outputs = outputs;
        if (String(request.getUrn()).includes('::pulumi:pulumi:Stack::')) operation.stackOutputs = outputs;
        return new Empty();
      }),
      invoke: safe(async ({ request }) => {
        throw new Error(`the test engine serves no invoke (${String(request.getTok())})`);
      }),
      readResource: safe(async ({ request }) => {
        throw new Error(`the test engine reads no resource (${String(request.getType())})`);
      }),
    });
    let root = '';
    server.addService(engineRpc.EngineService, {
      log: safe(async ({ request }) => {
        operation.logs.push({ severity: request.getSeverity(), message: request.getMessage() });
        if (request.getSeverity() === engineProto.LogSeverity.ERROR) operation.errors.push(request.getMessage());
        return new Empty();
      }),
      getRootResource: safe(async () => {
        const response = new engineProto.GetRootResourceResponse();
        response.setUrn(root);
        return response;
      }),
      setRootResource: safe(async ({ request }) => {
        root = request.getUrn();
        return new engineProto.SetRootResourceResponse();
      }),
    });
    const port = await new Promise<number>((done, fail) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error === null ? done(bound) : fail(error))),
    );
    return { server, address: `127.0.0.1:${port}` };
  }

  /** The SDK's dynamic-provider plugin, started once per operation and configured as the engine does. */
  private async dynamicProvider(engine: string, operation: Operation): Promise<{ client: Message; child: ChildProcess }> {
    const { child, port } = plugin([`${SDK}/cmd/dynamic-provider/index.js`, engine], { ...this.options.env, PULUMI_NODEJS_PROJECT: this.project }, (text) =>
      operation.logs.push({ severity: -1, message: text }),
    );
    const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${await port}`, grpc.credentials.createInsecure());
    const configure = new providerProto.ConfigureRequest();
    configure.setArgs(struct({}));
    configure.setAcceptsecrets(true);
    const answer = await unary<Message>(client, 'configure', configure);
    if (answer.getAcceptsecrets() === true) throw new Error('the dynamic provider accepts secrets: the harness unwraps them for it');
    return { client, child };
  }

  private async deploy(dryRun: boolean): Promise<Operation> {
    const operation = newOperation();
    const registered = new Set<string>();
    let provider: Promise<{ client: Message; child: ChildProcess }> | undefined;
    const { server, address } = await this.serve(operation, async (request) => {
      const type = String(request.getType());
      const name = String(request.getName());
      const urn = this.urnOf(type, name, String(request.getParent()));
      if (registered.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
      registered.add(urn);
      const inputs = plain(request.getObject());
      if (JSON.stringify(inputs).includes(UNKNOWN)) operation.unknownInputs.push(urn);
      const response = new resourceProto.RegisterResourceResponse();
      response.setUrn(urn);
      const old = this.state.get(urn);
      const entry: StateEntry = {
        urn,
        type,
        name,
        custom: request.getCustom() === true,
        id: old?.id ?? '',
        inputs,
        outputs: old?.outputs ?? {},
        dependencies: request.getDependenciesList() as string[],
        retainOnDelete: request.getRetainondelete() === true,
        protect: request.getProtect() === true,
      };
      if (!entry.custom) {
        if (!dryRun) this.state.set(urn, entry);
        response.setObject(struct({}));
        return response;
      }
      provider ??= this.dynamicProvider(address, operation);
      const outputs = isExchangeType(type)
        ? await this.dynamicStep(await provider, operation, entry, old, dryRun)
        : await this.entraStep(operation, entry, old, dryRun);
      response.setId(entry.id === '' ? undefined : entry.id);
      response.setObject(struct(outputs));
      if (!dryRun) {
        entry.outputs = outputs;
        this.state.set(urn, entry);
        this.order.push(urn);
      }
      return response;
    });
    try {
      const config = JSON.stringify(this.options.config);
      const run = spawn(
        process.execPath,
        [
          `${SDK}/cmd/run/index.js`,
          `--monitor=${address}`,
          `--engine=${address}`,
          `--project=${this.project}`,
          `--stack=${this.stack}`,
          `--pwd=${resolve('.')}`,
          ...(dryRun ? ['--dry-run=true'] : []),
          resolve('dist/src/pulumi/index.js'),
        ],
        { env: { ...this.options.env, PULUMI_CONFIG: config, PULUMI_CONFIG_SECRET_KEYS: '[]' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      for (const stream of [run.stdout, run.stderr]) stream.on('data', (data: Buffer) => operation.logs.push({ severity: -1, message: data.toString('utf8') }));
      const code = await new Promise<number | null>((done) => run.on('exit', done));
      if (code !== 0 && operation.errors.length === 0) operation.errors.push(`the program exited with ${String(code)}`);
      // What the program no longer declares goes, dependents first, unless it is kept.
      if (operation.errors.length === 0) {
        const gone = [...this.state.values()].filter((entry) => !registered.has(entry.urn)).reverse();
        for (const entry of gone) await this.remove(entry, operation, dryRun, provider === undefined ? undefined : await provider);
      }
    } finally {
      server.forceShutdown();
      if (provider !== undefined) (await provider.catch(() => undefined))?.child.kill();
    }
    return operation;
  }

  private async remove(entry: StateEntry, operation: Operation, dryRun: boolean, provider: { client: Message } | undefined): Promise<void> {
    if (entry.protect) {
      operation.errors.push(`${entry.urn} is protected: it cannot be deleted`);
      return;
    }
    if (!entry.custom || entry.retainOnDelete) {
      operation.steps.push({ urn: entry.urn, step: entry.custom ? 'retain' : 'delete' });
      if (!dryRun) this.state.delete(entry.urn);
      return;
    }
    operation.steps.push({ urn: entry.urn, step: 'delete' });
    if (dryRun) return;
    if (isExchangeType(entry.type)) {
      if (provider === undefined) throw new Error('no dynamic provider to delete with');
      await deleteVia(provider.client, operation, entry);
    } else {
      const { deleteEntra } = await import('../../src/pulumi/local/entra.js');
      await deleteEntra(this.graph, entry.type, entry.id, unwrapSecrets(entry.inputs) as Props);
    }
    this.state.delete(entry.urn);
  }

  /** One dynamic resource: Check, then Diff against the state, then Create or Update (or nothing, in a preview). */
  private async dynamicStep(
    provider: { client: Message },
    operation: Operation,
    entry: StateEntry,
    old: StateEntry | undefined,
    dryRun: boolean,
  ): Promise<Props> {
    const { client } = provider;
    const check = new providerProto.CheckRequest();
    check.setUrn(entry.urn);
    check.setOlds(struct(unwrapSecrets(old?.inputs ?? {}) as Props));
    check.setNews(struct(unwrapSecrets(entry.inputs) as Props));
    operation.calls.push(`Check ${entry.urn}`);
    const checked = await unary<Message>(client, 'check', check);
    const failures = (checked.getFailuresList() as Message[]).map((failure) => `${String(failure.getProperty())}: ${String(failure.getReason())}`);
    if (failures.length > 0) {
      const message = `${entry.urn}: check failed: ${failures.join('; ')}`;
      operation.errors.push(message);
      throw new Error(message);
    }
    const inputs = plain(checked.getInputs());
    if (old === undefined || old.id === '') {
      operation.steps.push({ urn: entry.urn, step: 'create' });
      if (dryRun) return inputs;
      return createVia(client, operation, entry, inputs);
    }
    // Diff and Update take the same four fields: the resource's id and URN, its state, and the new inputs.
    const against = <T extends { setId(id: string): void; setUrn(urn: string): void; setOlds(olds: Message): void; setNews(news: Message): void }>(
      request: T,
    ): T => {
      request.setId(old.id);
      request.setUrn(entry.urn);
      request.setOlds(struct(unwrapSecrets(old.outputs) as Props));
      request.setNews(struct(inputs));
      return request;
    };
    operation.calls.push(`Diff ${entry.urn}`);
    const diffed = await unary<Message>(client, 'diff', against(new providerProto.DiffRequest()));
    const replaces = diffed.getReplacesList() as string[];
    if (diffed.getChanges() !== providerProto.DiffResponse.DiffChanges.DIFF_SOME) {
      operation.steps.push({ urn: entry.urn, step: 'same' });
      return old.outputs;
    }
    const changed = changedInputs(old.outputs, inputs);
    if (replaces.length > 0) {
      operation.steps.push({ urn: entry.urn, step: 'replace', changed: replaces });
      if (dryRun) return inputs;
      if (!old.retainOnDelete) await deleteVia(client, operation, old);
      return createVia(client, operation, entry, inputs);
    }
    operation.steps.push({ urn: entry.urn, step: 'update', changed });
    if (dryRun) return { ...old.outputs, ...inputs };
    operation.calls.push(`Update ${entry.urn}`);
    return plain((await unary<Message>(client, 'update', against(new providerProto.UpdateRequest()))).getProperties());
  }

  /** An @pulumi/azuread resource, applied to the emulator's Graph (the azuread provider is a Go binary). */
  private async entraStep(operation: Operation, entry: StateEntry, old: StateEntry | undefined, dryRun: boolean): Promise<Props> {
    const inputs = unwrapSecrets(entry.inputs) as Props;
    if (old !== undefined && old.id !== '' && same(old.inputs, entry.inputs)) {
      operation.steps.push({ urn: entry.urn, step: 'same' });
      return old.outputs;
    }
    operation.steps.push(
      old === undefined || old.id === ''
        ? { urn: entry.urn, step: 'create' }
        : { urn: entry.urn, step: 'update', changed: changedInputs(old.inputs, entry.inputs) },
    );
    if (dryRun) return { ...old?.outputs, ...entry.inputs };
    const { createEntra } = await import('../../src/pulumi/local/entra.js');
    operation.calls.push(`${old === undefined ? 'Create' : 'Update'} ${entry.urn}`);
    const created = await createEntra(this.graph, entry.type, inputs);
    entry.id = created.id;
    // The provider marks a password's value secret in its schema; the engine keeps it so.
    const state = { ...created.state };
    if (entry.type === 'azuread:index/applicationPassword:ApplicationPassword' && state.value !== undefined)
      state.value = { [SIG_KEY]: SECRET_SIG, value: state.value };
    return state;
  }

  /** `pulumi refresh`: each dynamic resource read back through its provider; what changed is reported and kept. */
  refresh(): Promise<Operation> {
    return this.withoutProgram('refresh', async (operation, providerClient) => {
      for (const entry of this.state.values()) {
        if (!entry.custom || !isExchangeType(entry.type)) continue;
        const client = await providerClient();
        const read = new providerProto.ReadRequest();
        read.setId(entry.id);
        read.setUrn(entry.urn);
        read.setProperties(struct(unwrapSecrets(entry.outputs) as Props));
        read.setInputs(struct(unwrapSecrets(entry.inputs) as Props));
        operation.calls.push(`Read ${entry.urn}`);
        const answer = await unary<Message>(client, 'read', read);
        if (String(answer.getId()) === '') {
          operation.steps.push({ urn: entry.urn, step: 'refresh-gone' });
          this.state.delete(entry.urn);
          continue;
        }
        const outputs = plain(answer.getProperties());
        const changed = changedInputs(entry.outputs, outputs);
        operation.steps.push({ urn: entry.urn, step: changed.length === 0 ? 'read' : 'refresh-changed', ...(changed.length === 0 ? {} : { changed }) });
        entry.outputs = outputs;
      }
    });
  }

  /** `pulumi destroy`: everything, dependents first, retained resources forgotten rather than deleted. */
  destroy(): Promise<Operation> {
    return this.withoutProgram('destroy', async (operation, providerClient) => {
      for (const entry of [...this.state.values()].reverse()) {
        const deletes = entry.custom && isExchangeType(entry.type) && !entry.retainOnDelete;
        await this.remove(entry, operation, false, deletes ? { client: await providerClient() } : undefined);
      }
    });
  }

  /** An operation that runs no program: the engine's services up, the dynamic-provider plugin started when first needed. */
  private async withoutProgram(name: string, work: (operation: Operation, providerClient: () => Promise<Message>) => Promise<void>): Promise<Operation> {
    const operation = newOperation();
    const { server, address } = await this.serve(operation, async () => {
      throw new Error(`${name} runs no program`);
    });
    let provider: Promise<{ client: Message; child: ChildProcess }> | undefined;
    try {
      await work(operation, async () => (await (provider ??= this.dynamicProvider(address, operation))).client);
    } finally {
      server.forceShutdown();
      if (provider !== undefined) (await provider.catch(() => undefined))?.child.kill();
    }
    return operation;
  }
}
