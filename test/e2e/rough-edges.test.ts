import { createServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { loopbackHarness } from '../helpers/harness.js';

const KEY = 'rk_sandbox_rough_edges_0a1b2c3d4e';
const h = loopbackHarness(KEY);
let blocker: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())).then(() => (blocker = undefined)));

describe('ordinary problems are ordinary errors, with a next step', () => {
  it('a busy port for the mock', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const r = await runCli(['mock', '--port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: Port ${port} on 127.0.0.1 is already in use\nHint: Pick another with --port, or --port 0 for any free one\n`);
  });

  it('a config folder that cannot be written, and an ID file that cannot be read', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'revkeen-ro-'));
    writeFileSync(join(parent, 'not-a-folder'), '');
    const r = await runCli(['login', '--api-key-stdin'], { env: { REVKEEN_CONFIG_DIR: join(parent, 'not-a-folder', 'revkeen') }, input: KEY });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('bug');
    expect(r.stderr).toMatch(/^Error: Could not mkdir .*not-a-folder.*: a part of the path is not a folder\nHint: Check the path\n$/);

    const dir = mkdtempSync(join(tmpdir(), 'revkeen-ids-'));
    const folder = await h.cli(['sessions', 'expire', '--from-file', dir, '--yes']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`Error: --from-file ${dir}: it is a folder, not a file\nHint: Name a file\n`);
  });
});

describe('--companion-device', () => {
  it('without --method implies in_store, and says so', async () => {
    const r = await h.cli(['sessions', 'create', '--invoice', 'inv_1', '--companion-device', 'dev_1', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Allowing in_store only: --companion-device implies it when no --method is given.\n');
    const id = JSON.parse(r.stdout).id as string;
    expect(h.mock.store.find(KEY, id)).toMatchObject({ allowedMethods: ['in_store'] });
  });
});


