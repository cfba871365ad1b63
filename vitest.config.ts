import { defineConfig } from 'vitest/config';

// CI sets MBX_TEST_RESULTS to collect machine-readable results for its "N passed, N failed" line.
const resultsFile = process.env.MBX_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: resultsFile ? ['default', ['json', { outputFile: resultsFile }]] : ['default'],
    testTimeout: 20_000,
  },
});
