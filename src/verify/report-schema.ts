/**
 * What `mbx report merge` takes is held to schemas/report.schema.json before anything of it is
 * used (issue 29): a JSON file of another shape (a snapshot, a SARIF log, an object a script wrote)
 * is a named error naming the file, the place in it and what to give instead, never a crash.
 * The head is checked whole; each result as it is read, so a merge of ten shards of 10,000
 * mailboxes never holds a document to validate.
 */
import { UsageError } from '../errors.js';
import { firstSchemaError, schemaValidator } from '../schemas.js';
import { headOf } from './merge.js';
import type { CheckResult, ReportDocument } from './result.js';

export const notAReport = (path: string, detail: string): UsageError =>
  new UsageError(`${path} is not a report mbx verify wrote as JSON (${detail}); give the mbx-report.json each shard's verify --format json wrote`, { path });

/** The head of a report file, or a named error saying why it is not one. */
export function checkedHead(path: string, head: unknown): Omit<ReportDocument, 'results'> {
  const validate = schemaValidator('report.schema.json');
  if (typeof head !== 'object' || head === null || Array.isArray(head)) throw notAReport(path, 'not a JSON object');
  if (!validate({ ...head, results: [] })) throw notAReport(path, firstSchemaError(validate.errors));
  return headOf(head as ReportDocument);
}

/** One result of a report file, or a named error saying where it is not one. */
export function checkedResult(path: string, at: number, result: unknown): CheckResult {
  const validate = schemaValidator('report.schema.json', '#/$defs/result');
  if (!validate(result)) throw notAReport(path, `result ${at + 1}: ${firstSchemaError(validate.errors)}`);
  return result as CheckResult;
}
