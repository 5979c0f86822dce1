import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv } from '../helpers/run-cli.js';
import { json, startFaultServer, type FaultServer } from '../helpers/servers.js';

const KEY = 'rk_sandbox_e2e_pipes_7d6c5b4a3f2e';
const IDS = Array.from({ length: 400 }, (_, i) => `cs_${String(i + 1).padStart(4, '0')}`);
let server: FaultServer | undefined;
afterEach(async () => server?.close());

/** Every GET answers with a session padded so that 400 of them are far more than a pipe holds. */
async function sessionServer(): Promise<string> {
  server = await startFaultServer((req, res) => {
    const id = req.url.split('/').pop() as string;
    json(res, 200, { data: { id, status: 'open', url: `https://pay.revkeen.com/p/${id}?${'x'.repeat(400)}` }, requestId: `req_${id}` });
  });
  return server.baseUrl;
}

/** Starts `sessions get` for every ID as JSON into a pipe this test reads as it chooses. */
function getAll(baseUrl: string) {
  const child = spawn(process.execPath, [BIN, 'sessions', 'get', '--from-file', '-', '--json'], {
    env: { ...baseEnv(), REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl },
    stdio: 'pipe',
  });
  child.stdin.end(IDS.join('\n'));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

describe('output into a pipe', () => {
  it('a reader that waits before reading still gets all of it, every record whole', async () => {
    const run = getAll(await sessionServer());
    run.child.stdout.pause();
    await new Promise((r) => setTimeout(r, 500));
    let stdout = '';
    run.child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    run.child.stdout.resume();
    expect(await run.exit).toBe(0);
    expect(stdout.length).toBeGreaterThan(200_000);
    // Records come as lookups finish; each carries its input position and the session whole.
    const records = (JSON.parse(stdout) as { index: number; outcome: string; session: { id: string; url: string } }[]).sort((a, b) => a.index - b.index);
    expect(records.map((r) => [r.outcome, r.session.id, r.session.url.length])).toEqual(IDS.map((id) => ['found', id, `https://pay.revkeen.com/p/${id}?${'x'.repeat(400)}`.length]));
    expect(run.stderr()).toBe('');
  });

  it('a reader that goes away early (`| head -c 100`) ends the command quietly, exit 0', async () => {
    const run = getAll(await sessionServer());
    run.child.stdout.once('data', () => run.child.stdout.destroy());
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toBe('');
  });
});
