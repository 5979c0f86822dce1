import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortedError, AuthenticationError, ConnectionError } from '../../src/client/errors.js';
import { runBatch } from '../../src/cli/commands/sessions/batch.js';
import { failed, type SessionResult } from '../../src/cli/commands/sessions/session-results.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `cs_${i + 1}`);
/** Timers the process holds: a batch must leave none of its own behind. */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const ok = (id: string, index: number): SessionResult => ({ id, index, ok: true, outcome: 'expired' });

async function run(n: number, work: (id: string, index: number, signal: AbortSignal) => Promise<SessionResult>, signal = new AbortController().signal, graceMs = 50) {
  const results: SessionResult[] = [];
  const end = await runBatch(ids(n), { concurrency: 1, signal, graceMs, onResult: (r) => results.push(r) }, work);
  return { end, results };
}

describe('runBatch', () => {
  it('a signal aborted before it starts: nothing is sent, every ID is not sent, the reason is why', async () => {
    const stop = new AbortController();
    stop.abort('before');
    let sent = 0;
    const { end, results } = await run(3, async (id, i) => (sent++, ok(id, i)), stop.signal);
    expect(sent).toBe(0);
    expect(end.stoppedBy).toBe('before');
    expect(results).toEqual(ids(3).map((id, i) => ({ id, index: i + 1, ok: false, outcome: 'not_sent', message: 'Not sent: the batch stopped first' })));
  });

  it('the first reason to stop is the one kept', async () => {
    const rejected = new AuthenticationError('revoked', { status: 401 });
    const { end } = await run(5, async (id, i) => {
      if (i === 1) throw rejected;
      return failed(id, i, 'error', new ConnectionError('refused', { code: 'ECONNREFUSED' }));
    });
    expect(end.stoppedBy).toBe(rejected);
  });

  it('an abandoned request neither counts as a connection failure nor as an answer', async () => {
    const refused = () => new ConnectionError('refused', { code: 'ECONNREFUSED' });
    const pattern = [refused(), new AbortedError('abandoned'), refused(), refused(), undefined];
    const { end, results } = await run(5, async (id, i) => (pattern[i - 1] ? failed(id, i, 'error', pattern[i - 1]) : ok(id, i)));
    expect(end.stoppedBy).toBeInstanceOf(ConnectionError);
    expect(results.map((r) => r.outcome)).toEqual(['error', 'error', 'error', 'error', 'not_sent']);
  });

  it('leaves no listener on the signal and no timer behind', async () => {
    const stop = new AbortController();
    const before = timers();
    await run(4, async (id, i) => {
      if (i === 2) throw new AuthenticationError('revoked', { status: 401 });
      return ok(id, i);
    }, stop.signal, 60_000);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    expect(timers()).toBe(before);
  });

  it('two requests refused at once: the first refusal is why, and only one grace timer runs', async () => {
    const first = new AuthenticationError('first', { status: 401 });
    const second = new AuthenticationError('second', { status: 401 });
    const before = timers();
    const results: SessionResult[] = [];
    const end = await runBatch(ids(4), { concurrency: 2, signal: new AbortController().signal, graceMs: 60_000, onResult: (r) => results.push(r) }, async (_id, i) => {
      await new Promise((r) => setTimeout(r, i * 10));
      throw i === 1 ? first : second;
    });
    expect(end.stoppedBy).toBe(first);
    expect(timers()).toBe(before);
  });
});
