import { defineConfig } from 'vitest/config';

/**
 * One config for the whole monorepo. `scripts/test.mjs` runs it once per storage engine
 * (USHURU_TEST_DB=sqlite|postgres) and prints the plain "N passed, N failed" line CI reads.
 */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['packages/gateway/src/test-support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
