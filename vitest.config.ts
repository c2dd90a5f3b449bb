import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Two projects: `unit` is pure code (server/ml, cli, chart preparation) and needs no service;
// `integration` talks to the real Postgres and Redis that scripts/test.mjs brings up.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/ml/**/*.test.ts', 'cli/**/*.test.ts', 'components/**/*.test.ts', 'server/**/*.unit.test.ts', 'tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
