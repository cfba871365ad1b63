/**
 * The OData query options Graph clients send: $filter (eq, ne, gt, ge, lt, le, startswith,
 * endswith, and, or, not, parentheses, and `any` over collections such as assignedLicenses and
 * proxyAddresses), $select, $top with Graph's limits, and paging by an opaque $skiptoken in
 * @odata.nextLink (learn.microsoft.com/graph/paging). A clause it cannot evaluate is refused with
 * Request_UnsupportedQuery rather than ignored.
 */
import { withSkipToken } from '../http/paging.js';
import type { EmuRequest } from '../http/types.js';
import { GRAPH_ERRORS, GraphError } from './errors.js';

type Value = string | number | boolean | null;
type Predicate = (object: Record<string, unknown>) => boolean;

const TOKEN = /\s*('(?:[^']|'')*'|\(|\)|,|:|[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z_][\w./]*|-?\d+(?:\.\d+)?)/iy;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const position = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) {
      if (text.slice(position).trim() === '') break;
      throw GRAPH_ERRORS.badRequest(`Invalid filter clause: syntax error at position ${position} in '${text}'.`);
    }
    tokens.push(match[1] as string);
  }
  return tokens;
}

function get(object: unknown, path: string): unknown {
  let current = object;
  for (const part of path.split('/')) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = Object.keys(current).find((candidate) => candidate.toLowerCase() === part.toLowerCase());
    current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
  }
  return current;
}

function compare(op: string, actual: unknown, expected: Value): boolean {
  const a = typeof actual === 'string' ? actual.toLowerCase() : (actual ?? null);
  const b = typeof expected === 'string' ? expected.toLowerCase() : expected;
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null || typeof a !== typeof b) return false;
  const [x, y] = [a as string | number, b as string | number];
  if (op === 'gt') return x > y;
  if (op === 'ge') return x >= y;
  if (op === 'lt') return x < y;
  return op === 'le' && x <= y;
}

export function parseFilter(text: string, resource: string, known: ReadonlySet<string>): Predicate {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): string | undefined => tokens[position]?.toLowerCase();
  const next = (): string => {
    const token = tokens[position++];
    if (token === undefined) throw GRAPH_ERRORS.badRequest(`Invalid filter clause: '${text}' ends too early.`);
    return token;
  };
  const expect = (token: string): void => {
    if (next().toLowerCase() !== token) throw GRAPH_ERRORS.badRequest(`Invalid filter clause: expected '${token}' in '${text}'.`);
  };
  const property = (path: string): string => {
    const root = path.split('/')[0] as string;
    if (!known.has(root.toLowerCase()))
      throw GRAPH_ERRORS.unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${root}' of resource '${resource}'.`);
    return path;
  };
  const literal = (): Value => {
    const token = next();
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true';
    if (/^null$/i.test(token)) return null;
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    if (/^[0-9a-f]{8}-/i.test(token)) return token;
    throw GRAPH_ERRORS.badRequest(`Invalid filter clause: '${token}' is not a value.`);
  };
  const primary = (): Predicate => {
    const token = peek();
    if (token === '(') {
      next();
      const inner = or();
      expect(')');
      return inner;
    }
    if (token === 'not') {
      next();
      const inner = primary();
      return (object) => !inner(object);
    }
    if (token === 'startswith' || token === 'endswith') {
      next();
      expect('(');
      const path = property(next());
      expect(',');
      const value = String(literal()).toLowerCase();
      expect(')');
      return (object) => {
        const actual = get(object, path);
        if (typeof actual !== 'string') return false;
        return token === 'startswith' ? actual.toLowerCase().startsWith(value) : actual.toLowerCase().endsWith(value);
      };
    }
    const path = next();
    const anyMatch = /^(.+)\/any$/i.exec(path);
    if (anyMatch !== null) {
      const collection = property(anyMatch[1] as string);
      expect('(');
      const variable = next();
      expect(':');
      const inner = next();
      const member = inner.toLowerCase() === variable.toLowerCase() ? '' : inner.slice(variable.length + 1);
      const op = next().toLowerCase();
      const value = literal();
      expect(')');
      return (object) => {
        const items = get(object, collection);
        return Array.isArray(items) && items.some((item) => compare(op, member === '' ? item : get(item, member), value));
      };
    }
    const checked = property(path);
    const op = next().toLowerCase();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw GRAPH_ERRORS.badRequest(`Invalid filter clause: the operator '${op}' is not supported.`);
    const value = literal();
    return (object) => compare(op, get(object, checked), value);
  };
  const and = (): Predicate => {
    let left = primary();
    while (peek() === 'and') {
      next();
      const [l, r] = [left, primary()];
      left = (object) => l(object) && r(object);
    }
    return left;
  };
  const or = (): Predicate => {
    let left = and();
    while (peek() === 'or') {
      next();
      const [l, r] = [left, and()];
      left = (object) => l(object) || r(object);
    }
    return left;
  };
  const predicate = or();
  if (position !== tokens.length) throw GRAPH_ERRORS.badRequest(`Invalid filter clause: unexpected '${tokens[position]}' in '${text}'.`);
  return predicate;
}

/** Property names lower-cased once, not once per object of every page. */
const lowered = new Map<string, string>();
function lowerName(name: string): string {
  let lower = lowered.get(name);
  if (lower === undefined) lowered.set(name, (lower = name.toLowerCase()));
  return lower;
}

/** What $select (or, without it, the default set) keeps of each object. */
export function fieldSelector(select: string | null, defaults: readonly string[] | undefined): (object: Record<string, unknown>) => Record<string, unknown> {
  const names = select === null ? defaults : ['id', ...select.split(',').map((name) => name.trim())];
  if (names === undefined) return (object) => object;
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return (object) => {
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(object)) if (wanted.has(lowerName(key))) kept[key] = object[key];
    return kept;
  };
}

export interface ListOptions {
  readonly resource: string;
  /** The entity set's name in @odata.context, e.g. `users`. */
  readonly entitySet: string;
  readonly known: ReadonlySet<string>;
  /** Properties returned without $select (Graph's default set); undefined: all. */
  readonly defaults?: readonly string[];
  readonly defaultTop: number;
  readonly maxTop: number;
}

/**
 * Filter, page and project a collection; answers Graph's collection body. Records are turned into
 * wire objects by `present`, only for the page sent back unless a $filter needs them all.
 */
export function listResponse<T>(
  request: EmuRequest,
  baseUrl: string,
  records: readonly T[],
  present: (record: T) => Record<string, unknown>,
  options: ListOptions,
): Record<string, unknown> {
  const query = request.url.searchParams;
  const filter = query.get('$filter');
  const items: readonly (T | Record<string, unknown>)[] =
    filter === null ? records : records.map(present).filter(parseFilter(filter, options.resource, options.known));
  const build = (item: T | Record<string, unknown>): Record<string, unknown> => (filter === null ? present(item as T) : (item as Record<string, unknown>));
  const topText = query.get('$top');
  const top = topText === null ? options.defaultTop : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > options.maxTop) {
    throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${topText}'. Must be between 1 and ${options.maxTop} inclusive.`);
  }
  const skip = Number(Buffer.from(query.get('$skiptoken') ?? '', 'base64url').toString() || '0');
  const page = items.slice(skip, skip + top);
  const select = query.get('$select');
  const keep = fieldSelector(select, options.defaults);
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl}/v1.0/$metadata#${options.entitySet}${select === null ? '' : `(${select})`}`,
    value: page.map((item) => keep(build(item))),
  };
  if (skip + top < items.length) body['@odata.nextLink'] = withSkipToken(request.url, baseUrl, skip + top);
  return body;
}
