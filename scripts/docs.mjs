// npm run docs: rewrites the generated tables of docs/checks.md from the check registry (checks/docs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withTables } from '../dist/checks/docs.js';

const page = 'docs/checks.md';
const before = readFileSync(page, 'utf8');
const after = withTables(before);
if (after !== before) writeFileSync(page, after);
process.stdout.write(`${after === before ? `${page} is up to date` : `${page} rewritten from checks/catalogue.ts and checks/coverage.ts`}\n`);
