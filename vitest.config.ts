import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/**
 * One config for the whole monorepo. `scripts/test.mjs` runs it once per storage engine
 * (USHURU_TEST_DB=sqlite|postgres) and prints the plain "N passed, N failed" line CI reads.
 * Tests import the workspace packages from their TypeScript sources (their `exports` point at the
 * compiled `dist/`, which tests of the `ushuru` command run).
 */
export default defineConfig({
  resolve: {
    alias: {
      '@ushuru/kra': source('kra'),
      '@ushuru/simulator': source('simulator'),
      '@ushuru/gateway': source('gateway'),
      '@ushuru/sdk': source('sdk'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['packages/gateway/src/test-support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
