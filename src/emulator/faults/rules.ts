/**
 * Fault rules as data (schemas/fault-rules.schema.json) and the presets `--faults` accepts by name.
 * Loading validates with ajv and names the JSON pointer of anything wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { MbxError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../paths.js';

export type FaultSurface = 'entra' | 'graph' | 'exchange' | 'imap' | 'pop' | 'smtp' | '*';

export interface FaultRule {
  readonly id?: string;
  readonly surface: FaultSurface;
  readonly operation?: string;
  readonly appId?: string;
  readonly probability?: number;
  readonly times?: number;
  readonly status?: number;
  readonly body?: unknown;
  readonly retryAfterSeconds?: number;
  readonly latencyMs?: number;
  readonly drop?: boolean;
  readonly concurrency?: number;
}

export interface FaultSet {
  readonly seed?: number;
  readonly replicationDelaySeconds?: number;
  readonly rules: readonly FaultRule[];
}

export const PRESETS: Readonly<Record<string, FaultSet>> = {
  // Graph answers one call in five with 429 and Retry-After (learn.microsoft.com/graph/throttling).
  'graph-throttling': { rules: [{ id: 'graph-throttling', surface: 'graph', probability: 0.2, retryAfterSeconds: 1 }] },
  // Exchange Online throttles by concurrency per app, and now and then outright.
  'exchange-throttling': {
    rules: [
      { id: 'exchange-concurrency', surface: 'exchange', concurrency: 3, retryAfterSeconds: 1 },
      { id: 'exchange-throttling', surface: 'exchange', probability: 0.1, retryAfterSeconds: 1 },
    ],
  },
  'transient-5xx': { rules: [{ id: 'transient-5xx', surface: '*', probability: 0.1, status: 503, retryAfterSeconds: 1 }] },
  slow: { rules: [{ id: 'slow', surface: '*', latencyMs: 250 }] },
  // Grants take a minute to be enforced, as they take up to two hours in Exchange Online.
  'replication-delay': { replicationDelaySeconds: 60, rules: [] },
};

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Validate a fault set; `place` names where it came from (a file, the control API). */
export function parseFaultSet(value: unknown, place: string): FaultSet {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'fault-rules.schema.json'), 'utf8')) as object;
    validator = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  }
  if (!validator(value)) {
    const problems = (validator.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'is not valid'}`);
    throw new MbxError('EMULATOR_FAULTS_INVALID', `The fault rules in ${place} do not follow schemas/fault-rules.schema.json: ${problems.join('; ')}.`, {
      place,
      problems,
    });
  }
  return value as FaultSet;
}

/** `--faults` takes a preset name or a JSON file. */
export function loadFaults(fileOrPreset: string): FaultSet {
  const preset = PRESETS[fileOrPreset];
  if (preset !== undefined) return preset;
  let text: string;
  try {
    text = readFileSync(fileOrPreset, 'utf8');
  } catch (cause) {
    throw new MbxError(
      'EMULATOR_FAULTS_INVALID',
      `--faults ${fileOrPreset} is neither a preset (${Object.keys(PRESETS).join(', ')}) nor a readable file.`,
      { place: fileOrPreset },
      { cause },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    // JSON.parse's message quotes the text, which need not be fault rules: the file is named, not quoted.
    throw new MbxError(
      'EMULATOR_FAULTS_INVALID',
      `${fileOrPreset} is not valid JSON; see schemas/fault-rules.schema.json.`,
      { place: fileOrPreset },
      { cause },
    );
  }
  return parseFaultSet(value, fileOrPreset);
}
