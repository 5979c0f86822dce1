import { describe, expect, it } from 'vitest';
import { answerAfter, runInProcess, scriptedClient } from '../helpers/context.js';
import { scriptedTerminal } from '../helpers/scripted-terminal.js';

const KEY = 'rk_sandbox_inprocess_spinner_5e6f7a8b';
const env = { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2', TERM: 'xterm' };
const session = (id: string, status = 'open') => ({ id, status, url: `https://pay.revkeen.com/p/${id}` });

/** Runs one command on a terminal whose every answer takes a moment, and returns what was drawn there. */
async function onTerminal(args: string[]) {
  const term = scriptedTerminal([]);
  const slow = (id: string, signal: AbortSignal | undefined) => answerAfter(150, signal, () => session(id));
  const client = scriptedClient({ get: slow, create: () => answerAfter(150, undefined, () => session('cs_new')), expire: (id, signal) => answerAfter(150, signal, () => ({ id, status: 'expired' })) });
  const r = await runInProcess(args, { env, client, tty: true, terminal: term.terminal });
  return { ...r, screen: term.screen() };
}

describe('a spinner while one request is in flight, for people only', () => {
  it.each([
    [['sessions', 'get', 'cs_1'], 'Fetching cs_1'],
    [['sessions', 'create', '--invoice', 'inv_1'], 'Creating checkout session'],
    [['sessions', 'expire', 'cs_1', '--yes'], 'Expiring cs_1'],
  ])('%j shows "%s" on the terminal, and prints its result to stdout', async (args, text) => {
    const r = await onTerminal(args);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.screen).toContain(text);
    expect(r.stdout).toContain('cs_');
  });

  it.each([
    ['sessions', 'get', 'cs_1', '--json'],
    ['sessions', 'get', 'cs_1', '--url-only'],
    ['sessions', 'create', '--invoice', 'inv_1', '--url-only'],
    ['sessions', 'create', '--invoice', 'inv_1', '-o', 'yaml'],
  ])('%j draws nothing', async (...args) => {
    const r = await onTerminal(args);
    expect(r.code).toBe(0);
    expect(r.screen).toBe('');
  });
});

describe('a wait shows where the session is, then clears the line', () => {
  it('on a terminal: "Waiting for cs_1: open for …", cleared before the session prints', async () => {
    let polls = 0;
    const client = scriptedClient({ get: (id) => session(id, ++polls < 3 ? 'open' : 'complete') });
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--interval', '250ms'], { env, client, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\r\x1b\[2KWaiting for cs_1: open for \d+ s/);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(r.stdout).toMatch(/^Status: .*complete/m);
  });

  it('a session whose status is missing is "unknown" while waited for', async () => {
    let polls = 0;
    const client = scriptedClient({ get: (id) => (++polls < 2 ? { id } : session(id, 'expired')) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--wait', '--interval', '250ms', '--until', 'expired'], { env, client, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Waiting for cs_1: unknown for 0 s');
  });
});
