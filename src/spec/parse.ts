/**
 * YAML text -> plain data, and a way back from any JSON pointer to the line and column it was
 * written at.
 *
 * Two parsers, on purpose. The `yaml` library keeps every node's source position, which error
 * messages need, but builds that tree slowly (about 2 s for a 10,000-mailbox spec on the build
 * machine, where the target is under 2 s in all). js-yaml, given the exact YAML 1.2 core schema
 * (yaml-core.ts), reads the same data about 15 times faster but keeps no positions. So data comes
 * from js-yaml, and the positioned `yaml` tree is built only when there is a diagnostic to place.
 * Anything js-yaml refuses, and the constructs listed in LEFT_TO_POSITIONED_PARSER (aliases among
 * them, which `yaml` bounds against "billion laughs" expansion and js-yaml does not), go through
 * `yaml` alone, so its errors and limits are the ones users see. test/spec/parse.test.ts checks that both parsers read every
 * fuzzed document the same way.
 */
import jsYaml from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { pointerSegments, type SpecFinding } from './diagnostics.js';
import { lineIndex, trackNodes } from './locate.js';
import { hasOnlyPlainKeys, YAML_1_2_CORE } from './yaml-core.js';

export interface ParsedYaml {
  /** The plain data, or undefined when the text is not a usable YAML document. */
  readonly data: unknown;
  /** Syntax problems, each with its own position. */
  readonly findings: ReadonlyArray<{ readonly finding: SpecFinding; readonly line: number; readonly column: number }>;
  /** Where a JSON pointer was written: its value, or its key with atKey. */
  locate(pointer: string, atKey?: boolean): { line: number; column: number };
}

/**
 * How deeply a spec may nest: a real one nests 6 levels; past this, both parsers would recurse
 * until the stack gives out, and the user would see "Maximum call stack size exceeded" somewhere.
 */
const MAX_DEPTH = 64;

/** js-yaml's refusal of a document nested past MAX_DEPTH, as a finding at the place it went too deep. */
function tooDeep(error: unknown): ParsedYaml | undefined {
  const problem = error as { reason?: unknown; mark?: { line: number; column: number } };
  if (typeof problem.reason !== 'string' || !problem.reason.includes('maxDepth') || problem.mark === undefined) return undefined;
  return {
    data: undefined,
    findings: [
      {
        finding: {
          severity: 'error',
          code: 'SPEC_YAML_SYNTAX',
          pointer: '',
          message: `nested too deeply (more than ${MAX_DEPTH} levels); a spec nests at most 6: close the lists and mappings opened above`,
        },
        line: problem.mark.line + 1,
        column: problem.mark.column + 1,
      },
    ],
    locate: () => ({ line: problem.mark?.line ?? 0, column: problem.mark?.column ?? 0 }),
  };
}

/** Aliases allowed per document: enough for real specs, too few for a "billion laughs" expansion. */
const MAX_ALIAS_COUNT = 100;

/**
 * Text the fast path leaves to `yaml`, because the two parsers read it differently (each case
 * found by the differential test in test/spec/parse.test.ts) or because only `yaml` bounds it.
 * Real specs rarely hold any of these; a false match only costs the slower parser.
 */
const LEFT_TO_POSITIONED_PARSER: readonly RegExp[] = [
  /(?:^|[\s,[\]{}])[*&!]/, // anchors, aliases (bounded only by yaml) and tags, ! alone included
  /(?:^|[\s,[\]{}])\?(?=\s|$)/, // explicit keys: ? key
  /[\]}] *:(?=\s|$)/, // flow collections as keys: [a]: x
  /(?:^|[\r\n])(?:---|\.\.\.)\S/, // document markers glued to text: ---a
  /[|>][-+]?[1-9]|^\s*[|>]/, // block scalars with an indentation indicator (|2), or at the root
  /\t/, // tabs, which js-yaml tolerates where yaml refuses them
  /\r(?!\n)/, // a lone carriage return: a line break to js-yaml, text to yaml (CRLF is fine)
  /[\s\S]\ufeff/, // a byte-order mark after the start
  /["'[\]{},]#/, // a # glued to a quote or flow indicator: "x"#, {}#, {#
];

const NEEDS_POSITIONED_PARSER = new RegExp(LEFT_TO_POSITIONED_PARSER.map((pattern) => pattern.source).join('|'));

export function parseYaml(text: string): ParsedYaml {
  if (!NEEDS_POSITIONED_PARSER.test(text)) {
    let data: unknown;
    // js-yaml drops a leading byte-order mark before it counts offsets.
    const bom = text.startsWith('\ufeff') ? 1 : 0;
    const nodes = trackNodes(text.slice(bom));
    try {
      // js-yaml reads an empty document as undefined where `yaml` reads null.
      data = jsYaml.load(text, { schema: YAML_1_2_CORE, listener: nodes.listener, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions) ?? null;
    } catch (error) {
      const deep = tooDeep(error);
      if (deep !== undefined) return deep;
      return parseWithPositions(text);
    }
    if (!hasOnlyPlainKeys(data)) return parseWithPositions(text);
    let lines: ((offset: number) => { line: number; column: number }) | undefined;
    let positioned: ParsedYaml | undefined;
    return {
      data,
      findings: [],
      locate: (pointer, atKey = false) => {
        const offset = nodes.offset(pointer, atKey);
        if (offset === undefined) return (positioned ??= parseWithPositions(text)).locate(pointer, atKey);
        return (lines ??= lineIndex(text))(offset + bom);
      },
    };
  }
  return parseWithPositions(text);
}

/** The `yaml` library's parse: positions for everything, and the errors users see. */
export function parseWithPositions(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would otherwise print process warnings (stringified collection keys).
  // uniqueKeys off: yaml's own check compares each key with every other in its mapping, which is
  // quadratic on a wide mapping; duplicateKeys below does the same in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  let index: PositionIndex | undefined;
  const locate = (pointer: string, atKey = false) => at((index ??= positionIndex(doc)).offset(pointer, atKey));
  const syntax = (message: string, offset: number) => ({
    finding: { severity: 'error' as const, code: 'SPEC_YAML_SYNTAX' as const, pointer: '', message },
    ...at(offset),
  });

  // yaml recurses per level and reports the stack giving out where it happened: say what it means, where it began.
  if (doc.errors.some((problem) => problem.message.includes('Maximum call stack size exceeded'))) {
    const offset = deepestOpening(text);
    return {
      data: undefined,
      findings: [syntax(`nested too deeply (more than ${MAX_DEPTH} levels); a spec nests at most 6: close the lists and mappings opened above`, offset)],
      locate,
    };
  }
  const duplicates = doc.errors.length > 0 ? [] : duplicateKeys(doc.contents);
  if (doc.errors.length > 0 || duplicates.length > 0) {
    const findings = [
      ...doc.errors.map((problem) => syntax(`${firstLine(problem.message)}; fix the YAML syntax here`, problem.pos[0])),
      ...duplicates.map(({ key, offset }) => syntax(`key '${key}' is written twice in one mapping; keep one`, offset)),
    ];
    return { data: undefined, findings, locate };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), findings: [], locate };
  } catch (cause) {
    const message = `${firstLine(cause instanceof Error ? cause.message : String(cause))}; use fewer YAML aliases`;
    return { data: undefined, findings: [syntax(message, 0)], locate };
  }
}

/**
 * Where a text first nests past MAX_DEPTH, counting flow brackets and block indentation (quotes and
 * comments skipped roughly): where the "nested too deeply" finding points.
 */
function deepestOpening(text: string): number {
  let flow = 0;
  const indents: number[] = [];
  let lineStart = true;
  let quote: string | undefined;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (lineStart && char !== ' ' && char !== '\n') {
      const indent = at - (text.lastIndexOf('\n', at) + 1);
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
      indents.push(indent);
      lineStart = false;
    }
    if (char === '\n') lineStart = true;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') flow += 1;
    else if (char === ']' || char === '}') flow -= 1;
    if (flow + indents.length > MAX_DEPTH) return at;
  }
  return 0;
}

/** Keys written twice in one mapping, each at its second writing, in one pass over the tree (aliases not followed). */
function duplicateKeys(root: unknown): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (seen.has(key)) found.push({ key, offset: rangeStart(pair.key) ?? 0 });
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

interface PositionIndex {
  offset(pointer: string, atKey: boolean): number;
}

/**
 * Where each JSON pointer of the document was written, computed once for all diagnostics (one
 * walk per diagnostic was quadratic on wide mappings). A pointer into something not in the file
 * resolves to its nearest written parent. A document with aliases keeps the walk per pointer,
 * which follows them; aliases are rare, and expanding them into an index is what they bound.
 */
function positionIndex(doc: Document.Parsed): PositionIndex {
  let hasAlias = false;
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  const root = rangeStart(doc.contents) ?? 0;
  values.set('', root);
  const stack: { node: unknown; pointer: string; offset: number }[] = [{ node: doc.contents, pointer: '', offset: root }];
  while (stack.length > 0 && !hasAlias) {
    const { node, pointer, offset } = stack.pop() as { node: unknown; pointer: string; offset: number };
    const visit = (segment: string, child: unknown, keyOffset: number | undefined): void => {
      const path = `${pointer}/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (values.has(path)) return; // a duplicate key: the first writing places it, as the walk did
      const start = rangeStart(child) ?? keyOffset ?? offset;
      values.set(path, start);
      if (keyOffset !== undefined) keys.set(path, keyOffset);
      if (isAlias(child)) hasAlias = true;
      else stack.push({ node: child, pointer: path, offset: start });
    };
    if (isAlias(node)) hasAlias = true;
    else if (isMap(node)) for (const pair of node.items) visit(String(isScalar(pair.key) ? pair.key.value : pair.key), pair.value, rangeStart(pair.key));
    else if (isSeq(node)) node.items.forEach((item, position) => visit(String(position), item, undefined));
  }
  if (hasAlias) return { offset: (pointer, atKey) => offsetOf(doc, pointer, atKey) };
  return {
    offset(pointer, atKey) {
      if (atKey && keys.has(pointer)) return keys.get(pointer) as number;
      let path = pointer;
      for (;;) {
        const found = values.get(path);
        if (found !== undefined) return found;
        if (path === '') return root;
        path = path.slice(0, path.lastIndexOf('/'));
      }
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The source offset of a JSON pointer's value (or key). A pointer into something that is not in
 * the file (a default mbx filled in) resolves to its nearest written parent.
 */
function offsetOf(doc: Document.Parsed, pointer: string, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  const segments = pointerSegments(pointer);
  for (const [index, segment] of segments.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && String(isScalar(item.key) ? item.key.value : item.key) === segment);
      if (pair) {
        next = pair.value;
        keyOffset = rangeStart(pair.key);
      }
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined && keyOffset === undefined) break;
    const isLast = index === segments.length - 1;
    offset = (isLast && atKey ? keyOffset : rangeStart(next)) ?? keyOffset ?? offset;
    node = next;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}
