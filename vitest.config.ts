import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // one temporary directory per run, removed at the end (test/helpers/temp-root.ts)
    globalSetup: ['test/helpers/temp-root.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CLI and devnet tests spawn processes and bind loopback ports; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
