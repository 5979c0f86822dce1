import { describe, expect, it } from 'vitest';
import { isWellFormedKey, keyMode, maskKey, secretForms } from '../../src/client/api-key.js';
import { baseUrlProblem, isLoopbackHost, normalizeBaseUrl } from '../../src/client/base-url.js';
import { CheckoutSessions, pathSegment } from '../../src/client/checkout-sessions.js';
import { InvalidIdError, InvalidOptionsError } from '../../src/client/errors.js';
import { RETRYABLE_NETWORK_CODES, RateLimitGate, isRetryableStatus, retryAfterMs } from '../../src/client/retry-policy.js';
import { normalizeSession } from '../../src/client/session.js';
import { sleep } from '../../src/client/sleep.js';
import { RevKeen } from '../../src/index.js';

describe('what is worth another attempt', () => {
  it('exactly these network failures', () => {
    expect([...RETRYABLE_NETWORK_CODES].sort()).toEqual(
      ['EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET'].sort(),
    );
  });

  it.each([
    [429, undefined, true],
    [500, undefined, true],
    [599, undefined, true],
    [499, undefined, false],
    [409, 'idempotency_in_progress', true],
    [409, 'session_completed', false],
    [400, 'idempotency_in_progress', false],
  ])('HTTP %d (%s): %s', (status, code, retryable) => expect(isRetryableStatus(status, code)).toBe(retryable));

  it('a blank Retry-After says nothing', () => {
    expect(retryAfterMs('   ')).toBeUndefined();
    expect(retryAfterMs(' 2 ')).toBe(2000);
  });
});

describe('the rate-limit gate', () => {
  const timed = async (fn: () => Promise<void>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const never = new AbortController().signal;

  it('opens at once when nothing holds it; after a hold, only when the hold is over; a shorter hold does not shorten it', async () => {
    const gate = new RateLimitGate();
    expect(await timed(() => gate.pass(never))).toBeLessThan(20);
    gate.hold(150);
    gate.hold(10);
    expect(await timed(() => gate.pass(never))).toBeGreaterThanOrEqual(140);
    expect(await timed(() => gate.pass(never))).toBeLessThan(20);
  });

  it('holds from now, by its clock', async () => {
    let now = 1_000_000;
    const gate = new RateLimitGate(() => now);
    gate.hold(100);
    // The clock reaches the end of the hold while the gate sleeps; it opens then, not before.
    setTimeout(() => (now += 100), 30);
    expect(await timed(() => gate.pass(never))).toBeGreaterThanOrEqual(90);
    gate.hold(60_000);
    now += 60_000;
    expect(await timed(() => gate.pass(never))).toBeLessThan(20);
  });
});

describe('sleep', () => {
  it('rejects at once with the reason when the signal is already aborted', async () => {
    const stop = new AbortController();
    stop.abort('already');
    await expect(sleep(10_000, stop.signal)).rejects.toBe('already');
  });

  it('rejects with the reason when aborted midway, and resolves after its time otherwise', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort('midway'), 10);
    const started = performance.now();
    await expect(sleep(10_000, stop.signal)).rejects.toBe('midway');
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(sleep(5, new AbortController().signal)).resolves.toBeUndefined();
  });
});

describe('keys', () => {
  it.each([
    ['rk_live_abcd', true],
    ['xrk_live_abcd', false],
    ['rk_live_abcd!', false],
    ['rk_live_abc', false],
    ['rk_Live_abcd', false],
  ])('%s is well formed: %s', (key, ok) => expect(isWellFormedKey(key)).toBe(ok));

  it.each([
    ['rk_sandbox_x', 'sandbox'],
    ['rk_test_x', 'sandbox'],
    ['rk_live_x', 'live'],
    ['rk_other_x', 'unknown'],
    ['my_rk_test_', 'unknown'],
    ['my_rk_live_', 'unknown'],
  ])('%s is %s', (key, mode) => expect(keyMode(key)).toBe(mode));

  it('a known prefix counts only at the start', () => {
    expect(maskKey('xx_rk_live_0123456789abcdefgh')).toBe('…efgh');
    expect(maskKey('rk_test_0123456789abcdefgh')).toBe('rk_test_…efgh');
  });

  it('a key JSON writes as it is has one form; one with a quote has two', () => {
    expect(secretForms('rk_live_0123456789abcdef')).toEqual([['rk_live_0123456789abcdef', 'rk_live_…cdef']]);
    expect(secretForms('rk_live_0123456789ab"cdef')).toHaveLength(2);
  });
});

describe('base URLs', () => {
  it.each([
    ['http://127.0.0.1:4010//', 'http://127.0.0.1:4010/v2'],
    ['https://api.example.com/v2//', 'https://api.example.com/v2'],
    ['https://api.example.com/v2/extra', 'https://api.example.com/v2/extra/v2'],
    ['https://api.example.com/api', 'https://api.example.com/api/v2'],
  ])('%s is %s', (input, url) => expect(normalizeBaseUrl(input)).toBe(url));

  it.each([
    ['[::1]', true],
    ['127.240.0.1', true],
    ['127.199.0.1', true],
    ['127.10.0.1', true],
    ['127.0.0.255', true],
    ['127.0.0.256', false],
    ['LOCALHOST', true],
    ['::2', false],
  ])('%s is this machine: %s', (host, loopback) => expect(isLoopbackHost(host)).toBe(loopback));

  it('spaces around a base URL do not matter; a user name alone is refused too', () => {
    expect(baseUrlProblem('  https://api.example.com/v2  ')).toBeUndefined();
    expect(baseUrlProblem('https://user@api.example.com/v2')).toBe('a base URL must not carry a user name or password');
  });
});

describe('the client’s own checks', () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return [(error as InvalidOptionsError).constructor.name, (error as InvalidOptionsError).code, (error as Error).message];
    }
    return 'accepted';
  };
  it.each([
    [{ apiKey: '' }, 'missing_api_key', 'RevKeen needs an apiKey'],
    [{ apiKey: '   ' }, 'missing_api_key', 'RevKeen needs an apiKey'],
    [{ apiKey: 42 }, 'missing_api_key', 'RevKeen needs an apiKey'],
    [undefined, 'missing_api_key', 'RevKeen needs an apiKey'],
    [{ apiKey: 'rk_live_x', baseUrl: 'ftp://x.example' }, 'invalid_base_url', 'baseUrl: ftp: is not https:'],
    [{ apiKey: 'rk_live_x', baseUrl: 7 }, 'invalid_base_url', 'baseUrl: baseUrl must be a string'],
    [{ apiKey: 'rk_live_x', maxConnections: 0 }, 'invalid_option', 'maxConnections must be a whole number from 1 to 1024, not 0'],
    [{ apiKey: 'rk_live_x', timeoutMs: 2.5 }, 'invalid_option', 'timeoutMs must be a whole number from 1 to 86400000, not 2.5'],
  ])('%j: %s', (options, code, message) => {
    expect(refusal(() => new RevKeen(options as never))).toEqual(['InvalidOptionsError', code, message]);
  });

  it('a base URL with spaces is taken trimmed and normalised', () => {
    expect(new RevKeen({ apiKey: 'rk_live_x', baseUrl: '  https://api.example.com/  ' }).baseUrl).toBe('https://api.example.com/v2');
  });

  it.each(['', '.', '..', 5])('%j is never sent as an ID', (id) => {
    expect(() => pathSegment(id as string)).toThrow(InvalidIdError);
    expect(() => pathSegment(id as string)).toThrow(`Not a checkout session ID: ${JSON.stringify(id)}`);
  });

  it('an expire answer without a status is expired; only id, status and expiredAt are kept', async () => {
    const sessions = new CheckoutSessions(async () => ({ data: { id: 'cs_1', url: 'u', expired_at: 'T' }, requestId: 'r', body: {}, status: 200, replayed: false }));
    expect((await sessions.expire('cs_1')).data).toEqual({ id: 'cs_1', status: 'expired', expiredAt: 'T' });
    const withStatus = new CheckoutSessions(async () => ({ data: { id: 'cs_2', status: 'complete' }, requestId: 'r', body: {}, status: 200, replayed: false }));
    expect((await withStatus.expire('cs_2')).data).toEqual({ id: 'cs_2', status: 'complete', expiredAt: undefined });
  });
});

describe('a session as the server may spell it', () => {
  it('takes only the types it documents; null where null is meaningful', () => {
    expect(
      normalizeSession({
        id: 7,
        url: 5,
        amountMinor: Number.NaN,
        amount_total: '700',
        allowedMethods: ['card', 3, null, 'in_store'],
        customerId: null,
        cancel_url: null,
        created_at: 'C',
        selectedMethod: 9,
      }),
    ).toEqual({ id: '', allowedMethods: ['card', 'in_store'], customerId: null, cancelUrl: null, createdAt: 'C' });
    expect(normalizeSession({ id: 'cs_1', amount_total: 700, amountMinor: Infinity })).toEqual({ id: 'cs_1', amountMinor: 700 });
  });
});
