import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InvalidRequestError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RevKeen,
  ServerError,
  TimeoutError,
} from '../src/index.js';
import { createdBody, json, startFaultServer, type FaultServer } from './helpers/servers.js';

const KEY = 'rk_sandbox_client_test_0123456789';
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (baseUrl: string, extra: Partial<ConstructorParameters<typeof RevKeen>[0]> = {}) =>
  new RevKeen({ apiKey: KEY, baseUrl, ...extra });

describe('what the client sends', () => {
  it('sends the key, version, user agent and JSON body, with an Idempotency-Key on POST only', async () => {
    server = await startFaultServer((req, res) => json(res, req.method === 'POST' ? 201 : 200, createdBody()));
    const client = clientFor(server.baseUrl);
    const created = await client.checkoutSessions.create({ invoiceId: 'inv_123', allowedMethods: ['card'] });
    await client.checkoutSessions.get('cs_123');

    const [post, get] = server.requests;
    expect(post.method).toBe('POST');
    expect(post.url).toBe('/v2/checkout-sessions');
    expect(post.headers['x-api-key']).toBe(KEY);
    expect(post.headers['revkeen-version']).toBe('2026-05-01');
    expect(post.headers['user-agent']).toMatch(/^revkeen\/\S+ node\/\d+/);
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(post.body)).toEqual({ invoiceId: 'inv_123', allowedMethods: ['card'] });
    expect(get.method).toBe('GET');
    expect(get.headers['idempotency-key']).toBeUndefined();
    expect(created).toMatchObject({ data: { id: 'cs_123', amountMinor: 1250 }, requestId: 'req_fault', status: 201 });
  });

  it('treats base URLs with and without /v2 alike', async () => {
    server = await startFaultServer((_req, res) => json(res, 200, createdBody()));
    const origin = server.baseUrl.replace(/\/v2$/, '');
    for (const base of [origin, `${origin}/`, `${origin}/v2`, `${origin}/v2/`]) await clientFor(base).checkoutSessions.get('cs_1');
    expect(server.requests.map((r) => r.url)).toEqual(Array(4).fill('/v2/checkout-sessions/cs_1'));
  });

  it('keeps any ID one encoded path segment', async () => {
    server = await startFaultServer((_req, res) => json(res, 200, createdBody()));
    await clientFor(server.baseUrl).checkoutSessions.get('a/../b?c#d');
    await clientFor(server.baseUrl).checkoutSessions.expire('x y');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v2/checkout-sessions/a%2F..%2Fb%3Fc%23d',
      '/v2/checkout-sessions/x%20y/expire',
    ]);
    await expect(clientFor(server.baseUrl).checkoutSessions.get('..')).rejects.toThrow(/Not a checkout session ID/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('errors', () => {
  it.each([
    [400, { error: 'invoiceId must be an ID string' }, InvalidRequestError, undefined, 'invoiceId must be an ID string'],
    [401, { error: { type: 'auth', code: 'unauthenticated', message: 'Bad key' } }, AuthenticationError, 'unauthenticated', 'Bad key'],
    [403, { message: 'Missing scope checkout:write' }, PermissionDeniedError, undefined, 'Missing scope checkout:write'],
    [404, { error: { code: 'resource_missing', message: 'No such session' } }, NotFoundError, 'resource_missing', 'No such session'],
    [409, { error: { code: 'idempotency_conflict', message: 'Key reused' } }, ConflictError, 'idempotency_conflict', 'Key reused'],
    [422, { error: { code: 'validation_error', message: 'Bad' } }, InvalidRequestError, 'validation_error', 'Bad'],
  ])('turns HTTP %i into a typed error with code, message and request ID', async (status, body, Kind, code, message) => {
    server = await startFaultServer((_req, res) => json(res, status, { ...body, requestId: 'req_42' }));
    const error = await clientFor(server.baseUrl).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Kind);
    expect(error).toMatchObject({ status, code, message, requestId: 'req_42' });
  });

  it('reads the request ID from the x-request-id header when the body has none', async () => {
    server = await startFaultServer((_req, res) => json(res, 404, { error: 'gone' }, { 'x-request-id': 'req_header' }));
    await expect(clientFor(server.baseUrl).checkoutSessions.get('cs_1')).rejects.toMatchObject({ requestId: 'req_header' });
  });

  it('describes an HTML gateway page, retries it, and fails as a server error', async () => {
    server = await startFaultServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const error = await clientFor(server.baseUrl).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toBe('The API had a server error; it sent an HTML page');
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    ['truncated JSON', '{"data": {"id": "cs_1"', /instead of JSON/],
    ['an empty body', '', /an empty body instead of JSON/],
    ['a 200 without data', '{"requestId":"req_1"}', /without the session in "data"/],
  ])('refuses %s in a success reply', async (_name, text, message) => {
    server = await startFaultServer((_req, res) => json(res, 200, text));
    const error = await clientFor(server.baseUrl).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(message);
    expect(error).toMatchObject({ status: 200 });
  });

  it('stops reading a reply of many megabytes', async () => {
    server = await startFaultServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 20 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      pump();
    });
    await expect(clientFor(server.baseUrl).checkoutSessions.get('cs_1')).rejects.toThrow(/more than 1 MiB/);
  });
});

describe('retries', () => {
  it('retries a 503 and a reset with the same Idempotency-Key, so one create stays one session', async () => {
    server = await startFaultServer((_req, res, i) => {
      if (i === 0) return json(res, 503, { error: 'busy' });
      if (i === 1) return void res.socket?.destroy();
      json(res, 201, createdBody());
    });
    const result = await clientFor(server.baseUrl).checkoutSessions.create({ amountMinor: 100, currency: 'USD' });
    expect(result.data.id).toBe('cs_123');
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    server = await startFaultServer((_req, res, i) =>
      i === 0 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, createdBody()),
    );
    const started = Date.now();
    await clientFor(server.baseUrl).checkoutSessions.get('cs_1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('retries idempotency_in_progress but never other 4xx', async () => {
    server = await startFaultServer((_req, res, i) =>
      i === 0
        ? json(res, 409, { error: { code: 'idempotency_in_progress', message: 'wait' } })
        : json(res, 409, { error: 'Session is complete' }),
    );
    await expect(clientFor(server.baseUrl).checkoutSessions.expire('cs_1')).rejects.toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries', async () => {
    server = await startFaultServer((_req, res) => json(res, 500, { error: 'boom' }));
    await expect(clientFor(server.baseUrl, { maxRetries: 1 }).checkoutSessions.get('cs_1')).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(2);
  });

  it('fails a refused connection as a connection error after retrying', async () => {
    server = await startFaultServer((_req, res) => json(res, 200, createdBody()));
    const base = server.baseUrl;
    await server.close();
    server = undefined;
    const error = await clientFor(base, { maxRetries: 1 }).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/connection refused/);
  });

  it('bounds the whole call by the timeout', async () => {
    server = await startFaultServer(() => {
      /* never answers */
    });
    const started = Date.now();
    const error = await clientFor(server.baseUrl, { timeoutMs: 300 }).checkoutSessions.get('cs_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

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
