import { afterEach, describe, expect, it } from 'vitest';
import { InvalidResponseError, RevKeen, ServerError } from '../src/index.js';
import { createdBody, json, startFaultServer, type FaultServer } from './helpers/servers.js';

const KEY = 'rk_sandbox_transport_test_0123456789';
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const clientFor = (baseUrl: string, extra: Partial<ConstructorParameters<typeof RevKeen>[0]> = {}) => new RevKeen({ apiKey: KEY, baseUrl, ...extra });

describe('what counts as an answer', () => {
  it('marks a reply the server replayed for a repeated Idempotency-Key, and only that', async () => {
    server = await startFaultServer((_req, res, i) => json(res, 201, createdBody(), i === 0 ? { 'idempotency-replayed': 'true' } : { 'idempotency-replayed': 'false' }));
    const client = clientFor(server.baseUrl);
    expect((await client.checkoutSessions.create({ invoiceId: 'inv_1' })).replayed).toBe(true);
    expect((await client.checkoutSessions.create({ invoiceId: 'inv_1' })).replayed).toBe(false);
  });

  it.each([200, 201, 299])('takes HTTP %d with a session as success', async (status) => {
    server = await startFaultServer((_req, res) => json(res, status, createdBody('cs_ok')));
    const reply = await clientFor(server.baseUrl).checkoutSessions.get('cs_ok');
    expect(reply.data.id).toBe('cs_ok');
    expect(reply.status).toBe(status);
  });

  it.each([300, 304])('takes HTTP %d as an error, whatever the body says, and does not retry it', async (status) => {
    server = await startFaultServer((_req, res) => json(res, status, createdBody('cs_ok')));
    await expect(clientFor(server.baseUrl).checkoutSessions.get('cs_ok')).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['null', 'without the session in "data"'],
    ['{"data":null}', 'without the session in "data"'],
    ['{"data":[]}', 'without the session in "data"'],
    ['{"data":"cs_1"}', 'without the session in "data"'],
    ['', 'with an empty body instead of JSON'],
    ['{"data":', 'with a body that is not valid JSON (8 bytes) instead of JSON'],
    ['<html>Bad gateway</html>', 'with an HTML page instead of JSON'],
  ])('refuses a 200 whose body is %j', async (body, words) => {
    server = await startFaultServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const error = await clientFor(server.baseUrl).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(`The server answered HTTP 200 ${words}`);
  });
});

describe('retries', () => {
  it('retries a connection reset, then takes the answer, with one Idempotency-Key', async () => {
    server = await startFaultServer((_req, res, i) => void (i === 0 ? res.socket?.destroy() : json(res, 201, createdBody())));
    const retries: number[] = [];
    const reply = await clientFor(server.baseUrl, { onRetry: (r) => retries.push(r.attempt) }).checkoutSessions.create({ invoiceId: 'inv_1' });
    expect(reply.data.id).toBe('cs_123');
    expect(retries).toEqual([1]);
    expect(server.requests).toHaveLength(2);
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('retries a 5xx at most maxRetries times, then reports the last one', async () => {
    server = await startFaultServer((_req, res) => json(res, 503, { error: 'Down for a moment', requestId: 'req_503' }));
    const error = await clientFor(server.baseUrl, { maxRetries: 2 }).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    server = await startFaultServer((_req, res) => json(res, 400, { error: 'Bad', requestId: 'req_400' }));
    await expect(clientFor(server.baseUrl, { maxRetries: 3 }).checkoutSessions.get('cs_1')).rejects.toThrow('Bad');
    expect(server.requests).toHaveLength(1);
  });

  it('traces each attempt with the key masked', async () => {
    server = await startFaultServer((_req, res, i) => (i === 0 ? json(res, 502, { error: 'gateway' }) : json(res, 200, createdBody())));
    const events: { type: string; attempt?: number; headers?: Record<string, string> }[] = [];
    await clientFor(server.baseUrl, { onTrace: (e) => events.push(e as never) }).checkoutSessions.get('cs_123');
    expect(events.map((e) => `${e.type}${e.attempt ?? ''}`)).toEqual(['request0', 'response0', 'retry1', 'request1', 'response1']);
    const sent = events.find((e) => e.type === 'request')!.headers!;
    expect(sent['x-api-key']).not.toBe(KEY);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });
});
