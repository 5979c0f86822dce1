import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConflictError, ConnectionError, NotFoundError, PermissionDeniedError, ServerError, TimeoutError } from '../../src/client/errors.js';
import { InterruptedError } from '../../src/cli/errors.js';
import { STOP_GRACE_MS } from '../../src/cli/commands/sessions/session-batch.js';
import { answerAfter, runInProcess, scriptedClient } from '../helpers/context.js';
import { KEY as KEYS, scriptedTerminal } from '../helpers/scripted-terminal.js';

const KEY = 'rk_sandbox_inprocess_expire_9f8e7d6c';
const env = { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2' };
const ids = (n: number, prefix = 'cs_') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const expired = (id: string) => ({ id, status: 'expired', expiredAt: '2026-11-23T12:00:00.000Z' });

interface JsonResult {
  id: string;
  index: number;
  ok: boolean;
  outcome: string;
  message?: string;
}

/** Every ID exactly once, with its 1-based input position. */
function expectEveryIdOnce(results: JsonResult[], input: string[]) {
  expect(results.map((r) => r.id).sort()).toEqual([...input].sort());
  for (const r of results) expect(r.index).toBe(input.indexOf(r.id) + 1);
}

describe('stopping a batch is orderly', () => {
  it('Ctrl-C: stops sending, lets requests in flight finish, reports every ID, exits 130 with valid JSON', async () => {
    const stop = new AbortController();
    const input = ids(40);
    const client = scriptedClient({
      expire: (id, signal) => {
        // The fifth call is where the user presses Ctrl-C; what is in flight then still answers.
        if (id === 'cs_5') setTimeout(() => stop.abort(new InterruptedError('SIGINT')), 10);
        return answerAfter(50, signal, () => expired(id));
      },
    });
    const r = await runInProcess(['sessions', 'expire', ...input, '--yes', '--json', '--concurrency', '4'], { env, client, stop });
    expect(r.code).toBe(130);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expectEveryIdOnce(results, input);
    const sent = new Set(client.calls.map((c) => c.id));
    for (const result of results) {
      // Nothing sent after the stop is reported as anything but not_sent, and nothing sent is not_sent.
      expect(result.outcome).toBe(sent.has(result.id) ? 'expired' : 'not_sent');
    }
    expect(sent.size).toBeGreaterThanOrEqual(5);
    expect(sent.size).toBeLessThan(12);
    expect(r.stderr).toBe('');
  });

  it('SIGTERM: the human summary is complete, in-flight requests past the grace are unknown, exit 143', async () => {
    const stop = new AbortController();
    const input = ids(12);
    const client = scriptedClient({
      expire: (id, signal) => {
        if (id === 'cs_1') return expired(id);
        if (id === 'cs_2') setTimeout(() => stop.abort(new InterruptedError('SIGTERM')), 10);
        // Hangs: only the batch's abandonment after the grace ends it.
        return answerAfter(60_000, signal, () => expired(id));
      },
    });
    const started = Date.now();
    const r = await runInProcess(['sessions', 'expire', ...input, '--yes', '--concurrency', '2'], { env, client, stop });
    expect(r.code).toBe(143);
    expect(Date.now() - started).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
    expect(r.stdout).toBe(
      [
        '✗ 1 of 12 sessions expired or already expired',
        'Stopped early: terminated (SIGTERM)',
        'Expired (1):',
        '  cs_1',
        'Unknown (sent, no answer: running again is safe and will tell) (2):',
        '  cs_2: The batch stopped before the answer arrived; running it again is safe',
        '  cs_3: The batch stopped before the answer arrived; running it again is safe',
        'Not sent (9):',
        ...input.slice(3).map((id) => `  ${id}`),
        '',
      ].join('\n'),
    );
  });

  it('a 401 part-way: the IDs already expired are named, the rest not sent, exit 3', async () => {
    const input = ids(30);
    let calls = 0;
    const client = scriptedClient({
      expire: (id) => {
        if (++calls > 10) throw new AuthenticationError('Revoked key', { status: 401, requestId: 'req_401' });
        return expired(id);
      },
    });
    const r = await runInProcess(['sessions', 'expire', ...input, '--yes', '--json', '--concurrency', '1'], { env, client });
    expect(r.code).toBe(3);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expectEveryIdOnce(results, input);
    expect(results.filter((x) => x.outcome === 'expired').map((x) => x.id)).toEqual(input.slice(0, 10));
    expect(results.find((x) => x.id === 'cs_11')).toMatchObject({ outcome: 'error', message: 'Revoked key' });
    expect(results.filter((x) => x.outcome === 'not_sent').map((x) => x.id)).toEqual(input.slice(11));
    expect(JSON.parse(r.stderr)).toEqual({ error: { code: 'unauthenticated', message: 'Revoked key', status: 401, requestId: 'req_401' } });

    const human = await runInProcess(['sessions', 'expire', ...input, '--yes', '--concurrency', '1'], {
      env,
      client: scriptedClient({ expire: () => Promise.reject(new AuthenticationError('Revoked key', { status: 401 })) }),
    });
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/^✗ 0 of 30 sessions expired or already expired\nStopped early: the API key was rejected\n/);
    expect(human.stderr).toMatch(/^Error: Revoked key \(HTTP 401\)\nHint: Check REVKEEN_API_KEY/);
  });

  it('an unreachable API: stops after a few connection failures in a row, the rest not sent, exit 5', async () => {
    const input = ids(300);
    const client = scriptedClient({
      expire: () => Promise.reject(new ConnectionError('Could not reach the RevKeen API: connection refused', { code: 'ECONNREFUSED' })),
    });
    const r = await runInProcess(['sessions', 'expire', ...input, '--yes', '--json', '--concurrency', '4'], { env, client });
    expect(r.code).toBe(5);
    expect(client.calls.length).toBeLessThanOrEqual(3 + 3);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expectEveryIdOnce(results, input);
    expect(results.filter((x) => x.outcome === 'error')).toHaveLength(client.calls.length);
    expect(results.filter((x) => x.outcome === 'not_sent')).toHaveLength(300 - client.calls.length);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'network_error', message: 'Could not reach the RevKeen API: connection refused' });
  });

  it('the human report says why it stopped: unreachable, a key without the scope, SIGTERM', async () => {
    const refused = scriptedClient({ expire: () => Promise.reject(new ConnectionError('refused', { code: 'ECONNREFUSED' })) });
    const unreachable = await runInProcess(['sessions', 'expire', ...ids(10), '--yes', '--concurrency', '1'], { env, client: refused });
    expect(unreachable.code).toBe(5);
    expect(unreachable.stdout).toContain('\nStopped early: the API could not be reached 3 times in a row\n');
    const forbidden = scriptedClient({ expire: () => Promise.reject(new PermissionDeniedError('no scope', { status: 403 })) });
    const scope = await runInProcess(['sessions', 'expire', ...ids(5), '--yes', '--concurrency', '1'], { env, client: forbidden });
    expect(scope.code).toBe(3);
    expect(scope.stdout).toContain('\nStopped early: the API key was rejected\n');
    const stop = new AbortController();
    const slow = scriptedClient({ expire: (id, signal) => (id === 'cs_1' && setTimeout(() => stop.abort(new InterruptedError('SIGTERM')), 5), answerAfter(20, signal, () => expired(id))) });
    const term = await runInProcess(['sessions', 'expire', ...ids(5), '--yes', '--concurrency', '1'], { env, client: slow, stop });
    expect(term.code).toBe(143);
    expect(term.stdout).toContain('\nStopped early: terminated (SIGTERM)\n');
  });

  it('JSON records carry a message and request ID only when there is one', async () => {
    const client = scriptedClient({
      expire: (id) => {
        if (id === 'cs_2') throw new NotFoundError('No such session', { status: 404, requestId: 'req_404' });
        return expired(id);
      },
    });
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', '--yes', '--json', '--concurrency', '1'], { env, client });
    const records = (JSON.parse(r.stdout) as Record<string, unknown>[]).sort((a, b) => Number(a.index) - Number(b.index));
    expect(Object.keys(records[0]).sort()).toEqual(['id', 'index', 'ok', 'outcome', 'requestId', 'session']);
    expect(records[1]).toEqual({ id: 'cs_2', index: 2, ok: false, outcome: 'not_found', message: 'No such session', requestId: 'req_404' });
    expect(records[0].session).not.toHaveProperty('requestId');
  });

  it('an answer between connection failures keeps the batch going', async () => {
    const input = ids(9);
    const client = scriptedClient({
      expire: (id) => {
        if (['cs_3', 'cs_6', 'cs_9'].includes(id)) return expired(id);
        throw new ConnectionError('Could not reach the RevKeen API: connection refused', { code: 'ECONNREFUSED' });
      },
    });
    const r = await runInProcess(['sessions', 'expire', ...input, '--yes', '--json', '--concurrency', '1'], { env, client });
    expect(r.code).toBe(1);
    expect(client.calls).toHaveLength(9);
  });

  it('a timeout or reset is unknown (it may have arrived), a refusal is an error (it did not)', async () => {
    const client = scriptedClient({
      expire: (id) => {
        if (id === 'cs_1') throw new TimeoutError('No complete answer from the RevKeen API within 30 s');
        if (id === 'cs_2') throw new ConnectionError('closed', { code: 'ECONNRESET' });
        throw new ConnectionError('refused', { code: 'ECONNREFUSED' });
      },
    });
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', 'cs_3', '--yes', '--json', '--concurrency', '1'], { env, client });
    expect((JSON.parse(r.stdout) as JsonResult[]).map((x) => x.outcome)).toEqual(['unknown', 'unknown', 'error']);
    expect(r.code).toBe(5);
  });
});

describe('the summary reads like a report', () => {
  const fates = scriptedClient({
    expire: (id) => {
      if (id.startsWith('ok')) return expired(id);
      if (id.startsWith('gone')) throw new NotFoundError(`No checkout session ${id}`, { status: 404 });
      if (id.startsWith('boom')) throw new ServerError('Internal error', { status: 500, requestId: 'req_500' });
      throw new ConflictError(`Checkout session ${id} cannot be expired`, { status: 409 });
    },
    get: (id) => ({ id, status: id.startsWith('done') ? 'expired' : 'complete' }),
  });

  it('one ID per line, in the input order, each group under its outcome', async () => {
    const input = ['ok_b', 'done_1', 'paid_1', 'gone_1', 'boom_1', 'ok_a'];
    const r = await runInProcess(['sessions', 'expire', ...input, '--yes', '--concurrency', '6'], { env, client: fates });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '✗ 3 of 6 sessions expired or already expired',
        'Expired (2):',
        '  ok_b',
        '  ok_a',
        'Already expired (1):',
        '  done_1',
        'Not expirable (1):',
        '  paid_1 (complete)',
        'Not found (1):',
        '  gone_1',
        'Errors (1):',
        '  boom_1: Internal error (request req_500)',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('Error: 3 of 6 sessions were not expired\n');
  });

  it('cuts a long group with a count and a pointer to --json; states duplicates', async () => {
    const input = ids(230, 'ok_');
    const withDupes = [...input, ...input.slice(0, 10)];
    const r = await runInProcess(['sessions', 'expire', '--from-file', '-', '--yes'], { env, client: fates, stdin: withDupes.join('\n') });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '✓ 230 of 230 sessions expired or already expired',
      '10 duplicate lines were skipped: each ID is used once',
      'Expired (230):',
    ]);
    expect(lines.slice(3, 23)).toEqual(input.slice(0, 20).map((id) => `  ${id}`));
    expect(lines[23]).toBe('  … and 210 more (-o json lists every one)');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(80);
  });

  it('the confirmation counts the duplicates too, and nothing is sent without --yes off a terminal', async () => {
    const client = scriptedClient({ expire: (id) => expired(id) });
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', 'cs_1', 'cs_3', 'cs_4', 'cs_2'], { env, client });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: Expire 4 sessions \(cs_1, cs_2, cs_3 and 1 more; 2 duplicate lines were skipped: each ID is used once\)\? There is no terminal/);
    expect(client.calls).toHaveLength(0);
  });
});

describe('one ID keeps its specific exit code', () => {
  it('404 is 4, 409 on a paid session is 6, and a local ID check is 2 while a server code is not', async () => {
    const notFound = scriptedClient({ expire: () => Promise.reject(new NotFoundError('No such checkout session', { status: 404, code: 'invalid_id' })) });
    expect((await runInProcess(['sessions', 'expire', 'cs_1', '--yes'], { env, client: notFound })).code).toBe(4);
    const paid = scriptedClient({
      expire: () => Promise.reject(new ConflictError('Checkout session cs_1 cannot be expired', { status: 409 })),
      get: (id) => ({ id, status: 'complete' }),
    });
    expect((await runInProcess(['sessions', 'expire', 'cs_1', '--yes'], { env, client: paid })).code).toBe(6);
    const local = await runInProcess(['sessions', 'expire', '../x', '--yes'], { env, client: paid });
    expect(local.code).toBe(2);
  });
});

describe('the progress line asks the terminal decision', () => {
  const client = scriptedClient({ expire: (id) => expired(id) });
  it('is drawn on a terminal, and never with TERM=dumb, CI or --json', async () => {
    const args = ['sessions', 'expire', ...ids(30), '--yes', '--concurrency', '1'];
    const drawn = await runInProcess(args, { env: { ...env, TERM: 'xterm' }, client, tty: true });
    expect(drawn.stderr).toContain('\r\x1b[2KExpiring sessions: 1/30 done, 0 failed');
    for (const extra of [{ TERM: 'dumb' }, { CI: 'true' }]) {
      const r = await runInProcess(args, { env: { ...env, TERM: 'xterm', ...extra }, client, tty: true });
      expect(r.stderr).not.toContain('\x1b');
    }
    const json = await runInProcess([...args, '--json'], { env: { ...env, TERM: 'xterm' }, client, tty: true });
    expect(json.stderr).not.toContain('\x1b');
  });
});

describe('one ID, as it prints', () => {
  it('says when it expired, or that it already was; -o json prints the session; --raw the body', async () => {
    const fresh = scriptedClient({ expire: (id) => expired(id) });
    expect((await runInProcess(['sessions', 'expire', 'cs_1', '--yes'], { env, client: fresh })).stdout).toBe('cs_1  expired at 2026-11-23T12:00:00.000Z\n');
    const bare = scriptedClient({ expire: (id) => ({ id, status: 'expired' }) });
    expect((await runInProcess(['sessions', 'expire', 'cs_1', '--yes'], { env, client: bare })).stdout).toBe('cs_1  expired\n');
    const already = scriptedClient({
      expire: () => Promise.reject(new ConflictError('Checkout session cs_1 is already expired', { status: 409 })),
      get: (id) => ({ id, status: 'expired' }),
    });
    const again = await runInProcess(['sessions', 'expire', 'cs_1', '--yes'], { env, client: already });
    expect([again.code, again.stdout]).toEqual([0, 'cs_1  was already expired\n']);
    const json = await runInProcess(['sessions', 'expire', 'cs_1', '--yes', '--json'], { env, client: fresh });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'cs_1', status: 'expired', expiredAt: '2026-11-23T12:00:00.000Z', requestId: 'req_cs_1' });
    const raw = await runInProcess(['sessions', 'expire', 'cs_1', '--yes', '--raw'], { env, client: fresh });
    expect(JSON.parse(raw.stdout)).toEqual({ data: expired('cs_1'), requestId: 'req_cs_1' });
  });

  it('asks about one session by its ID, and refuses --raw with many IDs or a dry run, and no IDs at all', async () => {
    const client = scriptedClient({ expire: (id) => expired(id) });
    const one = await runInProcess(['sessions', 'expire', 'cs_1'], { env, client });
    expect(one.stderr).toMatch(/^Error: Expire session cs_1\? There is no terminal to ask on: pass --yes to go ahead/);
    const off = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2'], { env: { ...env, CI: 'true' }, client });
    expect(off.stderr).toMatch(/^Error: Expire 2 sessions \(cs_1, cs_2\)\? Questions are off \(--no-input, or CI is set\): pass --yes to go ahead/);
    for (const args of [['cs_1', 'cs_2', '--raw'], ['cs_1', '--dry-run', '--raw']]) {
      const r = await runInProcess(['sessions', 'expire', ...args, '--yes'], { env, client });
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--raw prints one API body: use it to expire one session, without --dry-run')]);
    }
    const none = await runInProcess(['sessions', 'expire', '--yes'], { env, client });
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('Name at least one session to expire')]);
    expect(client.calls).toHaveLength(0);
  });
});

describe('expire asks first on a terminal', () => {
  const ask = async (args: string[], answer: string, question: string) => {
    const term = scriptedTerminal([[question, `${answer}${KEYS.enter}`]]);
    const client = scriptedClient({ expire: (id) => expired(id) });
    const r = await runInProcess(['sessions', 'expire', ...args], { env, client, tty: true, terminal: term.terminal });
    expect(term.unanswered()).toEqual([]);
    return { ...r, calls: client.calls.map((c) => c.id) };
  };
  const tail = '? Customers will no longer be able to pay there.';

  it('one session, by its ID: n sends nothing and says so; y expires it', async () => {
    const no = await ask(['cs_1'], 'n', `Expire session cs_1${tail}`);
    expect(no).toEqual({ code: 0, stdout: '', stderr: 'Nothing expired.\n', calls: [] });
    const yes = await ask(['cs_1'], 'y', `Expire session cs_1${tail}`);
    expect([yes.code, yes.stdout, yes.calls]).toEqual([0, 'cs_1  expired at 2026-11-23T12:00:00.000Z\n', ['cs_1']]);
  });

  it('up to three IDs are listed; more are counted; duplicates are said', async () => {
    expect((await ask(['cs_1', 'cs_2', 'cs_3'], 'n', `Expire 3 sessions (cs_1, cs_2, cs_3)${tail}`)).calls).toEqual([]);
    expect((await ask(['cs_1', 'cs_2', 'cs_3', 'cs_4', 'cs_5'], 'n', `Expire 5 sessions (cs_1, cs_2, cs_3 and 2 more)${tail}`)).calls).toEqual([]);
    const dupes = await ask(['cs_1', 'cs_1'], 'y', "Expire 1 session (cs_1; 1 duplicate line was skipped: each ID is used once)?");
    expect(dupes.calls).toEqual(['cs_1']);
  });

  it('a dry run asks nothing', async () => {
    const client = scriptedClient({ get: (id) => ({ id, status: 'open' }) });
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', '--dry-run'], { env, client, tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Would expire');
  });
});

describe('a batch says what it did, in its own words', () => {
  const mixed = () =>
    scriptedClient({
      expire: (id) => (id === 'cs_2' ? Promise.reject(new NotFoundError('No such session', { status: 404 })) : expired(id)),
      get: (id) => (id === 'cs_2' ? Promise.reject(new NotFoundError('No such session', { status: 404 })) : { id, status: 'open' }),
    });

  it('expiring: how many expired, and how many were not', async () => {
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', 'cs_3', '--yes', '--concurrency', '1'], { env, client: mixed() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('✗ 2 of 3 sessions expired or already expired\nExpired (2):\n  cs_1\n  cs_3\nNot found (1):\n  cs_2\n');
    expect(r.stderr).toBe('Error: 1 of 3 sessions were not expired\n');
  });

  it('a dry run: what would be expired, under its own label, and that nothing changed', async () => {
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', 'cs_3', '--dry-run', '--concurrency', '1'], { env, client: mixed() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('✗ 2 of 3 sessions would be expired or are already expired (dry run: nothing was changed)\nWould expire (2):\n  cs_1\n  cs_3\nNot found (1):\n  cs_2\n');
    expect(r.stderr).toBe('Error: 1 of 3 sessions could not be expired (dry run: nothing was changed)\n');
  });

  it('one ID whose answer has no session: -o json prints what is known', async () => {
    const client = scriptedClient({
      expire: () => Promise.reject(new ConflictError('Checkout session cs_1 is already expired', { status: 409 })),
      get: (id) => ({ id, status: 'expired' }),
    });
    const r = await runInProcess(['sessions', 'expire', 'cs_1', '--yes', '-o', 'json'], { env, client });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'cs_1', status: 'expired' });
  });
});
