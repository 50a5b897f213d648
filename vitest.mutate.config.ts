import { defineConfig } from 'vitest/config';

// The test set Stryker measures the network, rpc and messages layers with (README, "Mutation
// testing"). Stryker re-runs the tests covering each mutant, so tests that start a devnet for tens of
// seconds (test/network/reactions.integration.test.ts, test/e2e, test/cli, test/devnet) would make one
// run take many hours on two cores; the unit, vector, fuzz and kill tests, plus the short client
// integration test, are what the score is measured with.
export default defineConfig({
  test: {
    include: [
      'test/network/**/*.test.ts',
      'test/rpc/**/*.test.ts',
      'test/messages/**/*.test.ts',
      'test/encoding/**/*.test.ts',
      'test/crypto/**/*.test.ts',
      'test/fuzz/**/*.test.ts',
      'test/mutation-kills/**/*.test.ts',
    ],
    exclude: ['test/network/reactions.integration.test.ts', '**/node_modules/**'],
    // Fewer fuzz runs per property: each mutant re-runs every test that covers it.
    env: { FUZZ_RUNS: '200' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
