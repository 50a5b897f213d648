// Mutation testing for the network, rpc and messages layers: `npm run mutate` (README, "Mutation
// testing"). Not part of CI: a full run takes a long while on a small machine.
// STRYKER_REPORT names the report directory, so one layer can be run on its own
// (`STRYKER_REPORT=rpc npx stryker run --mutate 'src/rpc/**/*.ts'`) without clobbering the full report.
const report = `reports/mutation/${process.env.STRYKER_REPORT ?? 'all'}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner', './test/mutation-kills/live-survivors-reporter.mjs'],
  mutate: [
    'src/network/**/*.ts',
    'src/rpc/**/*.ts',
    'src/messages/**/*.ts',
    '!src/**/generated/**',
    // The request chains (retries, hedges, strikes, 421s) are exercised only against a devnet
    // (test/network/*.integration.test.ts), too slow to re-run per mutant; see the README.
    '!src/network/session-network.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Two cores shared with other work: a mutant's tests may run several times slower than the dry run.
  timeoutMS: 10_000,
  timeoutFactor: 3,
  dryRunTimeoutMinutes: 15,
  ignorePatterns: ['dist', 'reports', 'coverage', '.devnet', 'tmp', 'bench'],
  reporters: ['clear-text', 'html', 'json', 'progress', 'live-survivors'],
  htmlReporter: { fileName: `${report}/mutation.html` },
  jsonReporter: { fileName: `${report}/mutation.json` },
  // Re-runs test only the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: `${report}/stryker-incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
