/**
 * Source positions from the fast parser (issue 21): js-yaml calls a listener when it opens and
 * closes each node, with its offset, so the fast path records a light tree of where each node was
 * written while it reads the data, and places a diagnostic without the `yaml` library building its
 * full positioned tree (2 s and hundreds of MB for a 10,000-mailbox spec). A mapping's children
 * alternate key and value; a node is a key when the text after it (spaces skipped) is a colon.
 * test/spec/parse.test.ts checks that it places every pointer where the positioned parser does.
 */

export interface NodeTracker {
  /** js-yaml's `listener` option. */
  readonly listener: (event: 'open' | 'close', state: { position: number; result: unknown; kind: string | null }) => void;
  /**
   * Where a pointer was written (its key with atKey), or its nearest written parent, as an offset;
   * undefined where this tree cannot say as the positioned parser would (an empty node, an item
   * js-yaml made without a node), for the caller to ask that parser. Decided from the text alone:
   * the data may since have gained defaults (the schema's), which were never written.
   */
  offset(pointer: string, atKey: boolean): number | undefined;
}

const SPACE = new Set([' ', '\t']);

/** A node's flags. */
const EMPTY = 1; // a null: perhaps nothing written, which the positioned parser places by rules of its own
const KEY = 2; // a mapping key
const UNTRACKED = 4; // a mapping with keys js-yaml read that the tree did not see as keys (no colon after them)
const SEQUENCE_KNOWN = 8;
const SEQUENCE = 16; // no child is a key

/** Mappings with more children than this get a key index on their first lookup; smaller ones are scanned. */
const INDEXED = 32;

/** A growable Int32Array. */
class Int32List {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/**
 * The tree is kept as arrays, a node an index (issue 21: as objects it was 40 MB of a 10,000-mailbox
 * spec's 70): where each node opened, its flags, its key's text, and its children as a range of a
 * shared list, written when it closes (its children close before it does).
 */
export function trackNodes(text: string): NodeTracker {
  const opens = new Int32List();
  const childStart = new Int32List();
  const childCount = new Int32List();
  let flags = new Uint8Array(1024);
  const keyText: (string | undefined)[] = [];
  const children = new Int32List();
  /** The open nodes, innermost last, each with its children so far. */
  const stack: { node: number; children: number[] }[] = [];
  /** The collection each closed node made, until its parent closes (to spot a node that only wraps another). */
  const made = new Map<number, object>();
  const indexes = new Map<number, Map<string, number>>();
  let root: number | undefined;

  /** The first character of content at or after `offset`: separation space, line breaks and comments skipped. */
  const start = (offset: number): number => {
    let at = offset;
    for (;;) {
      const char = text[at];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') at += 1;
      else if (char === '#' && (at === 0 || /\s/.test(text[at - 1] ?? ''))) {
        const end = text.indexOf('\n', at);
        if (end === -1) return text.length;
        at = end;
      } else return at;
    }
  };

  const flag = (node: number, bit: number): void => {
    if (node >= flags.length) {
      const grown = new Uint8Array(flags.length * 2);
      grown.set(flags);
      flags = grown;
    }
    flags[node] = (flags[node] as number) | bit;
  };
  const has = (node: number, bit: number): boolean => ((flags[node] ?? 0) & bit) !== 0;
  const child = (node: number, index: number): number | undefined =>
    index < (childCount.data[node] as number) ? children.data[(childStart.data[node] as number) + index] : undefined;

  const listener: NodeTracker['listener'] = (event, state) => {
    if (event === 'open') {
      const node = opens.length;
      opens.push(state.position);
      childStart.push(0);
      childCount.push(0);
      keyText.push(undefined);
      flag(node, 0);
      stack.push({ node, children: [] });
      return;
    }
    const frame = stack.pop() as { node: number; children: number[] };
    const { node } = frame;
    if (state.result === null || state.result === undefined) flag(node, EMPTY);
    const own = frame.children;
    // js-yaml composes some collections twice over (a flow list as a block list's item): the outer
    // node's one child made the same collection, and its children are the outer node's.
    const only = own.length === 1 ? (own[0] as number) : undefined;
    if (only !== undefined && !has(only, KEY) && typeof state.result === 'object' && state.result !== null && made.get(only) === state.result) {
      childStart.data[node] = childStart.data[only] as number;
      childCount.data[node] = childCount.data[only] as number;
    } else {
      childStart.data[node] = children.length;
      childCount.data[node] = own.length;
      for (const item of own) children.push(item);
    }
    for (const item of frame.children) made.delete(item);
    if (typeof state.result === 'object' && state.result !== null) {
      made.set(node, state.result);
      if (!Array.isArray(state.result)) {
        const seen = new Set<string>();
        for (let index = 0; index < (childCount.data[node] as number); index += 1) {
          const key = keyText[child(node, index) as number];
          if (key !== undefined) seen.add(key);
        }
        if (Object.keys(state.result).some((key) => !seen.has(key))) flag(node, UNTRACKED);
      }
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      root = node;
      made.clear();
      return;
    }
    let after = state.position;
    while (SPACE.has(text[after] ?? '')) after += 1;
    if (text[after] === ':') {
      flag(node, KEY);
      keyText[node] = String(state.result);
    }
    parent.children.push(node);
  };

  /** The index of a mapping's first child that is the key `key`. */
  const keyIndex = (node: number, key: string): number | undefined => {
    const count = childCount.data[node] as number;
    if (count > INDEXED) {
      let index = indexes.get(node);
      if (index === undefined) {
        index = new Map();
        for (let at = 0; at < count; at += 1) {
          const text = keyText[child(node, at) as number];
          if (text !== undefined && !index.has(text)) index.set(text, at);
        }
        indexes.set(node, index);
      }
      return index.get(key);
    }
    for (let at = 0; at < count; at += 1) if (keyText[child(node, at) as number] === key) return at;
    return undefined;
  };

  const isSequence = (node: number): boolean => {
    if (!has(node, SEQUENCE_KNOWN)) {
      flag(node, SEQUENCE_KNOWN);
      let sequence = true;
      for (let at = 0; at < (childCount.data[node] as number) && sequence; at += 1) if (has(child(node, at) as number, KEY)) sequence = false;
      if (sequence) flag(node, SEQUENCE);
    }
    return has(node, SEQUENCE);
  };

  return {
    listener,
    offset(pointer, atKey) {
      if (root === undefined || has(root, EMPTY)) return undefined;
      let node = root;
      let offset = start(opens.data[root] as number);
      const segments =
        pointer === ''
          ? []
          : pointer
              .slice(1)
              .split('/')
              .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
      for (const [position, segment] of segments.entries()) {
        const isLast = position === segments.length - 1;
        const at = keyIndex(node, segment);
        let next: number | undefined;
        let keyOffset: number | undefined;
        if (at !== undefined) {
          keyOffset = start(opens.data[child(node, at) as number] as number);
          const value = child(node, at + 1);
          next = value !== undefined && !has(value, KEY) ? value : undefined;
          // A key with nothing written after it has no value node (or an empty one).
          if ((next === undefined || has(next, EMPTY)) && !(isLast && atKey)) return undefined;
        } else if (/^\d+$/.test(segment) && isSequence(node)) {
          next = child(node, Number(segment));
          if (next === undefined || has(next, EMPTY)) return undefined;
        }
        if (next === undefined && keyOffset === undefined) {
          // Not in the tree, though perhaps written (a key js-yaml read without a colon after it): ask the positioned parser.
          if (has(node, UNTRACKED)) return undefined;
          break;
        }
        offset = isLast && atKey && keyOffset !== undefined ? keyOffset : next !== undefined ? start(opens.data[next] as number) : (keyOffset as number);
        if (next === undefined) break;
        node = next;
      }
      return offset;
    },
  };
}

/** Line and column (both from 1) of offsets in a text, from its line starts found once. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
}
