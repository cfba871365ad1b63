/** What a cmdlet handler is: its parameters, and a function from bound parameters to objects. */
import type { EmulatorContext } from '../context.js';
import type { Tenant } from '../store/store.js';
import type { ParamKind, Params } from './params.js';

export interface CmdletContext {
  readonly context: EmulatorContext;
  readonly tenant: Tenant;
  readonly now: Date;
}

/**
 * A row whose JSON, as UTF-8, is cached with the immutable record it shows (present.ts), so a
 * page of full mailbox objects is mostly a copy of bytes.
 */
export class SerializedRow {
  constructor(
    readonly object: () => Record<string, unknown>,
    readonly json: () => Buffer,
  ) {}
}

/**
 * An object, or something that builds it: Get-* cmdlets hand back builders so only the page asked
 * for is built.
 */
export type Row = Record<string, unknown> | (() => Record<string, unknown>) | SerializedRow;

export function rowObject(row: Row): Record<string, unknown> {
  if (row instanceof SerializedRow) return row.object();
  return typeof row === 'function' ? row() : row;
}

export function rowJson(row: Row): Buffer {
  return row instanceof SerializedRow ? row.json() : Buffer.from(JSON.stringify(rowObject(row)));
}

/**
 * Records turned into rows only when sliced: paging a 10,000-mailbox result builds the page's
 * rows, not 10,000 of them.
 */
export class LazyRows<T> implements RowSource {
  constructor(
    private readonly items: readonly T[],
    private readonly row: (item: T) => Row,
  ) {}

  get length(): number {
    return this.items.length;
  }

  slice(start?: number, end?: number): Row[] {
    return this.items.slice(start, end).map(this.row);
  }
}

/** What a cmdlet's rows need to offer to be paged: an array of rows is one. */
export interface RowSource {
  readonly length: number;
  slice(start?: number, end?: number): Row[];
}

export interface CmdletResult {
  readonly value: RowSource;
  readonly warnings?: readonly string[];
}

export interface Cmdlet {
  readonly name: string;
  readonly parameters: Readonly<Record<string, ParamKind>>;
  readonly required?: readonly string[];
  /** Get-* cmdlets page and honour ResultSize. */
  readonly pages?: boolean;
  run(params: Params, context: CmdletContext): CmdletResult;
}

export const NONE: CmdletResult = { value: [] };
