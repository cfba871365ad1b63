import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// CI sets MBX_TEST_RESULTS to collect machine-readable results for its "N passed, N failed" line.
const resultsFile = process.env.MBX_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: resultsFile ? ['default', ['json', { outputFile: resultsFile }]] : ['default'],
    testTimeout: 20_000,
    // The built code (dist/) runs as Node loads it, not through Vite's transform: Pulumi serializes
    // dynamic providers from it, and Vite's rewritten import() cannot be serialized.
    server: { deps: { external: [new RegExp(`^${fileURLToPath(new URL('dist/', import.meta.url)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)] } },
  },
});
