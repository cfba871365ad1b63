/**
 * Schema validation with ajv (all errors, strict schema, defaults filled in) and the mapping of
 * each ajv error to a sentence a person can act on: what is wrong, what is allowed, and a
 * "did you mean" where a near miss is likely a typo.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SPEC_SCHEMA_PATH } from '../paths.js';
import { pointerJoin, type SpecFinding } from './diagnostics.js';
import { closest } from './suggest.js';

// ajv-formats is CommonJS; under nodenext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

interface SchemaNode {
  title?: string;
  description?: string;
  examples?: unknown[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  type?: string;
}

let compiled: { validate: ValidateFunction; schema: { $defs: Record<string, SchemaNode> } } | undefined;

/** The spec schema, parsed and compiled once per process. */
export function specSchema(): { validate: ValidateFunction; schema: { $id: string; $defs: Record<string, SchemaNode> } } {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SPEC_SCHEMA_PATH, 'utf8'));
    // strictRequired is off because "if kind is secret then lifetimeDays is required" is a then-branch requirement.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, useDefaults: true, verbose: true });
    addFormats(ajv, ['date', 'date-time']);
    compiled = { validate: ajv.compile(schema), schema };
  }
  return compiled as ReturnType<typeof specSchema>;
}

/** Validate in place (ajv fills in defaults) and turn every error into a finding. */
export function validateAgainstSchema(data: unknown): SpecFinding[] {
  const { validate } = specSchema();
  if (validate(data)) return [];
  const findings: SpecFinding[] = [];
  for (const err of validate.errors ?? []) {
    const finding = describe(err);
    if (finding) findings.push(finding);
  }
  return findings;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const name = node.$ref.replace('#/$defs/', '');
  const target = specSchema().schema.$defs[name];
  // A $ref with its own description (a property describing its use of a shared type) keeps it.
  return target ? { ...target, description: node.description ?? target.description } : node;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${show(value)}`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  boolean: 'true or false',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  object: 'a mapping of keys to values',
  array: 'a list',
};

const FORMAT_WORDS: Record<string, string> = {
  date: 'a date written YYYY-MM-DD',
  'date-time': 'a date and time with offset, such as 2026-12-24T08:00:00+01:00',
};

function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const match = /^.*?[.:](\s|$)/.exec(text);
  return (match ? match[0] : text).trim().replace(/[.:]$/, '');
}

const ALLOWED = new WeakMap<object, { allowed: string[]; listed: string }>();
/** A mapping's allowed keys and their list as messages show it, worked out once per schema node. */
function allowedKeysOf(parent: SchemaNode | undefined): { allowed: string[]; listed: string } {
  if (parent === undefined) return { allowed: [], listed: '' };
  let known = ALLOWED.get(parent);
  if (known === undefined) {
    const allowed = Object.keys(parent.properties ?? {});
    known = { allowed, listed: allowed.join(', ') };
    ALLOWED.set(parent, known);
  }
  return known;
}

function describe(err: ErrorObject): SpecFinding | undefined {
  const pointer = err.instancePath;
  const parent = err.parentSchema as SchemaNode | undefined;
  switch (err.keyword) {
    case 'if':
      // The failing "then" branch reports the real problem (a missing key) itself.
      return undefined;
    case 'additionalProperties': {
      const key = String(err.params.additionalProperty);
      const { allowed, listed } = allowedKeysOf(parent);
      const guess = closest(key, allowed);
      return {
        severity: 'error',
        code: 'SPEC_UNKNOWN_KEY',
        pointer: pointerJoin(pointer, key),
        atKey: true,
        message: `unknown key '${key}'` + (guess ? `; did you mean '${guess}'?` : ';') + ` allowed here: ${listed}`,
      };
    }
    case 'required': {
      const key = String(err.params.missingProperty);
      const about = firstSentence(resolve(parent?.properties?.[key])?.description);
      return {
        severity: 'error',
        code: 'SPEC_MISSING_KEY',
        pointer,
        message: `missing required key '${key}'` + (about ? `: ${about}` : ''),
      };
    }
    case 'type': {
      const expected = String(err.params.type);
      return {
        severity: 'error',
        code: 'SPEC_WRONG_TYPE',
        pointer,
        message: `must be ${TYPE_WORDS[expected] ?? expected}, not ${typeName(err.data)}`,
      };
    }
    case 'enum': {
      const allowed = (err.params.allowedValues as unknown[]).map(String);
      const guess = typeof err.data === 'string' ? closest(err.data, allowed) : undefined;
      return {
        severity: 'error',
        code: 'SPEC_NOT_ALLOWED',
        pointer,
        message: `${show(err.data)} is not allowed here` + (guess ? `; did you mean '${guess}'?` : ';') + ` use one of: ${allowed.join(', ')}`,
      };
    }
    case 'const':
      return {
        severity: 'error',
        code: 'SPEC_NOT_ALLOWED',
        pointer,
        message: `must be ${JSON.stringify(err.params.allowedValue)}, not ${show(err.data)}`,
      };
    case 'pattern':
    case 'format': {
      const node = parent;
      const what = err.keyword === 'format' ? FORMAT_WORDS[String(err.params.format)] : node?.title ? `a valid ${node.title}` : undefined;
      const example = node?.examples?.[0];
      return {
        severity: 'error',
        code: 'SPEC_BAD_VALUE',
        pointer,
        message:
          `${show(err.data)} is not ${what ?? 'in the expected form'}` +
          (example !== undefined && err.keyword === 'pattern' ? `, such as ${show(example)}` : ''),
      };
    }
    case 'uniqueItems': {
      const later = Math.max(Number(err.params.i), Number(err.params.j));
      const earlier = Math.min(Number(err.params.i), Number(err.params.j));
      const item = Array.isArray(err.data) ? err.data[later] : undefined;
      return {
        severity: 'error',
        code: 'SPEC_DUPLICATE_ITEM',
        pointer: pointerJoin(pointer, later),
        message: `${show(item)} is listed twice (also item ${earlier}); remove one`,
      };
    }
    case 'minLength':
    case 'maxLength':
    case 'minItems': {
      const limit = Number(err.params.limit);
      const unit = err.keyword === 'minItems' ? 'item' : 'character';
      const bound = err.keyword === 'maxLength' ? 'at most' : 'at least';
      return {
        severity: 'error',
        code: 'SPEC_BAD_VALUE',
        pointer,
        message: `${show(err.data)} is too ${err.keyword === 'maxLength' ? 'long' : 'short'}: write ${bound} ${limit} ${unit}${limit === 1 ? '' : 's'}`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        severity: 'error',
        code: 'SPEC_BAD_VALUE',
        pointer,
        message: `${show(err.data)} is out of range: it must be ${String(err.params.comparison)} ${String(err.params.limit)}`,
      };
    default:
      return { severity: 'error', code: 'SPEC_BAD_VALUE', pointer, message: `${show(err.data)} ${err.message ?? 'is not valid'}` };
  }
}
