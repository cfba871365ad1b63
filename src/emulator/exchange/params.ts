/**
 * Cmdlet parameters as the admin API receives them: names without case (PowerShell binds
 * `identity` to -Identity), switches as `true`, multi-valued parameters either as a list (replace)
 * or as `{"@odata.type":"#Exchange.GenericHashTable","Add":[...],"Remove":[...]}` with the keys in
 * any case (fidelity 1.3). A parameter the cmdlet does not have is refused as PowerShell refuses it.
 */
import { isRecord } from '../http/types.js';
import { CMDLET_ERRORS } from './errors.js';

export type ParamKind = 'string' | 'bool' | 'int' | 'strings' | 'multi' | 'resultSize' | 'any';

/** Accepted by every cmdlet and ignored, as the module sends them. */
const COMMON = new Set(['confirm', 'warningaction', 'erroraction', 'verbose', 'debug', 'whatif', 'informationaction']);

export type Multi = { readonly kind: 'replace'; readonly values: string[] } | { readonly kind: 'change'; readonly add: string[]; readonly remove: string[] };

export class Params {
  constructor(private readonly values: ReadonlyMap<string, unknown>) {}

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  string(name: string): string | undefined {
    const value = this.values.get(name.toLowerCase());
    return value === undefined || value === null ? undefined : String(value);
  }

  bool(name: string): boolean | undefined {
    return this.values.get(name.toLowerCase()) as boolean | undefined;
  }

  /** A nullable boolean: present and null means $null. */
  nullableBool(name: string): boolean | null | undefined {
    if (!this.has(name)) return undefined;
    return (this.values.get(name.toLowerCase()) as boolean | null) ?? null;
  }

  int(name: string): number | undefined {
    return this.values.get(name.toLowerCase()) as number | undefined;
  }

  strings(name: string): string[] | undefined {
    return this.values.get(name.toLowerCase()) as string[] | undefined;
  }

  multi(name: string): Multi | undefined {
    return this.values.get(name.toLowerCase()) as Multi | undefined;
  }

  /** ResultSize: a number, or Infinity for Unlimited; default 1000 as documented. */
  resultSize(): number {
    return (this.values.get('resultsize') as number | undefined) ?? 1000;
  }

  raw(name: string): unknown {
    return this.values.get(name.toLowerCase());
  }
}

function asStrings(parameter: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string')) throw CMDLET_ERRORS.badValue(parameter, 'Expected a string or a list of strings.');
  return list as string[];
}

function coerce(parameter: string, kind: ParamKind, value: unknown): unknown {
  switch (kind) {
    case 'any':
      return value;
    case 'string':
      if (value === null || ['string', 'number'].includes(typeof value)) return value;
      throw CMDLET_ERRORS.badValue(parameter, `Cannot convert '${JSON.stringify(value)}' to the type System.String.`);
    case 'bool':
      if (value === null || typeof value === 'boolean') return value;
      if (value === 'True' || value === 'true' || value === '$true') return true;
      if (value === 'False' || value === 'false' || value === '$false') return false;
      throw CMDLET_ERRORS.badValue(
        parameter,
        `Cannot convert value "${String(value)}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
      );
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
      throw CMDLET_ERRORS.badValue(parameter, `Cannot convert value "${String(value)}" to type "System.Int32".`);
    case 'resultSize':
      if (typeof value === 'string' && /^unlimited$/i.test(value)) return Number.POSITIVE_INFINITY;
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
      if (typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0) return Number(value);
      throw CMDLET_ERRORS.badValue(parameter, `Cannot convert value "${String(value)}" to type "Microsoft.Exchange.Data.Unlimited\`1[System.UInt32]".`);
    case 'strings':
      return asStrings(parameter, value);
    case 'multi': {
      if (isRecord(value)) {
        const entries = Object.entries(value).filter(([key]) => !key.startsWith('@'));
        const pick = (name: string): string[] => {
          const found = entries.find(([key]) => key.toLowerCase() === name);
          return found === undefined ? [] : asStrings(parameter, found[1]);
        };
        const unknown = entries.find(([key]) => !['add', 'remove'].includes(key.toLowerCase()));
        if (unknown !== undefined) throw CMDLET_ERRORS.badValue(parameter, `The hash table key '${unknown[0]}' is not valid. Use Add and Remove.`);
        return { kind: 'change', add: pick('add'), remove: pick('remove') } satisfies Multi;
      }
      return { kind: 'replace', values: value === null ? [] : asStrings(parameter, value) } satisfies Multi;
    }
  }
}

export function bindParams(cmdlet: string, declared: Readonly<Record<string, ParamKind>>, required: readonly string[], input: unknown): Params {
  const byLower = new Map(Object.entries(declared).map(([name, kind]) => [name.toLowerCase(), { name, kind }]));
  const values = new Map<string, unknown>();
  if (input !== undefined && input !== null && !isRecord(input)) throw CMDLET_ERRORS.badValue('Parameters', 'Parameters must be a JSON object.');
  for (const [key, value] of Object.entries(input ?? {})) {
    if (key.includes('@odata.type')) continue;
    const lower = key.toLowerCase();
    if (COMMON.has(lower)) continue;
    const parameter = byLower.get(lower);
    if (parameter === undefined) throw CMDLET_ERRORS.unknownParameter(key);
    values.set(lower, coerce(parameter.name, parameter.kind, value));
  }
  for (const name of required) {
    if (!values.has(name.toLowerCase())) throw CMDLET_ERRORS.missingParameter(cmdlet, name);
  }
  return new Params(values);
}
