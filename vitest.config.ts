import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'packages/web/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: keep the pool small so database-backed suites do not starve each other.
    maxWorkers: 2,
  },
});
