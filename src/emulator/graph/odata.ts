/**
 * The OData query options Graph clients send: $filter (eq, ne, gt, ge, lt, le, startswith,
 * endswith, and, or, not, parentheses, and `any` over collections such as assignedLicenses and
 * proxyAddresses), $search, $orderby, $count with the advanced-query rules, $select, $top with
 * Graph's limits, and paging by an opaque $skiptoken in
 * @odata.nextLink (learn.microsoft.com/graph/paging). A clause it cannot evaluate is refused with
 * Request_UnsupportedQuery rather than ignored.
 */
import { withSkipToken } from '../http/paging.js';
import type { EmuRequest } from '../http/types.js';
import { GRAPH_ERRORS, GraphError } from './errors.js';

type Value = string | number | boolean | null;
type Predicate = (object: Record<string, unknown>) => boolean;

const TOKEN = /\s*('(?:[^']|'')*'|\(|\)|,|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})|:|[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z_][\w./]*|-?\d+(?:\.\d+)?)/iy;

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

/**
 * The operators Graph's directory objects take only as an advanced query (ConsistencyLevel:
 * eventual and $count=true: learn.microsoft.com/graph/aad-advanced-queries), by the name its
 * refusal gives them: "Filter operator 'NotEqualsMatch' is not supported."
 * (microsoft-graph-docs-contrib#9043, 2024; the EndsWith name is inferred from it).
 */
export type AdvancedOperator = 'NotEqualsMatch' | 'EndsWith';

export function parseFilter(text: string, resource: string, known: ReadonlySet<string>, advanced: (operator: AdvancedOperator) => void = () => {}): Predicate {
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
    // A DateTimeOffset literal (activityDateTime ge 2026-12-01T00:00:00Z), compared as the ISO text records hold.
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/i.test(token) && !Number.isNaN(Date.parse(token))) return new Date(token).toISOString();
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
      advanced('NotEqualsMatch');
      next();
      const inner = primary();
      return (object) => !inner(object);
    }
    if (token === 'startswith' || token === 'endswith') {
      if (token === 'endswith') advanced('EndsWith');
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
    if (op === 'ne') advanced('NotEqualsMatch');
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
    // Annotations stay: a polymorphic list (a group's members) keeps each object's @odata.type under
    // $select, which is how a client tells a user from a group (graph-docs group-list-members, its $select example).
    for (const key of Object.keys(object)) if (wanted.has(lowerName(key)) || key.startsWith('@odata.')) kept[key] = object[key];
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
  const rules = advancedQuery(request);
  const filter = query.get('$filter');
  const search = query.get('$search');
  const orderBy = query.get('$orderby');
  const whole = filter !== null || search !== null || orderBy !== null;
  let items: readonly (T | Record<string, unknown>)[] = records;
  if (whole) {
    let objects = records.map(present);
    if (filter !== null) objects = objects.filter(parseFilter(filter, options.resource, options.known, rules.operator));
    if (search !== null) objects = objects.filter(searchPredicate(search, options));
    if (orderBy !== null) objects = sortBy(objects, orderBy, options, rules);
    items = objects;
  }
  const build = (item: T | Record<string, unknown>): Record<string, unknown> => (whole ? (item as Record<string, unknown>) : present(item as T));
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
  };
  if (rules.count) body['@odata.count'] = items.length;
  body.value = page.map((item) => keep(build(item)));
  if (skip + top < items.length) body['@odata.nextLink'] = withSkipToken(request.url, baseUrl, skip + top);
  return body;
}

interface AdvancedRules {
  /** $count=true was asked for (and allowed). */
  readonly count: boolean;
  /** Whether the request is an advanced query: ConsistencyLevel: eventual and $count=true. */
  readonly advanced: boolean;
  /** Called for each operator that needs an advanced query; refuses it otherwise. */
  readonly operator: (operator: AdvancedOperator) => void;
}

/**
 * Graph's rules for directory objects (learn.microsoft.com/graph/aad-advanced-queries): $count
 * and $search need `ConsistencyLevel: eventual`; ne, not and endsWith, and $orderby on other
 * than the default sort properties, need it and $count=true as well. Refusals: `$search` without
 * the header in the words of that page's error table, `$count` without it "$count is not
 * currently supported." (community reports; inferred), an operator "Filter operator
 * 'NotEqualsMatch' is not supported.", a sort "Sorting not supported for current query.".
 */
function advancedQuery(request: EmuRequest): AdvancedRules {
  const query = request.url.searchParams;
  const eventual = String(request.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  const countText = query.get('$count');
  const count = countText !== null && countText.toLowerCase() === 'true';
  if (count && !eventual) throw new GraphError(400, 'Request_BadRequest', '$count is not currently supported.');
  if (query.get('$search') !== null && !eventual)
    throw GRAPH_ERRORS.unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  const advanced = eventual && count;
  return {
    count,
    advanced,
    operator: (operator) => {
      if (!advanced) throw GRAPH_ERRORS.unsupportedQuery(`Filter operator '${operator}' is not supported.`);
    },
  };
}

/**
 * `$search="displayName:con"`: clauses in double quotes, each `property:words`, joined by AND or OR;
 * a clause matches where every word starts a word of the property's value, without case (Graph
 * tokenizes on spaces, case changes and punctuation: learn.microsoft.com/graph/search-query-parameter).
 */
function searchPredicate(text: string, options: ListOptions): (object: Record<string, unknown>) => boolean {
  const clauses: { join: 'and' | 'or'; property: string; words: string[] }[] = [];
  const pattern = /\s*(?:(AND|OR)\s+)?"([^":]+):([^"]*)"/giy;
  let position = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const property = (match[2] as string).trim();
    if (!options.known.has(property.toLowerCase()))
      throw GRAPH_ERRORS.badRequest(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${options.resource}'.`);
    clauses.push({ join: (match[1] ?? 'and').toLowerCase() as 'and' | 'or', property, words: (match[3] as string).toLowerCase().split(/\s+/).filter(Boolean) });
    position = pattern.lastIndex;
  }
  if (clauses.length === 0 || text.slice(position).trim() !== '')
    throw GRAPH_ERRORS.badRequest(`Syntax error in $search: ${JSON.stringify(text)}. Write clauses as "property:value" in double quotes, joined by AND or OR.`);
  const matches = (object: Record<string, unknown>, clause: (typeof clauses)[number]): boolean => {
    const value = Object.entries(object).find(([key]) => key.toLowerCase() === clause.property.toLowerCase())?.[1];
    const tokens = (typeof value === 'string' ? value : '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    return clause.words.every((word) => tokens.some((token) => token.startsWith(word)));
  };
  return (object) =>
    clauses.reduce<boolean>((result, clause, index) => {
      const hit = matches(object, clause);
      if (index === 0) return hit;
      return clause.join === 'or' ? result || hit : result && hit;
    }, false);
}

/** Properties Graph sorts directory objects by without an advanced query. */
const PLAIN_SORT = new Set(['displayname', 'userprincipalname']);

/** `$orderby=prop [asc|desc]`: without an advanced query only displayName and userPrincipalName ("Sorting not supported for current query."). */
function sortBy(objects: Record<string, unknown>[], text: string, options: ListOptions, rules: AdvancedRules): Record<string, unknown>[] {
  const [property = '', direction = 'asc'] = text.trim().split(/\s+/);
  const lower = property.toLowerCase();
  if (!options.known.has(lower) || !['asc', 'desc'].includes(direction.toLowerCase())) throw GRAPH_ERRORS.badRequest(`Invalid $orderby clause: '${text}'.`);
  if (!rules.advanced && !PLAIN_SORT.has(lower)) throw GRAPH_ERRORS.unsupportedQuery('Sorting not supported for current query.');
  const key = (object: Record<string, unknown>): string => {
    const value = Object.entries(object).find(([name]) => name.toLowerCase() === lower)?.[1];
    return value === null || value === undefined ? '' : String(value);
  };
  const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
  return [...objects].sort((a, b) => sign * key(a).localeCompare(key(b), 'en', { sensitivity: 'base' }));
}
