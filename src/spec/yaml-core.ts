/**
 * The fast path's YAML schema: exactly the YAML 1.2 core schema (yaml.org/spec/1.2.2 section
 * 10.3), which is what the `yaml` library uses. js-yaml's own CORE_SCHEMA is laxer (it reads
 * 0b101 as 5, and -0 as 0), so every implicit scalar type is written out here from the spec.
 */
import jsYaml from 'js-yaml';

const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;

const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

const nullType = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && NULL.test(data)),
  construct: () => null,
});

const bool = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && BOOL.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
});

const int = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && INT.test(data),
  construct: (data: string) => (data.startsWith('0o') ? parseInt(data.slice(2), 8) : data.startsWith('0x') ? parseInt(data.slice(2), 16) : Number(data)),
});

const float = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && FLOAT.test(data) && !INT.test(data),
  construct: (data: string) => {
    const lower = data.toLowerCase();
    if (lower.endsWith('.nan')) return NaN;
    if (lower.endsWith('.inf')) return lower.startsWith('-') ? -Infinity : Infinity;
    return Number(data);
  },
});

export const YAML_1_2_CORE = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, bool, int, float] });

/**
 * Whether every mapping key in the data was a plain string. js-yaml and `yaml` stringify null and
 * collection keys differently ("null" against "", "a,b" against "[ a, b ]"); a spec never needs
 * such keys, so a document that may hold one is left to the positioned parser.
 */
export function hasOnlyPlainKeys(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(hasOnlyPlainKeys);
  for (const [key, item] of Object.entries(value)) {
    if (key === 'null' || key.includes(',') || key.includes('[object ')) return false;
    if (!hasOnlyPlainKeys(item)) return false;
  }
  return true;
}
