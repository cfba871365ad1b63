/** What a cmdlet handler is: its parameters, and a function from bound parameters to objects. */
import type { EmulatorContext } from '../context.js';
import type { Tenant } from '../store/store.js';
import type { ParamKind, Params } from './params.js';

export interface CmdletContext {
  readonly context: EmulatorContext;
  readonly tenant: Tenant;
  readonly now: Date;
}

/** An object, or a function that builds it: Get-* cmdlets hand back builders so only the page asked for is built. */
export type Row = Record<string, unknown> | (() => Record<string, unknown>);

export interface CmdletResult {
  readonly value: readonly Row[];
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
