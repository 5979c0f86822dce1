import { describe, expect, it } from 'vitest';
import type { ConnectOptions } from '../../src/cli/context.js';
import { createProgressLine } from '../../src/cli/output/progress-line.js';
import { runInProcess, scriptedClient, testContext } from '../helpers/context.js';

const KEY = 'rk_sandbox_inprocess_progress_1a2b3c4d';
const env = { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2', TERM: 'xterm' };
const globals = { json: false, input: true };

/** A progress line on a terminal 40 columns wide, with a clock the test moves. */
function line(columns = 40) {
  let clock = 10_000;
  let drawn = '';
  const { ctx } = testContext({ env, tty: true });
  ctx.stderr = { write: (t) => void (drawn += t), isTTY: true, columns };
  ctx.now = () => clock;
  return { progress: createProgressLine(ctx, globals), drawn: () => drawn, tick: (ms: number) => void (clock += ms) };
}

describe('the progress line', () => {
  it('draws at most every 100 ms, the newest text when it does', () => {
    const l = line();
    l.progress.update('one');
    l.tick(99);
    l.progress.update('two');
    l.tick(1);
    l.progress.update('three');
    expect(l.drawn()).toBe('\r\x1b[2Kone\r\x1b[2Kthree');
  });

  it('cuts a line to the terminal’s width less one, never under 10 characters', () => {
    const wide = line(40);
    wide.progress.update('x'.repeat(100));
    expect(wide.drawn()).toBe(`\r\x1b[2K${'x'.repeat(39)}`);
    const narrow = line(4);
    narrow.progress.update('y'.repeat(100));
    expect(narrow.drawn()).toBe(`\r\x1b[2K${'y'.repeat(10)}`);
  });

  it('a note joins the last text at once; alone, it stands alone', () => {
    const l = line();
    l.progress.note('rate limited');
    l.progress.update('3/9 done');
    l.progress.note('rate limited: waiting 2 s');
    expect(l.drawn()).toBe('\r\x1b[2Krate limited\r\x1b[2K3/9 done\r\x1b[2K3/9 done · rate limited: waiting 2 s');
  });

  it('clears only what it drew, once', () => {
    const l = line();
    l.progress.clear();
    expect(l.drawn()).toBe('');
    l.progress.update('a');
    l.progress.clear();
    l.progress.clear();
    expect(l.drawn()).toBe('\r\x1b[2Ka\r\x1b[2K');
  });
});

describe('batches tell the progress line about rate limits', () => {
  for (const command of ['get', 'expire'] as const) {
    it(`sessions ${command}: a 429 wait is noted in seconds, other retries are not; the connections match --concurrency`, async () => {
      const asked: ConnectOptions[] = [];
      const answer = (id: string) => {
        // As the transport would, before each wait for a retry.
        if (id === 'cs_2') asked[0].onRetry?.({ attempt: 1, delayMs: 1500, reason: 'HTTP 429', status: 429 });
        if (id === 'cs_3') asked[0].onRetry?.({ attempt: 1, delayMs: 4000, reason: 'HTTP 503', status: 503 });
        return command === 'get' ? { id, status: 'open' } : { id, status: 'expired' };
      };
      const client = scriptedClient({ get: answer, expire: answer });
      const r = await runInProcess(['sessions', command, 'cs_1', 'cs_2', 'cs_3', '--concurrency', '3', ...(command === 'expire' ? ['--yes'] : [])], {
        env,
        client,
        tty: true,
        onConnect: (options) => asked.push(options),
      });
      expect(r.code).toBe(0);
      expect(asked.map((o) => o.connections)).toEqual([3]);
      expect(r.stderr.split('rate limited: waiting 2 s')).toHaveLength(2);
      expect(r.stderr).not.toContain('waiting 4 s');
      // The line is cleared before the report is printed.
      expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    });
  }
});
