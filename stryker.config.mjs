import { availableParallelism } from 'node:os';

/** Mutation testing of the layers below the bin; run with `npm run mutation` (Node 22+, see scripts/mutation.sh). */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/client/**/*.ts', 'src/config/**/*.ts', 'src/cli/input/**/*.ts', 'src/cli/output/**/*.ts', 'src/cli/commands/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: Math.max(1, availableParallelism()),
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  // Later runs re-test only mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
};
