import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { MockServer } from '../../src/mock/server.js';
import { runCli, type CliResult, type RunOptions } from './run-cli.js';
import { startMock, type FaultServer } from './servers.js';

export interface Harness {
  /** One mock for the whole file. */
  mock: MockServer;
  /** At most one fault server per test; closed after it. */
  fault: FaultServer | undefined;
  /** Runs the bin with the key, against the mock unless told otherwise, proving the key never leaks. */
  cli(args: string[], options?: RunOptions & { baseUrl?: string; stackAllowed?: boolean }): Promise<CliResult>;
}

export function loopbackHarness(key: string): Harness {
  const harness: Harness = {
    mock: undefined as unknown as MockServer,
    fault: undefined,
    async cli(args, options = {}) {
      const result = await runCli(args, {
        ...options,
        env: { REVKEEN_API_KEY: key, REVKEEN_BASE_URL: options.baseUrl ?? harness.mock.baseUrl, ...options.env },
      });
      expect(result.stdout).not.toContain(key);
      expect(result.stderr).not.toContain(key);
      // Never a stack trace, but for a bug's report under --verbose.
      if (!options.stackAllowed) expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      return result;
    },
  };
  beforeAll(async () => {
    harness.mock = await startMock();
  });
  afterAll(() => harness.mock.close());
  afterEach(async () => {
    await harness.fault?.close();
    harness.fault = undefined;
  });
  return harness;
}
