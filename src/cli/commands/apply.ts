/**
 * `mbx apply --local <spec>`: provision the spec into the embedded emulator with the Pulumi
 * program, run under Pulumi's mock runtime (src/pulumi/local/). Real tenants use `pulumi up`
 * (docs/pulumi.md); this command refuses any tenant that is not on loopback.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { connectFromEnvironment } from '../../m365/connect.js';
import { createCredential } from '../../m365/credential.js';
import { createAppCertificate, certificatesIn } from '../../m365/certificate.js';
import { endpointsFrom } from '../../m365/endpoints.js';
import { FileError, UsageError } from '../../errors.js';
import { writeAtomically } from '../../files.js';
import type { Diagnostic } from '../../spec/diagnostics.js';
import { loadSpecFile } from '../../spec/load.js';
import { applyLocal, type LocalApplyResult, type LocalState, type PlanEntry } from '../../pulumi/local/apply.js';
import { loadProbeCredentials } from '../../probes/identity.js';
import { ensurePeople } from './people.js';

export interface ApplyCommandOptions {
  readonly local?: boolean;
  /** A PEM file with the app's certificate; created (key and certificate, mode 0600) when missing. */
  readonly certificate?: string;
  /** YYYY-MM-DD for a secret credential; default today. */
  readonly secretStartDate?: string;
  /** Show the plan and stop. */
  readonly dryRun?: boolean;
  /** The state file; default .mbx/state/<tenant>/<spec>-<hash of its path>.json (MBX_STATE_DIR moves the folder). */
  readonly state?: string;
  /**
   * Create the people the spec names that the emulator lacks, and write a probe credentials file
   * here (mode 0600): their passwords and the app's certificate, for MBX_PROBE_CREDENTIALS.
   */
  readonly people?: string;
}

export type ApplyOutcome =
  | { readonly kind: 'invalid-spec'; readonly errors: readonly Diagnostic[] }
  | {
      readonly kind: 'applied';
      readonly result: LocalApplyResult;
      readonly seconds: number;
      readonly certificateCreated?: string;
      /** With --people: the users created, and the probe credentials file written. */
      readonly people?: { readonly created: readonly string[]; readonly file: string };
      readonly dryRun: boolean;
      /** Where the state was read from and written to. */
      readonly stateFile: string;
    };

const LOOPBACK = /^https:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?(\/|$)/;

/** The local path reaches only a tenant on loopback: the emulator. Returns the tenant it names. */
function requireEmulator(env: NodeJS.ProcessEnv): string {
  const endpoints = endpointsFrom(env);
  const remote = (['authorityHost', 'graphUrl', 'exchangeUrl'] as const).filter((key) => !LOOPBACK.test(endpoints[key]));
  if (remote.length > 0) {
    throw new UsageError(
      `mbx apply --local provisions the embedded emulator only, and ${remote.map((key) => endpoints[key]).join(', ')} is not on loopback. Start \`mbx emulator\` and load the environment it prints, or use \`pulumi up\` for a real tenant (docs/pulumi.md).`,
      { remote },
    );
  }
  return createCredential(env, endpoints).tenantId;
}

/**
 * Where the state of this spec's applies to this tenant lives, as a Pulumi stack's would: one per
 * tenant and spec file, so specs layered on one tenant keep apart (MBX_STATE_DIR moves the folder).
 */
function defaultStateFile(tenant: string, spec: string): string {
  const path = resolve(spec);
  const digest = createHash('sha256').update(path).digest('hex').slice(0, 8);
  return join(process.env.MBX_STATE_DIR ?? join('.mbx', 'state'), tenant.replace(/[^\w.-]/g, '_'), `${basename(path).replace(/\.ya?ml$/i, '')}-${digest}.json`);
}

/** The state of the last apply to this tenant, from `file`; undefined for none yet. */
async function stateFrom(file: string): Promise<LocalState | undefined> {
  if (!existsSync(file)) return undefined;
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new FileError(file, error);
  });
  let state: Partial<LocalState> | null = null;
  let why = 'not JSON';
  try {
    state = JSON.parse(text) as Partial<LocalState> | null;
    why = 'not an mbx apply state, version 1';
  } catch {
    // JSON.parse's message quotes the text: the reason stays 'not JSON'.
  }
  if (state !== null && typeof state === 'object' && state.version === 1 && Array.isArray(state.resources)) return state as LocalState;
  throw new UsageError(
    `${file} is not a state mbx apply wrote (${why}); move it away to plan from nothing (every object is then adopted), or give another --state.`,
    { file },
  );
}

/**
 * The delegates' passwords a probe credentials file already holds (an earlier --people), so a second
 * run keeps them; read by the probes' own loader, whose errors name the file and pointer and never
 * quote the file's secrets.
 */
function passwordsIn(file: string): Record<string, { password: string }> {
  const { delegates } = loadProbeCredentials({ MBX_PROBE_CREDENTIALS: file });
  return Object.fromEntries([...delegates].flatMap(([address, secret]) => (secret.password === undefined ? [] : [[address, { password: secret.password }]])));
}

/** The app's certificate (public part) from the file, creating key and certificate there if missing. */
async function certificateFrom(file: string, subject: string): Promise<{ pem: string; created: boolean }> {
  if (existsSync(file)) {
    const pem = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new FileError(file, error);
    });
    const [der] = certificatesIn(pem);
    if (der === undefined)
      throw new UsageError(
        `${file} holds no PEM certificate; give a certificate (its key may be in the same file), or a path that does not exist yet for mbx to create one.`,
        { file },
      );
    return { pem: `-----BEGIN CERTIFICATE-----\n${der.replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`, created: false };
  }
  const certificate = await createAppCertificate(`CN=${subject}`);
  try {
    writeAtomically(file, `${certificate.keyPem}\n${certificate.certPem}`, 0o600);
  } catch (error) {
    throw new FileError(file, error, 'write');
  }
  return { pem: certificate.certPem, created: true };
}

/**
 * The tenant is the one `process.env` names: the providers read their connection from there, as
 * the engine's provider host does, so the check and the apply see the same variables.
 */
export async function applyCommand(file: string, options: ApplyCommandOptions): Promise<ApplyOutcome> {
  if (options.local !== true)
    throw new UsageError(
      'mbx apply runs only with --local, against the embedded emulator. For a real tenant, run the same program with `pulumi preview` and `pulumi up` (docs/pulumi.md).',
    );
  if (file === '-')
    throw new UsageError('mbx apply --local needs the spec as a file: the Pulumi program reads it by its path (mbx:spec). Write it to a file and name that.');
  const loaded = await loadSpecFile(file);
  if (!loaded.ok) return { kind: 'invalid-spec', errors: loaded.errors };
  const tenant = requireEmulator(process.env);
  const stateFile = options.state ?? defaultStateFile(tenant, file);
  const state = await stateFrom(stateFile);
  const app = loaded.spec.app;
  let certificate: { pem: string; created: boolean } | undefined;
  if (app?.credential.kind === 'certificate') {
    if (options.certificate === undefined)
      throw new UsageError(`${file} gives the app a certificate: pass --certificate <file> with its PEM, or a path where mbx creates a key and certificate.`);
    certificate = await certificateFrom(options.certificate, app.displayName);
  }
  // The organisation's people first (--people): the licences and grants the apply makes need them.
  let people: { created: string[]; file: string } | undefined;
  if (options.people !== undefined && options.dryRun !== true) {
    const known = existsSync(options.people) ? passwordsIn(options.people) : {};
    const ensured = await ensurePeople(loaded.spec, connectFromEnvironment(process.env, { exchangeConcurrency: 4 }), known);
    mkdirSync(dirname(resolve(options.people)), { recursive: true });
    const app = options.certificate === undefined ? {} : { app: { certificatePath: resolve(options.certificate) } };
    writeAtomically(options.people, `${JSON.stringify({ delegates: ensured.delegates, ...app }, null, 1)}\n`, 0o600);
    people = { created: ensured.created, file: options.people };
  }
  const started = performance.now();
  const result = await applyLocal({
    spec: file,
    tenant,
    ...(state === undefined ? {} : { state }),
    ...(options.dryRun === true ? { dryRun: true } : {}),
    ...(certificate === undefined ? {} : { appCertificate: certificate.pem }),
    ...(app?.credential.kind === 'secret' ? { secretStartDate: options.secretStartDate ?? new Date().toISOString().slice(0, 10) } : {}),
  });
  if (result.state !== undefined) {
    mkdirSync(dirname(stateFile), { recursive: true });
    writeAtomically(stateFile, `${JSON.stringify(result.state, null, 1)}\n`, 0o600);
  }
  return {
    kind: 'applied',
    result,
    ...(people === undefined ? {} : { people }),
    dryRun: options.dryRun === true,
    stateFile,
    seconds: (performance.now() - started) / 1000,
    ...(certificate?.created === true && options.certificate !== undefined ? { certificateCreated: options.certificate } : {}),
  };
}

const SIGNS: Readonly<Record<PlanEntry['step'], string>> = { create: '+', update: '~', same: '=', delete: '-', release: '>' };

/** The plan, as `pulumi preview` shows one: each change, then the counts. */
export function renderPlan(file: string, plan: readonly PlanEntry[], stateFile: string): string {
  const changes = plan.filter((entry) => entry.step !== 'same');
  const width = Math.max(0, ...changes.map((entry) => entry.kind.length));
  const count = (step: PlanEntry['step']): number => plan.filter((entry) => entry.step === step).length;
  const lines = [`Plan for ${file} (state ${stateFile}):`];
  for (const entry of changes) {
    const note =
      entry.step === 'update'
        ? ` (${(entry.changed ?? []).join(', ')})`
        : entry.step === 'release'
          ? ' (kept as it is, mail and all; the spec says nothing of removing it)'
          : '';
    lines.push(`  ${SIGNS[entry.step]} ${entry.step.padEnd(7)} ${entry.kind.padEnd(width)}  ${entry.name}${note}`);
  }
  lines.push(
    `Plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('release')} to release, ${count('same')} unchanged.`,
  );
  return `${lines.join('\n')}\n`;
}

/** What the command prints: the plan, then (unless a dry run) one line per change and the outcome. */
export function renderApply(file: string, outcome: Extract<ApplyOutcome, { kind: 'applied' }>): string {
  const { result } = outcome;
  const head = result.plan.length === 0 ? '' : renderPlan(file, result.plan, outcome.stateFile);
  if (outcome.dryRun) return `${head}${result.error === undefined ? 'Dry run: nothing was changed.' : `Nothing was changed: ${result.error}`}\n`;
  const shown = result.resources.filter((resource) => resource.step !== 'same' || resource.error !== undefined);
  const width = Math.max(0, ...shown.map((resource) => resource.kind.length));
  const lines = shown.map(
    (resource) =>
      `  ${resource.error === undefined ? 'ok  ' : 'FAIL'} ${resource.step.padEnd(7)} ${resource.kind.padEnd(width)}  ${resource.name}${resource.error === undefined ? '' : `\n       ${resource.error}`}`,
  );
  if (outcome.people !== undefined)
    lines.push(
      `${outcome.people.created.length === 0 ? 'The people the spec names were there already' : `Created ${outcome.people.created.length} people the spec names (${outcome.people.created.join(', ')})`}; their passwords are in ${outcome.people.file} (mode 0600): set MBX_PROBE_CREDENTIALS=${outcome.people.file} for the probes.`,
    );
  if (outcome.certificateCreated !== undefined) lines.push(`Created the app's key and certificate in ${outcome.certificateCreated} (mode 0600).`);
  if (result.error !== undefined && result.resources.length === 0) lines.push(`Nothing was changed: ${result.error}`);
  const failed = result.resources.filter((resource) => resource.error !== undefined).length;
  lines.push(
    result.ok
      ? `Applied ${file} to the emulator: ${result.resources.length} resources in ${outcome.seconds.toFixed(1)} s (state in ${outcome.stateFile}).`
      : failed > 0
        ? `${failed} of ${result.resources.length} resources failed. Every step adopts what exists, so fix the cause and run mbx apply --local again to finish.`
        : `The apply failed: ${result.error ?? 'unknown error'}`,
  );
  if (Object.keys(result.outputs).length > 0) lines.push(`Outputs: ${JSON.stringify(result.outputs)}`);
  return `${head}${lines.join('\n')}\n`;
}
