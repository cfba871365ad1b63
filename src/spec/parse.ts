/**
 * YAML text -> document with source positions. The yaml library keeps every node's offset and a
 * LineCounter turns offsets into line and column, so any JSON pointer can be traced to the place
 * it was written.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { pointerSegments, type Finding } from './diagnostics.js';

export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The plain data, or undefined when the text is not a usable YAML document. */
  readonly data: unknown;
  readonly findings: Finding[];
  /** Positions of findings that are not attached to a pointer (syntax errors). */
  readonly positions: Map<Finding, { line: number; column: number }>;
}

/** Aliases allowed per document: enough for real specs, too few for a "billion laughs" expansion. */
const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const findings: Finding[] = [];
  const positions = new Map<Finding, { line: number; column: number }>();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  for (const problem of doc.errors) {
    // yaml marks only the first character of a duplicate key; the key runs to its colon.
    const key = /^[^:\n]*/.exec(text.slice(problem.pos[0]))?.[0].trim();
    const message =
      problem.code === 'DUPLICATE_KEY' && key
        ? `key '${key}' is written twice in one mapping; keep one`
        : `${firstLine(problem.message)}; fix the YAML syntax here`;
    const finding: Finding = { severity: 'error', code: 'SPEC_YAML_SYNTAX', pointer: '', message };
    findings.push(finding);
    positions.set(finding, at(problem.pos[0]));
  }
  if (findings.length > 0) return { doc, lineCounter, data: undefined, findings, positions };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const finding: Finding = {
      severity: 'error',
      code: 'SPEC_YAML_SYNTAX',
      pointer: '',
      message: `${firstLine(cause instanceof Error ? cause.message : String(cause))}; use fewer YAML aliases`,
    };
    findings.push(finding);
    positions.set(finding, { line: 1, column: 1 });
    return { doc, lineCounter, data: undefined, findings, positions };
  }
  return { doc, lineCounter, data, findings, positions };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Where a JSON pointer was written: the value's position, or its key's with atKey. A pointer into
 * something that is not in the file (a default mbx filled in) resolves to its nearest written parent.
 */
export function locate(parsed: ParsedYaml, pointer: string, atKey = false): { line: number; column: number } {
  let node: unknown = parsed.doc.contents;
  let offset = offsetOf(node) ?? 0;
  const segments = pointerSegments(pointer);
  for (const [index, segment] of segments.entries()) {
    if (isAlias(node)) node = node.resolve(parsed.doc);
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && String(isScalar(item.key) ? item.key.value : item.key) === segment);
      if (pair) {
        next = pair.value;
        keyOffset = offsetOf(pair.key);
      }
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined && keyOffset === undefined) break;
    const isLast = index === segments.length - 1;
    offset = (isLast && atKey ? keyOffset : offsetOf(next)) ?? keyOffset ?? offset;
    node = next;
  }
  const pos = parsed.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function offsetOf(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}
