import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RevKeen as OfficialSdk } from '@revkeen/sdk';
import type { MockServer } from '../src/mock/server.js';
import { startMock } from './helpers/servers.js';

const KEY = 'rk_sandbox_mock_test_0123456789';
let mock: MockServer;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${mock.baseUrl}${path}`, {
    method,
    headers: { 'x-api-key': KEY, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('revkeen mock speaks the checkout-session contract', () => {
  it('answers the guide’s own curl request with 201 and a URL', async () => {
    const { stdout } = await promisify(execFile)('curl', [
      '-sS',
      '-w',
      '\n%{http_code}',
      '-X',
      'POST',
      `${mock.baseUrl}/checkout-sessions`,
      '-H',
      `x-api-key: ${KEY}`,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{\n  "invoiceId": "inv_123",\n  "successUrl": "https://example.com/success",\n  "cancelUrl": "https://example.com/cancel",\n  "allowedMethods": ["card"]\n}',
    ]);
    const [body, status] = stdout.split('\n');
    expect(status).toBe('201');
    const parsed = JSON.parse(body);
    expect(parsed.data.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/rvk_cs_/);
    expect(parsed.requestId).toMatch(/^req_/);
  });

  it('creates in camelCase and retrieves in snake_case, as the document does', async () => {
    const created = await api('POST', '/checkout-sessions', { amountMinor: 1250, currency: 'EUR', allowedMethods: ['card', 'pay_by_bank'] });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.data)).toEqual(
      expect.arrayContaining(['id', 'url', 'publicToken', 'currency', 'expiresAt', 'amountMinor', 'allowedMethods']),
    );
    const got = await api('GET', `/checkout-sessions/${created.body.data.id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({
      id: created.body.data.id,
      object: 'checkout_session',
      status: 'open',
      amount_total: 1250,
      currency: 'EUR',
      allowed_methods: ['card', 'pay_by_bank'],
      url: created.body.data.url,
    });
    expect(got.body.data.expires_at).toBe(created.body.data.expiresAt);
  });

  it.each([
    ['not JSON', '{"invoiceId":'],
    ['an array', []],
    ['no purchase', { currency: 'USD' }],
    ['a fractional amount', { amountMinor: 12.5 }],
    ['a zero amount', { amountMinor: 0 }],
    ['a lower-case currency', { amountMinor: 100, currency: 'usd' }],
    ['an unknown method', { invoiceId: 'inv_1', allowedMethods: ['cash'] }],
    ['a relative success URL', { invoiceId: 'inv_1', successUrl: '/done' }],
  ])('refuses %s with 400', async (_name, body) => {
    const r = await api('POST', '/checkout-sessions', body);
    expect(r.status).toBe(400);
    expect(typeof r.body.error).toBe('string');
  });

  it('demands a well-formed key: 401 without one', async () => {
    const none = await fetch(`${mock.baseUrl}/checkout-sessions/x`);
    expect(none.status).toBe(401);
    expect((await api('GET', '/checkout-sessions/x', undefined, { 'x-api-key': 'nonsense' })).status).toBe(401);
  });

  it('answers 404 for unknown IDs and for another key’s sessions', async () => {
    expect((await api('GET', '/checkout-sessions/cs_unknown')).status).toBe(404);
    const created = await api('POST', '/checkout-sessions', { invoiceId: 'inv_1' });
    const other = await api('GET', `/checkout-sessions/${created.body.data.id}`, undefined, { 'x-api-key': 'rk_sandbox_someone_else' });
    expect(other.status).toBe(404);
  });

  it('expires an open session once, then answers 409', async () => {
    const { body } = await api('POST', '/checkout-sessions', { productId: 'prod_1' });
    const first = await api('POST', `/checkout-sessions/${body.data.id}/expire`);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ id: body.data.id, status: 'expired' });
    expect(Date.parse(first.body.data.expiredAt)).not.toBeNaN();
    expect((await api('POST', `/checkout-sessions/${body.data.id}/expire`)).status).toBe(409);
    expect((await api('GET', `/checkout-sessions/${body.data.id}`)).body.data.status).toBe('expired');
  });

  it('replays a repeated Idempotency-Key and refuses it with a different body', async () => {
    const headers = { 'idempotency-key': 'key-1' };
    const first = await api('POST', '/checkout-sessions', { invoiceId: 'inv_1' }, headers);
    const again = await api('POST', '/checkout-sessions', { invoiceId: 'inv_1' }, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    const changed = await api('POST', '/checkout-sessions', { invoiceId: 'inv_2' }, headers);
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('idempotency_conflict');
  });

  it('expires sessions after their TTL', async () => {
    await mock.close();
    mock = await startMock({ sessionTtlMs: 150 });
    const { body } = await api('POST', '/checkout-sessions', { invoiceId: 'inv_1' });
    await new Promise((r) => setTimeout(r, 250));
    expect((await api('GET', `/checkout-sessions/${body.data.id}`)).body.data.status).toBe('expired');
    expect((await api('POST', `/checkout-sessions/${body.data.id}/expire`)).status).toBe(409);
  });

  it('serves a hosted page where the session can be paid, then redirects to the success URL', async () => {
    const { body } = await api('POST', '/checkout-sessions', {
      amountMinor: 1999,
      currency: 'USD',
      successUrl: 'https://example.com/success',
      allowedMethods: ['card'],
    });
    const page = await fetch(body.data.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Pay $19.99');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    const paid = await fetch(`${body.data.url}/pay`, { method: 'POST', body: 'method=card', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('https://example.com/success');
    const got = await api('GET', `/checkout-sessions/${body.data.id}`);
    expect(got.body.data).toMatchObject({ status: 'complete', selected_method: 'card' });
    expect((await api('POST', `/checkout-sessions/${body.data.id}/expire`)).status).toBe(409);
  });

  it('lets the customer cancel back to the cancel URL, leaving the session open', async () => {
    const { body } = await api('POST', '/checkout-sessions', { invoiceId: 'inv_9', cancelUrl: 'https://example.com/cancel' });
    const cancelled = await fetch(`${body.data.url}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe('https://example.com/cancel');
    expect((await api('GET', `/checkout-sessions/${body.data.id}`)).body.data.status).toBe('open');
  });

  const form = (url: string, text: string) =>
    fetch(url, { method: 'POST', body: text, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  it('refuses a method the session does not allow, and leaves it open', async () => {
    const { body } = await api('POST', '/checkout-sessions', { amountMinor: 500, allowedMethods: ['card'] });
    for (const method of ['bitcoin', 'pay_by_bank']) {
      const r = await form(`${body.data.url}/pay`, `method=${method}`);
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('That payment method is not offered for this checkout; nothing was charged.');
    }
    expect((await api('GET', `/checkout-sessions/${body.data.id}`)).body.data.status).toBe('open');
  });

  it('refuses a form over 64 KiB with 413, and leaves the session unchanged', async () => {
    const { body } = await api('POST', '/checkout-sessions', { amountMinor: 500, successUrl: 'https://example.com/ok' });
    const r = await form(`${body.data.url}/pay`, `method=card&pad=${'x'.repeat(70 * 1024)}`);
    expect(r.status).toBe(413);
    expect((await api('GET', `/checkout-sessions/${body.data.id}`)).body.data.status).toBe('open');
    const cancel = await form(`${body.data.url}/cancel`, `pad=${'x'.repeat(70 * 1024)}`);
    expect(cancel.status).toBe(413);
  });

  it('refuses success and cancel URLs that are not http(s) at create, as the API does', async () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://example.com/x', 'not a url']) {
      for (const field of ['successUrl', 'cancelUrl']) {
        const r = await api('POST', '/checkout-sessions', { amountMinor: 500, [field]: bad });
        expect(r.status, `${field} ${bad}`).toBe(400);
        expect(r.body.error).toBe(`${field} must be an absolute http or https URL`);
      }
    }
  });

  it('shows a clear page for each state: open, cancelled, paid, expired', async () => {
    const { body } = await api('POST', '/checkout-sessions', { amountMinor: 1250, currency: 'JPY', allowedMethods: ['card', 'pay_by_bank'] });
    const state = async (url: string) => /data-state="(\w+)"/.exec(await (await fetch(url)).text())?.[1];
    const open = await (await fetch(body.data.url)).text();
    expect(open).toContain('Pay ¥1,250');
    expect(open).toContain('> Card</label>');
    expect(open).toContain('> Pay by bank</label>');
    expect(open).not.toContain('pay_by_bank</label>');
    expect(open).toMatch(/<dt>Expires<\/dt><dd id="expires">\d+ \w+ \d{4}, \d\d:\d\d UTC \(in 24 hours\)<\/dd>/);
    const cancelled = await form(`${body.data.url}/cancel`, '');
    expect(cancelled.headers.get('location')).toMatch(/\?cancelled$/);
    expect(await state(new URL(cancelled.headers.get('location')!, body.data.url).href)).toBe('cancelled');
    const paid = await form(`${body.data.url}/pay`, 'method=pay_by_bank');
    expect(paid.status).toBe(303);
    expect(await state(body.data.url)).toBe('paid');
    const second = await api('POST', '/checkout-sessions', { amountMinor: 100 });
    await api('POST', `/checkout-sessions/${second.body.data.id}/expire`);
    expect(await state(second.body.data.url)).toBe('expired');
  });
});

describe('the official SDK against the mock', () => {
  it('creates, retrieves and expires a session with @revkeen/sdk', async () => {
    const sdk = new OfficialSdk({ apiKey: KEY, baseUrl: mock.baseUrl });
    const created = await sdk.checkoutSessions.create({
      invoiceId: 'inv_123',
      successUrl: 'https://example.com/success',
      cancelUrl: 'https://example.com/cancel',
      allowedMethods: ['card'],
    });
    expect(created.data.url).toMatch(/\/p\/rvk_cs_/);
    const got = await sdk.checkoutSessions.get(created.data.id);
    expect(got.data).toMatchObject({ id: created.data.id, status: 'open', invoice_id: 'inv_123' });
    const expired = await sdk.checkoutSessions.expire(created.data.id);
    expect(expired.data).toMatchObject({ id: created.data.id, status: 'expired' });
    await expect(sdk.checkoutSessions.expire(created.data.id)).rejects.toMatchObject({ status: 409 });
  });
});
