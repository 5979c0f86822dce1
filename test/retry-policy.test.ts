import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitError, RevKeen, TimeoutError } from '../src/index.js';
import { BACKOFF_CAP_MS, MAX_WAIT_MS, backoffDelay, retryAfterMs } from '../src/client/retry-policy.js';
import { createdBody, json, startFaultServer, type FaultServer } from './helpers/servers.js';

const KEY = 'rk_sandbox_retry_policy_0a9b8c7d6e';
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the wait before a retry', () => {
  it('grows from half a second, with jitter between half and all of the backoff, capped', () => {
    expect(backoffDelay(0, undefined, () => 0)).toBe(250);
    expect(backoffDelay(0, undefined, () => 1)).toBe(500);
    expect(backoffDelay(1, undefined, () => 0)).toBe(500);
    expect(backoffDelay(3, undefined, () => 1)).toBe(4000);
    expect(backoffDelay(4, undefined, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(10, undefined, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(10, undefined, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('takes a longer Retry-After, never a shorter one than the floor, and never over the cap', () => {
    expect(backoffDelay(0, 0, () => 0)).toBe(250);
    expect(backoffDelay(0, 3000, () => 0)).toBe(3000);
    expect(backoffDelay(5, 100, () => 0)).toBe(BACKOFF_CAP_MS / 2);
    expect(backoffDelay(0, 10 * MAX_WAIT_MS, () => 0)).toBe(MAX_WAIT_MS);
  });

  it('reads Retry-After as seconds or a date; past, negative and zero mean no wait of its own', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('-5', now)).toBe(0);
    expect(retryAfterMs('Mon, 23 Nov 2026 11:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('Mon, 23 Nov 2026 12:00:07 GMT', now)).toBe(7000);
    expect(retryAfterMs('99999', now)).toBe(MAX_WAIT_MS);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('one retry policy for every request', () => {
  it('a 429 on an expire respects the timeout, and every attempt carries one Idempotency-Key', async () => {
    server = await startFaultServer((_req, res) => json(res, 429, { error: 'Too many requests' }, { 'retry-after': '1' }));
    const client = new RevKeen({ apiKey: KEY, baseUrl: server.baseUrl, timeoutMs: 2000, maxRetries: 10 });
    const started = Date.now();
    const error = await client.checkoutSessions.expire('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.length).toBeLessThanOrEqual(3);
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    await client.close();
  });

  it('Retry-After: 0, negative or past still waits the backoff floor', async () => {
    for (const retryAfter of ['0', '-3', 'Thu, 01 Jan 2015 00:00:00 GMT']) {
      server = await startFaultServer((_req, res, i) =>
        i < 2 ? json(res, 429, { error: 'slow down' }, { 'retry-after': retryAfter }) : json(res, 200, createdBody()),
      );
      const client = new RevKeen({ apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 2 });
      const started = Date.now();
      await client.checkoutSessions.get('cs_1');
      // Floors of 250 ms and 500 ms at least.
      expect(Date.now() - started).toBeGreaterThanOrEqual(740);
      expect(server.requests).toHaveLength(3);
      await client.close();
      await server.close();
      server = undefined;
    }
  });

  it('a 429 holds every call of the client, not only the one that met it', async () => {
    const seen: { url: string; at: number }[] = [];
    let limited = false;
    server = await startFaultServer((req, res) => {
      seen.push({ url: req.url, at: Date.now() });
      if (!limited) {
        limited = true;
        return json(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
      }
      json(res, 200, createdBody());
    });
    const client = new RevKeen({ apiKey: KEY, baseUrl: server.baseUrl });
    await client.checkoutSessions.get('cs_first');
    const limitedAt = seen[0].at;
    await Promise.all(['cs_a', 'cs_b', 'cs_c'].map((id) => client.checkoutSessions.get(id)));
    expect(seen).toHaveLength(5);
    for (const s of seen.slice(1)) expect(s.at - limitedAt).toBeGreaterThanOrEqual(950);
    await client.close();
  });

  it('a call waiting behind another call’s 429 keeps its own full timeout', async () => {
    let first = true;
    server = await startFaultServer((_req, res) => {
      if (first) {
        first = false;
        return json(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
      }
      json(res, 200, createdBody());
    });
    const client = new RevKeen({ apiKey: KEY, baseUrl: server.baseUrl, timeoutMs: 1500, maxRetries: 0 });
    await expect(client.checkoutSessions.get('cs_1')).rejects.toBeInstanceOf(RateLimitError);
    // The gate is held for a second; this call's 1.5 s starts after it.
    await expect(client.checkoutSessions.get('cs_2')).resolves.toMatchObject({ data: { id: 'cs_123' } });
    await client.close();
  });

  it('no call keeps a finished process alive: the timer is cleared after every call', async () => {
    server = await startFaultServer((_req, res) => json(res, 200, createdBody()));
    const client = new RevKeen({ apiKey: KEY, baseUrl: server.baseUrl, timeoutMs: 60_000 });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await client.checkoutSessions.get('cs_1');
    await client.close();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
  });

  it('a retry that would not fit in the timeout is not started: the last answer is reported at once', async () => {
    server = await startFaultServer((_req, res) => json(res, 503, { error: 'down' }, { 'retry-after': '5' }));
    const client = new RevKeen({ apiKey: KEY, baseUrl: server.baseUrl, timeoutMs: 3000, maxRetries: 5 });
    const started = Date.now();
    const error = await client.checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe('down');
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2500);
    await client.close();
  });
});
