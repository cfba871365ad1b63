/** `mbx validate <spec>`: load and check a spec, returning the result for main.ts to render. */
import { loadSpecFile, type SpecResult } from '../../spec/load.js';
import type { Logger } from '../../logging.js';

export interface ValidateOptions {
  readonly file: string;
  readonly today?: Date;
  readonly logger?: Logger;
}

export async function validate(options: ValidateOptions): Promise<SpecResult> {
  return loadSpecFile(options.file, options);
}
