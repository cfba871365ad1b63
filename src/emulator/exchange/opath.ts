/**
 * The OPATH filters mbx and common scripts send to -Filter: comparisons (-eq, -ne, -like,
 * -notlike) of a property with a quoted value, joined by -and / -or, negated by -not, grouped by
 * parentheses. Properties are read from the object the cmdlet returns. Anything else is refused
 * with Exchange's "Invalid filter syntax" text rather than guessed at.
 */
import { CMDLET_ERRORS } from './errors.js';

type Node =
  | { readonly kind: 'compare'; readonly property: string; readonly op: string; readonly value: string }
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'not'; readonly inner: Node };

const TOKEN = /\s*(\(|\)|-and\b|-or\b|-not\b|-eq\b|-ne\b|-like\b|-notlike\b|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$true|\$false|\$null|[A-Za-z][\w.]*)/giy;

function invalid(filter: string): Error {
  return CMDLET_ERRORS.badValue(
    'Filter',
    `Invalid filter syntax. For a description of the filter parameter syntax see the command help. "${filter}" at position 1.`,
  );
}

function tokenize(filter: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    const match = TOKEN.exec(filter);
    if (match === null) {
      if (filter.slice(TOKEN.lastIndex).trim() === '') break;
      throw invalid(filter);
    }
    tokens.push(match[1] as string);
  }
  return tokens;
}

export function parseFilter(filter: string): (object: Record<string, unknown>) => boolean {
  const tokens = tokenize(filter);
  let position = 0;
  const peek = (): string | undefined => tokens[position]?.toLowerCase();
  const next = (): string => {
    const token = tokens[position++];
    if (token === undefined) throw invalid(filter);
    return token;
  };
  const primary = (): Node => {
    if (peek() === '(') {
      next();
      const inner = or();
      if (next() !== ')') throw invalid(filter);
      return inner;
    }
    if (peek() === '-not') {
      next();
      return { kind: 'not', inner: primary() };
    }
    const property = next();
    const op = next().toLowerCase();
    if (!['-eq', '-ne', '-like', '-notlike'].includes(op) || !/^[A-Za-z]/.test(property)) throw invalid(filter);
    const raw = next();
    const value = /^['"]/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'").replace(/""/g, '"') : raw;
    return { kind: 'compare', property, op, value };
  };
  const and = (): Node => {
    let left = primary();
    while (peek() === '-and') {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (peek() === '-or') {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (position !== tokens.length) throw invalid(filter);
  return (object) => evaluate(tree, object);
}

function like(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(value);
}

function evaluate(node: Node, object: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, object) && evaluate(node.right, object);
    case 'or':
      return evaluate(node.left, object) || evaluate(node.right, object);
    case 'not':
      return !evaluate(node.inner, object);
    case 'compare': {
      const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === node.property.toLowerCase());
      const actual = key === undefined ? undefined : object[key];
      const values = (Array.isArray(actual) ? actual : [actual]).map((item) => (item === null || item === undefined ? '$null' : String(item)));
      const expected = node.value.toLowerCase() === '$true' ? 'true' : node.value.toLowerCase() === '$false' ? 'false' : node.value;
      const hit = values.some((item) => (node.op.endsWith('like') ? like(expected, item) : item.toLowerCase() === expected.toLowerCase()));
      return node.op === '-ne' || node.op === '-notlike' ? !hit : hit;
    }
  }
}
