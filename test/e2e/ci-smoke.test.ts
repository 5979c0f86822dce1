import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { MARK_NAME, processesMarked } from '../helpers/leftovers.js';
import { BIN, baseEnv } from '../helpers/run-cli.js';
import { json, startFaultServer, type FaultServer } from '../helpers/servers.js';

const run = (env: Record<string, string>) =>
  promisify(execFile)('bash', ['examples/ci-smoke.sh'], { env: { ...baseEnv(), REVKEEN: `${process.execPath} ${BIN}`, ...env } });

let fault: FaultServer | undefined;
afterEach(async () => {
  await fault?.close();
  fault = undefined;
});

describe('examples/ci-smoke.sh', () => {
  it('passes against the local mock: create, load the page, pay, wait, expire; and leaves no mock running', async () => {
    const mark = randomUUID();
    const { stderr } = await run({ [MARK_NAME]: mark });
    expect(stderr).toMatch(/paying it on the mock's hosted page/);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('ci-smoke: all good');
    expect(processesMarked(mark)).toEqual([]);
  });

  it('fails loudly at the first surprise', async () => {
    fault = await startFaultServer((_req, res) => json(res, 503, { error: 'Down for maintenance' }));
    const error = await run({ REVKEEN_API_KEY: 'rk_sandbox_ci_failing_key', REVKEEN_BASE_URL: fault.baseUrl }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('"message":"Down for maintenance","status":503');
    expect(error.stderr).toMatch(/ci-smoke: FAILED: sessions create exited with 5/);
  });
});
