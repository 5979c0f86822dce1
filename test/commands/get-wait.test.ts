import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/cli/errors.js';
import { recordingBrowser } from '../helpers/browser.js';
import { answerAfter, runInProcess, scriptedClient } from '../helpers/context.js';

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
      ['pending', 'complete'],
      ['pending', 'expired'],
    ]) {
      const client = scriptedClient({ get: (id) => ({ id, status }) });
      const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', until, '--interval', '1s', '--wait-timeout', '1m'], { env, client });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`Error: Session cs_1 is ${status}, so it will never reach ${until}\n`);
      expect(client.calls).toHaveLength(1);
      expect(JSON.parse((await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', until, '--json'], { env, client })).stderr).error.code).toBe('wait_unreachable');
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

  it('a wait that runs out says how to give it longer, with its own code', async () => {
    const client = scriptedClient({ get: (id) => ({ id, status: 'pending' }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', 'complete', '--interval', '250ms', '--wait-timeout', '300ms'], { env, client });
    expect(r.stderr).toBe('Error: Session cs_1 is still pending after 0 s; it did not reach complete\nHint: Give it longer with --wait-timeout, e.g. --wait-timeout 30m\n');
    const json = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--interval', '250ms', '--wait-timeout', '300ms', '--json'], { env, client });
    expect(JSON.parse(json.stderr).error.code).toBe('wait_timeout');
    const none = scriptedClient({ get: (id) => ({ id }) });
    const unknown = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', 'complete', '--interval', '250ms', '--wait-timeout', '300ms'], { env, client: none });
    expect(unknown.stderr).toMatch(/^Error: Session cs_1 is still unknown after/);
  });

  it('an unknown --until names every status there is', async () => {
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--until', 'paid'], { env, client: scriptedClient({}) });
    expect(r.stderr).toBe('Error: --until "paid" is not a session status: use one of open, pending, complete, completed, expired\n');
  });

  it('Ctrl-C during a look-up of the wait ends it at once, exit 130', async () => {
    const stop = new AbortController();
    const client = scriptedClient({ get: (id, signal) => answerAfter(60_000, signal, () => ({ id, status: 'open' })) });
    setTimeout(() => stop.abort(new InterruptedError('SIGINT')), 50);
    const started = Date.now();
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait'], { env, client, stop });
    expect(r.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('sessions get, one ID', () => {
  it('--open opens the page after printing it', async () => {
    const browser = recordingBrowser();
    const client = scriptedClient({ get: (id) => ({ id, status: 'open', url: 'https://pay.revkeen.com/p/1' }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--open'], { env: { ...env, BROWSER: browser.command }, client });
    expect(r.code).toBe(0);
    expect(browser.args()).toEqual(['https://pay.revkeen.com/p/1']);
    await runInProcess(['sessions', 'get', 'cs_1'], { env: { ...env, BROWSER: browser.command }, client });
    expect(client.calls).toHaveLength(2);
  });

  it('an ID that cannot be one is named as a session ID, and nothing is sent', async () => {
    const client = scriptedClient({});
    const r = await runInProcess(['sessions', 'get', '../x'], { env, client });
    expect([r.code, r.stderr.split(':')[0]]).toEqual([2, 'Error']);
    expect(r.stderr).toContain('Session ID "../x" is not an ID');
    expect(client.calls).toEqual([]);
  });
});
