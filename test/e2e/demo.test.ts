import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/run-cli.js';

describe('npm run demo', () => {
  it('shows a hosted URL on the local mock and a session that ends expired', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.js'], { env: baseEnv() });
    expect(stdout).toMatch(/^URL:\s+http:\/\/127\.0\.0\.1:\d+\/p\/rvk_cs_\w+$/m);
    expect(stdout).toMatch(/^\$ revkeen sessions expire \S+ --yes\n\S+ {2}expired at /m);
    expect(stdout.trimEnd().split('$ revkeen sessions get').at(-1)).toMatch(/^Status:\s+expired$/m);
  });
});
