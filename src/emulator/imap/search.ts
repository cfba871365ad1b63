/**
 * SEARCH (RFC 3501 6.4.4): sequence sets, and the search keys read from a token list one key (with
 * its arguments) at a time into tests on a message and its 0-based index. The common keys; an
 * unknown one is a syntax error, which the session answers `BAD`.
 */
import type { MailMessage } from '../store/model.js';
import { ImapSyntaxError, text, type Token } from './parser.js';

/** The numbers a sequence set names (`1:3,5,7:*`), `*` being `max`. */
export function sequenceSet(textValue: string, max: number): Set<number> {
  const numbers = new Set<number>();
  for (const range of textValue.split(',')) {
    const [first, last = first] = range.split(':').map((part) => (part === '*' ? max : Number(part))) as [number, number?];
    if (!Number.isInteger(first) || !Number.isInteger(last)) throw new ImapSyntaxError(`Invalid sequence set ${textValue}.`);
    const [low, high] = first <= (last as number) ? [first, last as number] : [last as number, first];
    for (let number = low; number <= Math.min(high, Math.max(max, low)); number += 1) numbers.add(number);
  }
  return numbers;
}

export type SearchTest = (message: MailMessage, index: number) => boolean;

/** Reads search keys from a token list, one key (with its arguments) at a time. */
export class SearchCursor {
  constructor(
    private readonly keys: readonly Token[],
    private position = 0,
  ) {}

  done(): boolean {
    return this.position >= this.keys.length;
  }

  next(owner: { bounds(): { count: number; maxUid: number } }): SearchTest {
    const token = this.keys[this.position++];
    if (token === undefined) throw new ImapSyntaxError('Missing search key.');
    if (token.kind === 'list') {
      const inner = new SearchCursor(token.items);
      const tests: SearchTest[] = [];
      while (!inner.done()) tests.push(inner.next(owner));
      return (message, index) => tests.every((test) => test(message, index));
    }
    const key = (text(token) ?? '').toUpperCase();
    const argument = (): string => {
      const value = text(this.keys[this.position++]);
      if (value === undefined) throw new ImapSyntaxError(`${key} needs an argument.`);
      return value;
    };
    const flag =
      (name: string, present: boolean): SearchTest =>
      (message) =>
        message.flags.includes(name) === present;
    const header = (name: string, value: string): SearchTest => {
      const wanted = value.toLowerCase();
      return (message) => {
        const raw = Buffer.from(message.raw, 'latin1').toString('utf8');
        const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
        return head.split(/\r?\n(?![ \t])/).some(
          (line) =>
            line.toLowerCase().startsWith(`${name.toLowerCase()}:`) &&
            line
              .slice(name.length + 1)
              .toLowerCase()
              .includes(wanted),
        );
      };
    };
    const date = (value: string): number => Date.parse(value.replace(/^(\d+)-(\w+)-(\d+)$/, '$1 $2 $3 UTC'));
    const day = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
    switch (key) {
      case 'ALL':
        return () => true;
      case 'SEEN':
      case 'UNSEEN':
        return flag('\\Seen', key === 'SEEN');
      case 'DELETED':
      case 'UNDELETED':
        return flag('\\Deleted', key === 'DELETED');
      case 'FLAGGED':
      case 'UNFLAGGED':
        return flag('\\Flagged', key === 'FLAGGED');
      case 'ANSWERED':
      case 'UNANSWERED':
        return flag('\\Answered', key === 'ANSWERED');
      case 'DRAFT':
      case 'UNDRAFT':
        return flag('\\Draft', key === 'DRAFT');
      case 'KEYWORD':
      case 'UNKEYWORD': {
        const name = argument();
        return flag(name, key === 'KEYWORD');
      }
      case 'FROM':
      case 'TO':
      case 'CC':
      case 'BCC':
      case 'SUBJECT':
        return header(key, argument());
      case 'HEADER': {
        const name = argument();
        return header(name, argument());
      }
      case 'BODY':
      case 'TEXT': {
        const wanted = argument().toLowerCase();
        return (message) => Buffer.from(message.raw, 'latin1').toString('utf8').toLowerCase().includes(wanted);
      }
      case 'LARGER': {
        const size = Number(argument());
        return (message) => message.size > size;
      }
      case 'SMALLER': {
        const size = Number(argument());
        return (message) => message.size < size;
      }
      case 'SINCE':
      case 'BEFORE':
      case 'ON': {
        const when = date(argument());
        return (message) =>
          key === 'SINCE'
            ? day(message.receivedDateTime) >= when
            : key === 'BEFORE'
              ? day(message.receivedDateTime) < when
              : day(message.receivedDateTime) === when;
      }
      case 'UID': {
        const uids = sequenceSet(argument(), owner.bounds().maxUid);
        return (message) => uids.has(message.uid);
      }
      case 'NOT': {
        const inner = this.next(owner);
        return (message, index) => !inner(message, index);
      }
      case 'OR': {
        const left = this.next(owner);
        const right = this.next(owner);
        return (message, index) => left(message, index) || right(message, index);
      }
      default: {
        if (/^[\d*:,]+$/.test(key)) {
          const numbers = sequenceSet(key, owner.bounds().count);
          return (_message, index) => numbers.has(index + 1);
        }
        throw new ImapSyntaxError(`Unknown search key ${key}.`);
      }
    }
  }
}

export function sequenceSetOf(token: Token | undefined, max: number): Set<number> {
  const value = text(token);
  if (value === undefined) throw new ImapSyntaxError('Missing sequence set.');
  return sequenceSet(value, max);
}
