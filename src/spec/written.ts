/**
 * The spec as written, after schema validation filled in the schema's defaults: the types
 * generated from schemas/mailbox-spec.schema.json (written.gen.ts, `npm run spec-types`), so a key
 * is declared once, in the schema, and the compiler names each place that must handle it.
 */
import type { Client, SharedMailbox, WrittenSpec } from './written.gen.js';

export type { WrittenSpec };
export type WrittenMailbox = SharedMailbox;
export type WrittenClient = Client;
