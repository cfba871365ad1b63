/**
 * The spec pipeline (docs/style.md, rule 5): YAML text -> schema -> normalized Spec -> semantic rules.
 * Returns a result, never throws for anything wrong with the spec; only an unreadable file is an
 * exception (FileError), because then there is no spec to talk about.
 */
import { readFile } from 'node:fs/promises';
import { CHECK_IDS } from '../../checks/catalogue.js';
import { FileError } from '../errors.js';
import { silentLogger, type Logger } from '../logging.js';
import { compareDiagnostics, type Diagnostic, type SpecFinding } from './diagnostics.js';
import { normalize } from './normalize.js';
import { parseYaml } from './parse.js';
import { buildContext, RULES } from './rules/index.js';
import { validateAgainstSchema } from './schema.js';
import type { Spec } from './types.js';
import type { WrittenSpec } from './written.js';

export type SpecResult =
  | { readonly ok: true; readonly spec: Spec; readonly warnings: readonly Diagnostic[]; readonly locate: (pointer: string) => { line: number; column: number } }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

export interface LoadOptions {
  /** Today, for waiver expiry; defaults to the current UTC date. */
  readonly today?: Date;
  /** Check ids waivers may name; defaults to the catalogue in checks/. */
  readonly checkIds?: ReadonlySet<string>;
  readonly logger?: Logger;
}

/** How diagnostics name a spec read from standard input (`-`). */
export const STDIN_NAME = '<stdin>';
let stdinText: Promise<string> | undefined;

/** A spec's text: the file's, or standard input's for `-` (read once, whoever asks again). */
export async function readSpecText(file: string): Promise<string> {
  if (file === '-') {
    stdinText ??= (async () => {
      const parts: Buffer[] = [];
      for await (const part of process.stdin) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(String(part)));
      return Buffer.concat(parts).toString('utf8');
    })();
    return stdinText;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new FileError(file, cause);
  }
}

/** The name a spec goes by in diagnostics and reports: its path, or <stdin>. */
export const specName = (file: string): string => (file === '-' ? STDIN_NAME : file);

export async function loadSpecFile(file: string, options: LoadOptions = {}): Promise<SpecResult> {
  return loadSpecText(await readSpecText(file), specName(file), options);
}

export function loadSpecText(text: string, file: string, options: LoadOptions = {}): SpecResult {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  const parsed = parseYaml(text);
  const place = (finding: SpecFinding, at = parsed.locate(finding.pointer, finding.atKey)): Diagnostic => ({
    severity: finding.severity,
    file,
    line: at.line,
    column: at.column,
    pointer: visible(finding.pointer),
    code: finding.code,
    message: visible(finding.message),
  });
  const finish = (diagnostics: Diagnostic[], spec?: Spec): SpecResult => {
    diagnostics.sort(compareDiagnostics);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    logger.debug({ file, errors: errors.length, warnings: warnings.length, ms: Math.round(performance.now() - started) }, 'spec validated');
    return spec && errors.length === 0 ? { ok: true, spec, warnings, locate: (pointer) => parsed.locate(pointer) } : { ok: false, errors, warnings };
  };

  if (parsed.findings.length > 0) return finish(parsed.findings.map(({ finding, line, column }) => place(finding, { line, column })));
  if (parsed.data === undefined || parsed.data === null) return finish([place(emptyFinding(), { line: 1, column: 1 })]);

  const schemaFindings = validateAgainstSchema(parsed.data);
  if (schemaFindings.length > 0) return finish(schemaFindings.map((finding) => place(finding)));

  const spec = normalize(parsed.data as WrittenSpec, file);
  const context = buildContext(spec, {
    today: (options.today ?? new Date()).toISOString().slice(0, 10),
    checkIds: options.checkIds ?? CHECK_IDS,
  });
  return finish(
    RULES.flatMap((rule) => rule.check(spec, context)).map((finding) => place(finding)),
    spec,
  );
}

/**
 * A message with the control characters a spec's keys and values may hold written as escapes
 * (\x1b, not the byte): a diagnostic must never drive the terminal it is printed on (a key holding
 * an escape sequence once set the terminal's title).
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    const code = char.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

function emptyFinding(): SpecFinding {
  return {
    severity: 'error',
    code: 'SPEC_EMPTY',
    pointer: '',
    message: 'the file holds no YAML document; start from examples/contoso.yaml',
  };
}
