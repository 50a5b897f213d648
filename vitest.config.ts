import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CLI and devnet tests spawn processes and bind loopback ports; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
