// The spec's written types, from its JSON Schema (the contract): src/spec/written.gen.ts. The
// schema as mbx reads it has its defaults filled in (ajv's useDefaults), so a property with a
// default is required in the type. `npm run spec-types` writes the file; test/spec/written.test.ts
// fails when the file and the schema differ. json-schema-to-typescript, not a type-level library:
// the schema stays a JSON file (yaml-language-server and the policy pack read it), and a type
// inferred from a 1,000-line schema would cost every typecheck.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

/** The schema with each defaulted property required, and `default` kept out of the comments. */
function asRead(node) {
  if (Array.isArray(node)) return node.map(asRead);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === 'properties' ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, asRead(child)])) : asRead(value),
    ]),
  );
  // A title names a type: kept on objects (Mailbox, Client, ...), dropped on strings and numbers, which stay inline.
  if (copy.type !== 'object' && copy.properties === undefined) delete copy.title;
  if (copy.properties !== undefined) {
    const defaulted = Object.entries(copy.properties)
      .filter(([, child]) => child && typeof child === 'object' && 'default' in child)
      .map(([name]) => name);
    if (defaulted.length > 0) copy.required = [...new Set([...(copy.required ?? []), ...defaulted])];
  }
  return copy;
}

export async function specTypes() {
  const schema = asRead(JSON.parse(readFileSync(new URL('../schemas/mailbox-spec.schema.json', import.meta.url), 'utf8')));
  delete schema.title;
  delete schema.$id;
  return compile(schema, 'WrittenSpec', {
    bannerComment:
      '/* Generated from schemas/mailbox-spec.schema.json by `npm run spec-types`; do not edit. Defaulted keys are required: mbx reads a spec with its defaults filled in. */',
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    style: { printWidth: 160, singleQuote: true },
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  writeFileSync(new URL('../src/spec/written.gen.ts', import.meta.url), await specTypes());
  process.stdout.write('src/spec/written.gen.ts written from schemas/mailbox-spec.schema.json\n');
}
