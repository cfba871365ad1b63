/**
 * Source positions from the fast parser (issue 21): js-yaml calls a listener when it opens and
 * closes each node, with its offset, so the fast path records a light tree of where each node was
 * written while it reads the data, and places a diagnostic without the `yaml` library building its
 * full positioned tree (2 s and hundreds of MB for a 10,000-mailbox spec). A mapping's children
 * alternate key and value; a node is a key when the text after it (spaces skipped) is a colon.
 * test/spec/parse.test.ts checks that it places every pointer where the positioned parser does.
 */

interface Frame {
  /** Where js-yaml opened the node: before any separation space; the node starts after it. */
  readonly open: number;
  /** A null: perhaps nothing written, which the positioned parser places by rules of its own. */
  empty?: boolean;
  /** The collection the node made, while its parent closes (to spot a node that only wraps another). */
  made?: object;
  children: Child[];
  /** Mapping keys to the index of their key child, built on the first lookup. */
  keys?: Map<string, number>;
  /** No child is a key: a sequence (worked out on the first lookup). */
  sequence?: boolean;
}

interface Child {
  readonly frame: Frame;
  /** The key's text, for a mapping key. */
  readonly key?: string;
}

export interface NodeTracker {
  /** js-yaml's `listener` option. */
  readonly listener: (event: 'open' | 'close', state: { position: number; result: unknown; kind: string | null }) => void;
  /**
   * Where a pointer was written (its key with atKey), or its nearest written parent, as an offset;
   * undefined where this tree cannot say as the positioned parser would (an empty node, an item
   * js-yaml made without a node), for the caller to ask that parser.
   */
  offset(pointer: string, atKey: boolean, data: unknown): number | undefined;
}

const SPACE = new Set([' ', '\t']);

export function trackNodes(text: string): NodeTracker {
  const stack: Frame[] = [];
  let root: Frame | undefined;

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

  const listener: NodeTracker['listener'] = (event, state) => {
    if (event === 'open') {
      stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = stack.pop() as Frame;
    if (state.result === null || state.result === undefined) frame.empty = true;
    // js-yaml composes some collections twice over (a flow list as a block list's item): the outer
    // node's one child made the same collection, and its children are the outer node's.
    const only = frame.children.length === 1 ? frame.children[0] : undefined;
    if (typeof state.result === 'object' && state.result !== null) {
      if (only !== undefined && only.key === undefined && only.frame.made === state.result) frame.children = only.frame.children;
      frame.made = state.result;
    }
    for (const child of frame.children) delete child.frame.made;
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      root = frame;
      return;
    }
    let after = state.position;
    while (SPACE.has(text[after] ?? '')) after += 1;
    parent.children.push(text[after] === ':' ? { frame, key: String(state.result) } : { frame });
  };

  const keysOf = (frame: Frame): Map<string, number> => {
    if (frame.keys === undefined) {
      frame.keys = new Map();
      frame.children.forEach((child, index) => {
        if (child.key !== undefined && !frame.keys?.has(child.key)) frame.keys?.set(child.key, index);
      });
    }
    return frame.keys;
  };

  return {
    listener,
    offset(pointer, atKey, data) {
      if (root === undefined || root.empty === true) return undefined;
      let frame = root;
      let value: unknown = data;
      let offset = start(root.open);
      const segments =
        pointer === ''
          ? []
          : pointer
              .slice(1)
              .split('/')
              .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
      for (const [position, segment] of segments.entries()) {
        const isLast = position === segments.length - 1;
        const keyIndex = keysOf(frame).get(segment);
        let next: Frame | undefined;
        let keyOffset: number | undefined;
        if (keyIndex !== undefined) {
          keyOffset = start((frame.children[keyIndex] as Child).frame.open);
          const value = frame.children[keyIndex + 1];
          next = value !== undefined && value.key === undefined ? value.frame : undefined;
          // A key with nothing written after it has no value node (or an empty one).
          if ((next === undefined || next.empty === true) && !(isLast && atKey)) return undefined;
        } else if (/^\d+$/.test(segment) && (frame.sequence ??= frame.children.every((child) => child.key === undefined))) {
          next = frame.children[Number(segment)]?.frame;
          if (next === undefined || next.empty === true) return undefined;
        }
        const written = value !== null && typeof value === 'object' && Object.hasOwn(value, segment);
        if (next === undefined && keyOffset === undefined) {
          // Not in the tree though in the data (a key js-yaml read without a colon after it): ask the positioned parser.
          if (written) return undefined;
          break;
        }
        value = written ? (value as Record<string, unknown>)[segment] : undefined;
        offset = isLast && atKey && keyOffset !== undefined ? keyOffset : next !== undefined ? start(next.open) : (keyOffset as number);
        if (next === undefined) break;
        frame = next;
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
