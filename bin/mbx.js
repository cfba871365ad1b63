#!/usr/bin/env node
// The published entry: everything, including the exit code, is decided in src/cli/main.ts.
import { run } from '../dist/src/cli/main.js';

await run();
