/**
 * IMAP4rev1 command syntax (RFC 3501 section 9; LITERAL+ from RFC 7888): a command arrives as
 * lines with literals between them, and is tokenized into atoms, quoted strings, literals and
 * parenthesized lists. A fetch attribute such as `BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>` is
 * one atom: brackets and the partial suffix belong to it.
 */

export type Token =
  | { readonly kind: 'atom'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'literal'; readonly value: Buffer }
  | { readonly kind: 'list'; readonly items: readonly Token[] };

/** A command as received: text segments with the literals that followed them. */
export interface RawCommand {
  readonly segments: readonly string[];
  readonly literals: readonly Buffer[];
}

export class ImapSyntaxError extends Error {}

/** The `{n}` or `{n+}` a line ends with: how many bytes of literal follow, and whether the client waits for `+`. */
export function literalAtEnd(line: string): { size: number; nonSync: boolean } | undefined {
  const match = /\{(\d+)(\+?)\}$/.exec(line);
  return match === null ? undefined : { size: Number(match[1]), nonSync: match[2] === '+' };
}

/** The tokens of a command; the first two are the tag and the command name. */
export function tokenize(command: RawCommand): Token[] {
  const stack: Token[][] = [[]];
  const push = (token: Token): void => {
    (stack[stack.length - 1] as Token[]).push(token);
  };
  command.segments.forEach((segment, index) => {
    let position = 0;
    const text = index < command.literals.length ? segment.replace(/\{\d+\+?\}$/, '') : segment;
    while (position < text.length) {
      const char = text[position] as string;
      if (char === ' ') {
        position += 1;
      } else if (char === '(') {
        stack.push([]);
        position += 1;
      } else if (char === ')') {
        const items = stack.pop();
        if (items === undefined || stack.length === 0) throw new ImapSyntaxError('Unbalanced parentheses.');
        push({ kind: 'list', items });
        position += 1;
      } else if (char === '"') {
        let value = '';
        position += 1;
        for (;;) {
          const next = text[position];
          if (next === undefined) throw new ImapSyntaxError('Unterminated quoted string.');
          position += 1;
          if (next === '"') break;
          value += next === '\\' ? (text[position++] ?? '') : next;
        }
        push({ kind: 'string', value });
      } else {
        // An atom, with any [...] section (which may hold spaces and parentheses) and <...> partial.
        let value = '';
        let depth = 0;
        while (position < text.length) {
          const next = text[position] as string;
          if (depth === 0 && (next === ' ' || next === '(' || next === ')')) break;
          if (next === '[') depth += 1;
          if (next === ']') depth -= 1;
          value += next;
          position += 1;
        }
        push({ kind: 'atom', value });
      }
    }
    const literal = command.literals[index];
    if (literal !== undefined) push({ kind: 'literal', value: literal });
  });
  if (stack.length !== 1) throw new ImapSyntaxError('Unbalanced parentheses.');
  return stack[0] as Token[];
}

/** A token as text: an atom, a string or a literal (astring in RFC 3501). */
export function text(token: Token | undefined): string | undefined {
  if (token === undefined || token.kind === 'list') return undefined;
  return token.kind === 'literal' ? token.value.toString('utf8') : token.value;
}

/** Quote a string for a response: NIL for null, a quoted string where it can be, else a literal. */
export function quote(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'NIL';
  if (/[\r\n]/.test(value) || /[^\x20-\x7e]/.test(value)) return `{${Buffer.byteLength(value)}}\r\n${value}`;
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
