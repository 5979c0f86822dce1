import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/mock/server.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { startMock } from './helpers/servers.js';

const KEY = 'rk_sandbox_webhooks_0123456789ab';
const SECRET = 'whsec_mock_test_secret';
let mock: MockServer | undefined;
let receiver: Receiver | undefined;
const logs: string[] = [];
afterEach(async () => {
  await mock?.close();
  await receiver?.close();
  mock = undefined;
  receiver = undefined;
  logs.length = 0;
});

const start = async (options: Parameters<typeof startMock>[0] = {}) => {
  mock = await startMock({ forwardTo: [receiver!.url], webhookSecret: SECRET, onWebhookLog: (l) => logs.push(l), webhookDelaysMs: [100, 200, 300], ...options });
  return mock;
};
const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`${mock!.baseUrl}${path}`, {
    method,
    headers: { 'x-api-key': KEY, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
};

describe('revkeen mock --forward-to', () => {
  it('delivers checkout.session.completed on pay, signed; data.object is the session as retrieve shows it', async () => {
    receiver = await startReceiver(SECRET);
    await start();
    const created = await api('POST', '/checkout-sessions', { amountMinor: 1250, currency: 'USD', allowedMethods: ['card'] });
    const paid = await fetch(`${created.body.data.url}/pay`, { method: 'POST', body: 'method=card', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(303);
    const [event] = await receiver.waitFor(1);
    const retrieved = await api('GET', `/checkout-sessions/${created.body.data.id}`);
    expect(event).toMatchObject({ type: 'checkout.session.completed', livemode: false, data: { object: retrieved.body.data } });
    expect(event.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(Math.abs(event.created - Date.now() / 1000)).toBeLessThan(5);
    expect(receiver.received.every((r) => r.event)).toBe(true);
    expect(logs[0]).toMatch(new RegExp(`^webhook checkout\\.session\\.completed ${event.id} → ${receiver.url} attempt 1: HTTP 200 in \\d+ ms$`));
  });

  it('delivers checkout.session.expired on expire through the API, and when a TTL lapses unasked', async () => {
    receiver = await startReceiver(SECRET);
    await start({ sessionTtlMs: 600 });
    const first = await api('POST', '/checkout-sessions', { amountMinor: 100 });
    await api('POST', `/checkout-sessions/${first.body.data.id}/expire`);
    const second = await api('POST', '/checkout-sessions', { amountMinor: 200 });
    const created = Date.now();
    const events = await receiver.waitFor(2);
    expect(events.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([
      ['checkout.session.expired', first.body.data.id],
      ['checkout.session.expired', second.body.data.id],
    ]);
    // Nobody asked about the second session: its expiry went out on time by itself.
    const lapsed = receiver.received.find((r) => (r.event?.data.object as { id: string })?.id === second.body.data.id)!;
    expect(lapsed.at - created).toBeGreaterThanOrEqual(550);
    expect((events[1].data.object as { status: string }).status).toBe('expired');
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.received).toHaveLength(2); // each event once
  });

  it('retries a failing handler with backoff, then stops when it accepts', async () => {
    receiver = await startReceiver(SECRET, (attempt, _req, res) => {
      if (attempt === 1) res.writeHead(500).end('boom');
      if (attempt === 2) res.socket?.destroy();
      return attempt <= 2;
    });
    await start();
    const created = await api('POST', '/checkout-sessions', { amountMinor: 100 });
    await api('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    await receiver.waitFor(1);
    // The handler has the event before the mock has its answer to log.
    await expect.poll(() => logs.length).toBe(3);
    expect(logs[0]).toMatch(/attempt 1: HTTP 500 in \d+ ms; retrying in 0.1 s$/);
    expect(logs[1]).toMatch(/attempt 2: .+ in \d+ ms; retrying in 0.2 s$/);
    expect(logs[2]).toMatch(/attempt 3: HTTP 200 in \d+ ms$/);
  });

  it('retries a refused connection, then gives up, and the API never waits for any of it', async () => {
    receiver = await startReceiver(SECRET);
    const closedUrl = receiver.url;
    await receiver.close();
    receiver = await startReceiver(SECRET, () => true); // never answers: a hanging handler
    mock = await startMock({ forwardTo: [closedUrl, receiver.url], webhookSecret: SECRET, onWebhookLog: (l) => logs.push(l), webhookDelaysMs: [50, 50] });
    const created = await api('POST', '/checkout-sessions', { amountMinor: 100 });
    const started = Date.now();
    const expired = await api('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    expect(expired.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 600));
    const refused = logs.filter((l) => l.includes(closedUrl));
    expect(refused.map((l) => /attempt (\d): connection refused/.exec(l)?.[1])).toEqual(['1', '2', '3']);
    expect(refused[2]).toMatch(/; giving up$/);
  });

  it('a handler with another secret refuses every delivery', async () => {
    receiver = await startReceiver('whsec_the_other_one');
    await start({ webhookDelaysMs: [] });
    const created = await api('POST', '/checkout-sessions', { amountMinor: 100 });
    await api('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((r) => r.refused)).toEqual(['no_matching_signature']);
  });
});

describe('the mock’s conflicts follow the official document', () => {
  it('expire’s 409 has error as a string; an Idempotency-Key replays the same JSON value whatever its key order', async () => {
    mock = await startMock();
    const created = await api('POST', '/checkout-sessions', { amountMinor: 100 });
    await api('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    const again = await api('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    expect(again.status).toBe(409);
    expect(typeof again.body.error).toBe('string');

    const key = { 'idempotency-key': 'a4b8c7e2-0000-4000-8000-000000000001' };
    const one = await api('POST', '/checkout-sessions', '{"amountMinor":500,"currency":"EUR","allowedMethods":["card"]}', key);
    const two = await api('POST', '/checkout-sessions', '{ "allowedMethods": ["card"], "currency": "EUR", "amountMinor": 500 }', key);
    expect(two.status).toBe(201);
    expect(two.body.data.id).toBe(one.body.data.id);
    const other = await api('POST', '/checkout-sessions', '{"amountMinor":501,"currency":"EUR","allowedMethods":["card"]}', key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });
});
