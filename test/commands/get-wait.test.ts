import { describe, expect, it } from 'vitest';
import { runInProcess, scriptedClient } from '../helpers/context.js';

const env = { REVKEEN_API_KEY: 'rk_sandbox_inprocess_get_5a4b3c2d1e', REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2' };

describe('sessions get --wait', () => {
  it('honours --wait-timeout to within one poll, with a last look at the deadline', async () => {
    const polls: number[] = [];
    const client = scriptedClient({
      get: (id) => {
        polls.push(Date.now());
        return { id, status: 'open' };
      },
    });
    const started = Date.now();
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--interval', '400ms', '--wait-timeout', '1s'], { env, client });
    const took = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Session cs_1 is still open after 1 s; it did not reach a status other than open or pending\n/);
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(1000 + 400 + 1500);
    // Polls at 0, 400 and 800 ms, then one at the deadline: not one interval early.
    expect(polls.length).toBe(4);
    expect(polls[3] - started).toBeGreaterThanOrEqual(1000);
  });

  it('a final status that is not the one wanted ends the wait at once, naming it', async () => {
    for (const [until, status] of [
      ['expired', 'complete'],
      ['complete', 'expired'],
      ['open', 'completed'],
    ]) {
      const client = scriptedClient({ get: (id) => ({ id, status }) });
      const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', until, '--interval', '1s', '--wait-timeout', '1m'], { env, client });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`Error: Session cs_1 is ${status}, so it will never reach ${until}\n`);
      expect(client.calls).toHaveLength(1);
    }
  });

  it('returns as soon as the status is reached, printing the session', async () => {
    let n = 0;
    const client = scriptedClient({ get: (id) => ({ id, status: ++n < 3 ? 'open' : 'completed', url: 'https://pay.example/p/1' }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', 'complete', '--interval', '250ms'], { env, client });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+completed$/m);
    expect(client.calls).toHaveLength(3);
  });

  it('refuses an interval under 250ms, an unknown status and a bad duration, sending nothing', async () => {
    const client = scriptedClient({ get: (id) => ({ id, status: 'open' }) });
    for (const args of [
      ['--interval', '0.4ms'],
      ['--interval', '249ms'],
      ['--until', 'paid'],
      ['--wait-timeout', 'soon'],
    ]) {
      const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', ...args], { env, client });
      expect(r.code).toBe(2);
    }
    expect(client.calls).toHaveLength(0);
    const edge = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', 'open', '--interval', '250ms'], { env, client });
    expect(edge.code).toBe(0);
  });
});
