import { defineConfig } from 'vitest/config';

// What mutation testing runs: the tests that exercise src/ in this process (the end-to-end tests
// run the built bundle, which a mutant of src/ never reaches).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
