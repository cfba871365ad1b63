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
import { hasOnlyPlainKeys, YAML_1_2_CORE } from './yaml-core.js';

export interface ParsedYaml {
  /** The plain data, or undefined when the text is not a usable YAML document. */
  readonly data: unknown;
  /** Syntax problems, each with its own position. */
  readonly findings: ReadonlyArray<{ readonly finding: SpecFinding; readonly line: number; readonly column: number }>;
  /** Where a JSON pointer was written: its value, or its key with atKey. */
  locate(pointer: string, atKey?: boolean): { line: number; column: number };
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
    try {
      // js-yaml reads an empty document as undefined where `yaml` reads null.
      data = jsYaml.load(text, { schema: YAML_1_2_CORE }) ?? null;
    } catch {
      return parseWithPositions(text);
    }
    if (!hasOnlyPlainKeys(data)) return parseWithPositions(text);
    let positioned: ParsedYaml | undefined;
    return {
      data,
      findings: [],
      locate: (pointer, atKey) => (positioned ??= parseWithPositions(text)).locate(pointer, atKey),
    };
  }
  return parseWithPositions(text);
}

/** The `yaml` library's parse: positions for everything, and the errors users see. */
export function parseWithPositions(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would otherwise print process warnings (stringified collection keys).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const locate = (pointer: string, atKey = false) => at(offsetOf(doc, pointer, atKey));
  const syntax = (message: string, offset: number) => ({
    finding: { severity: 'error' as const, code: 'SPEC_YAML_SYNTAX' as const, pointer: '', message },
    ...at(offset),
  });

  if (doc.errors.length > 0) {
    const findings = doc.errors.map((problem) => {
      // yaml marks only the first character of a duplicate key; the key runs to its colon.
      const key = /^[^:\n]*/.exec(text.slice(problem.pos[0]))?.[0].trim();
      const message =
        problem.code === 'DUPLICATE_KEY' && key
          ? `key '${key}' is written twice in one mapping; keep one`
          : `${firstLine(problem.message)}; fix the YAML syntax here`;
      return syntax(message, problem.pos[0]);
    });
    return { data: undefined, findings, locate };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), findings: [], locate };
  } catch (cause) {
    const message = `${firstLine(cause instanceof Error ? cause.message : String(cause))}; use fewer YAML aliases`;
    return { data: undefined, findings: [syntax(message, 0)], locate };
  }
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
