/**
 * mbx's own JSON Schemas (schemas/) as validators, compiled once per process: a file mbx reads
 * back (a report to merge, a snapshot to diff) is held to the schema it was written by before any
 * of it is used, so a file of another shape is a named error naming the place, never a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PACKAGE_ROOT } from './paths.js';

// ajv-formats is CommonJS; under nodenext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const compiled = new Map<string, ValidateFunction>();
let ajv: Ajv2020 | undefined;

/** A validator for a schema file of schemas/, or for a definition in it (`#/$defs/result`). */
export function schemaValidator(file: string, fragment = ''): ValidateFunction {
  const key = `${file}${fragment}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv2020({ allErrors: false, strict: false });
      addFormats(ajv, ['date', 'date-time']);
    }
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', file), 'utf8')) as { $id: string };
    if (ajv.getSchema(schema.$id) === undefined) ajv.addSchema(schema);
    validate = ajv.compile({ $ref: `${schema.$id}${fragment}` });
    compiled.set(key, validate);
  }
  return validate;
}

/** The first error of a validation, as the place and what is wrong there. */
export function firstSchemaError(errors: ErrorObject[] | null | undefined): string {
  const [first] = errors ?? [];
  return first === undefined ? 'not the shape the schema gives' : `${first.instancePath || '/'} ${first.message ?? 'is not valid'}`;
}
