import { defineConfig } from 'vitest/config';

// The test set Stryker measures the network, rpc and messages layers with (README, "Mutation
// testing"). Stryker re-runs the tests covering each mutant, and a test file that starts a devnet in
// its beforeAll does so again for every mutant it covers: test/network/*.integration.test.ts,
// test/e2e, test/cli and test/devnet would make one run take many hours on two cores. The unit,
// vector, fuzz and kill tests (test/mutation-kills, with a fake SessionNetwork where one is needed)
// are what the score is measured with.
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
    exclude: [
      'test/network/reactions.integration.test.ts',
      'test/network/client.integration.test.ts',
      '**/node_modules/**',
    ],
    // Fewer fuzz runs per property: each mutant re-runs every test that covers it.
    env: { FUZZ_RUNS: '200' },
    // Every test here takes well under a second: a mutant that makes one hang (a timer that never
    // fires, an abort that never lands) fails it in 5 s instead of waiting for Stryker's timeout
    // and a restart of the worker.
    testTimeout: 5_000,
    hookTimeout: 10_000,
  },
});
