import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/client/errors.js';
import { runInProcess, scriptedClient } from '../helpers/context.js';

const env = { REVKEEN_API_KEY: 'rk_sandbox_get_many_6e5d4c3b2a', REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2', NO_COLOR: '1' };
const sessions: Record<string, Record<string, unknown>> = {
  cs_a: { id: 'cs_a', status: 'open', amountMinor: 1250, currency: 'USD', url: 'https://pay.revkeen.com/p/a' },
  cs_b: { id: 'cs_b', status: 'expired', amountMinor: 500, currency: 'JPY' },
};
const client = () =>
  scriptedClient({
    get: (id) => sessions[id] ?? Promise.reject(new NotFoundError(`No checkout session ${id}`, { status: 404 })),
  });

describe('sessions get of several IDs, in-process', () => {
  it('found all: exit 0, one row each in the input order, and counts by status', async () => {
    const r = await runInProcess(['sessions', 'get', 'cs_b', 'cs_a'], { env, client: client() });
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows.findIndex((l) => l.startsWith('cs_b'))).toBeLessThan(rows.findIndex((l) => l.startsWith('cs_a')));
    expect(r.stdout).toMatch(/cs_a\s+open\s+12\.50 USD/);
    expect(r.stdout).toMatch(/cs_b\s+expired\s+500 JPY/);
    expect(r.stderr + r.stdout).toContain('2 of 2 sessions found');
  });

  it('one missing: exit 1, and it says how many', async () => {
    const r = await runInProcess(['sessions', 'get', 'cs_a', 'cs_nope', '-o', 'json'], { env, client: client() });
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as { id: string; index: number; ok: boolean; outcome: string }[];
    expect(results.map((x) => [x.id, x.index, x.ok, x.outcome])).toEqual([
      ['cs_a', 1, true, 'found'],
      ['cs_nope', 2, false, 'not_found'],
    ]);
    expect(r.stderr).toContain('1 of 2 sessions were not found or could not be looked up');
  });

  it.each([
    [['cs_a', 'cs_b', '--wait'], '--wait works with one session ID, not with several or --from-file'],
    [['cs_a', 'cs_b', '--open'], '--open works with one session ID, not with several or --from-file'],
    [['cs_a', '--from-file', '-', '--url-only'], '--url-only works with one session ID, not with several or --from-file'],
    [['cs_a', 'cs_b', '--raw'], '--raw prints one API body: use it with one session ID'],
    [['--from-file', '-'], 'Name at least one session: revkeen sessions get cs_123, or --from-file ids.txt'],
  ])('%j is a usage error, nothing sent', async (args, message) => {
    const c = client();
    const r = await runInProcess(['sessions', 'get', ...args], { env, client: c, stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(c.calls).toEqual([]);
  });
});

describe('waiting for one session', () => {
  it('without --until, waits for anything but open or pending', async () => {
    let n = 0;
    const c = scriptedClient({ get: (id) => ({ id, status: ++n === 1 ? 'open' : n === 2 ? 'pending' : 'expired' }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--interval', '250ms', '--json'], { env, client: c });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('expired');
    expect(c.calls).toHaveLength(3);
  });

  it.each([
    [['--until', 'paid'], '--until "paid" is not a session status: use one of'],
    [['--interval', '100ms'], '--interval 100ms is too short: poll at most every 250ms, e.g. --interval 1s'],
  ])('%j is refused before any look-up', async (flags, message) => {
    const c = client();
    const r = await runInProcess(['sessions', 'get', 'cs_a', '--wait', ...flags], { env, client: c });
    expect([r.code, c.calls.length]).toEqual([2, 0]);
    expect(r.stderr).toContain(message);
  });
});

describe('many IDs: how failures are counted and said', () => {
  it('the failure line counts what was not found or could not be looked up', async () => {
    const client = scriptedClient({ get: (id) => (id === 'cs_2' ? Promise.reject(new NotFoundError('No such session', { status: 404 })) : { id, status: 'open' }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', 'cs_2', 'cs_3'], { env, client });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: 1 of 3 sessions were not found or could not be looked up\n');
    expect(r.stdout).toContain('✗ 2 of 3 sessions found\n');
  });

  it('the progress line says it is looking sessions up', async () => {
    const client = scriptedClient({ get: (id) => ({ id, status: 'open' }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', 'cs_2', '--concurrency', '1'], { env: { ...env, TERM: 'xterm' }, client, tty: true });
    expect(r.stderr).toContain('\r\x1b[2KLooking up sessions: 1/2 done, 0 failed');
  });
});
