/**
 * What `mbx report merge` takes is held to schemas/report.schema.json before anything of it is
 * used (issue 29): a JSON file of another shape (a snapshot, a SARIF log, an object a script wrote)
 * is a named error naming the file, the place in it and what to give instead, never a crash.
 * The head is checked whole; each result as it is read, so a merge of ten shards of 10,000
 * mailboxes never holds a document to validate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { CheckResult, ReportDocument } from './result.js';

// ajv-formats is CommonJS; under nodenext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let compiled: { head: ValidateFunction; result: ValidateFunction } | undefined;

function validators(): { head: ValidateFunction; result: ValidateFunction } {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'report.schema.json'), 'utf8')) as { $id: string };
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    addFormats(ajv, ['date-time']);
    ajv.addSchema(schema);
    // The head with an empty results array stands for the whole document.
    compiled = { head: ajv.compile({ $ref: schema.$id }), result: ajv.compile({ $ref: `${schema.$id}#/$defs/result` }) };
  }
  return compiled;
}

const why = (errors: ErrorObject[] | null | undefined): string => {
  const [first] = errors ?? [];
  return first === undefined ? 'not the shape of a report' : `${first.instancePath || '/'} ${first.message ?? 'is not valid'}`;
};

export const notAReport = (path: string, detail: string): UsageError =>
  new UsageError(`${path} is not a report mbx verify wrote as JSON (${detail}); give the mbx-report.json each shard's verify --format json wrote`, { path });

/** The head of a report file, or a named error saying why it is not one. */
export function checkedHead(path: string, head: unknown): Omit<ReportDocument, 'results'> {
  const { head: validate } = validators();
  if (typeof head !== 'object' || head === null || Array.isArray(head)) throw notAReport(path, 'not a JSON object');
  if (!validate({ ...head, results: [] })) throw notAReport(path, why(validate.errors));
  return Object.fromEntries(Object.entries(head).filter(([name]) => name !== 'results')) as unknown as Omit<ReportDocument, 'results'>;
}

/** One result of a report file, or a named error saying where it is not one. */
export function checkedResult(path: string, at: number, result: unknown): CheckResult {
  const { result: validate } = validators();
  if (!validate(result)) throw notAReport(path, `result ${at + 1}: ${why(validate.errors)}`);
  return result as CheckResult;
}
