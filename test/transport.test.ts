import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionError, InvalidResponseError, NotFoundError, RevKeenError, ServerError, TimeoutError } from '../src/client/errors.js';
import type { Exchange, OutgoingRequest } from '../src/client/http-sender.js';
import { RateLimitGate } from '../src/client/retry-policy.js';
import { call, type TraceEvent, type TransportOptions } from '../src/client/transport.js';

const KEY = 'rk_sandbox_transport_unit_0123456789';
const BASE = 'http://127.0.0.1:9/v2';
const session = (id = 'cs_1') => ({ status: 200, headers: {}, text: JSON.stringify({ data: { id }, requestId: 'req_ok' }) });

type Answer = Exchange | Error | ((req: OutgoingRequest) => Promise<Exchange>);

/** Transport options whose sender gives the scripted answers in turn, recording every request. */
function scripted(answers: Answer[], extra: Partial<TransportOptions> = {}) {
  const sent: OutgoingRequest[] = [];
  const traces: TraceEvent[] = [];
  const holds: number[] = [];
  const gate = new RateLimitGate();
  const hold = gate.hold.bind(gate);
  gate.hold = (ms) => {
    holds.push(ms);
    hold(ms);
  };
  const options: TransportOptions = {
    apiKey: KEY,
    baseUrl: BASE,
    timeoutMs: 1500,
    maxRetries: 2,
    userAgent: 'revkeen-test',
    gate,
    onTrace: (event) => traces.push(event),
    http: {
      send: async (req) => {
        sent.push(req);
        const next = answers.shift();
        if (next === undefined) throw new Error('the test scripted no more answers');
        if (next instanceof Error) throw next;
        return typeof next === 'function' ? next(req) : next;
      },
      close: async () => {},
    },
    ...extra,
  };
  return { options, sent, traces, holds };
}

const coded = (code: string, message = '') => Object.assign(new Error(message), { code });
const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call succeeded'), (error: unknown) => error as RevKeenError);

describe('the request as sent', () => {
  it('GET: JSON accepted, no body and no content type; POST with a body: JSON content type', async () => {
    const t = scripted([session(), session()]);
    await call(t.options, 'GET', '/checkout-sessions/cs_1');
    await call(t.options, 'POST', '/checkout-sessions', { body: { amountMinor: 1 } });
    expect(t.sent[0]).toMatchObject({ method: 'GET', url: `${BASE}/checkout-sessions/cs_1`, body: undefined });
    expect(t.sent[0].headers).toEqual({ accept: 'application/json', 'user-agent': 'revkeen-test', 'revkeen-version': '2026-05-01', 'x-api-key': KEY });
    expect(t.sent[1].body).toBe('{"amountMinor":1}');
    expect(t.sent[1].headers).toMatchObject({ accept: 'application/json', 'content-type': 'application/json' });
    expect(t.sent[1].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a POST without a body (expire) has no content type', async () => {
    const t = scripted([session()]);
    await call(t.options, 'POST', '/checkout-sessions/cs_1/expire', { idempotencyKey: 'k-1' });
    expect(t.sent[0].body).toBeUndefined();
    expect(t.sent[0].headers['content-type']).toBeUndefined();
    expect(t.sent[0].headers['idempotency-key']).toBe('k-1');
  });

  it('traces each exchange with its time, and each failure with its time and message', async () => {
    const t = scripted([coded('ECONNRESET', 'socket hang up'), session()]);
    await call({ ...t.options }, 'GET', '/x');
    const error = t.traces.find((e) => e.type === 'error');
    const response = t.traces.find((e) => e.type === 'response');
    expect(error).toMatchObject({ attempt: 0, message: 'Could not reach the RevKeen API at 127.0.0.1:9: the connection was closed before a reply arrived' });
    for (const e of [error, response] as { ms: number }[]) {
      expect(e.ms).toBeGreaterThanOrEqual(0);
      expect(e.ms).toBeLessThan(5000);
    }
  });
});

describe('what a failure becomes', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'the connection was closed before a reply arrived'],
    ['UND_ERR_SOCKET', 'the connection was closed before a reply arrived'],
    ['ENOTFOUND', 'the host name could not be resolved'],
    ['EAI_AGAIN', 'the host name could not be resolved'],
  ])('%s: a connection error naming the host, retried', async (code, words) => {
    const t = scripted([coded(code, 'raw words'), coded(code, 'raw words')], { maxRetries: 1 });
    t.options.timeoutMs = 30_000;
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`Could not reach the RevKeen API at 127.0.0.1:9: ${words}`);
    expect(error.code).toBe(code);
    expect(t.sent).toHaveLength(2);
  });

  it.each([
    [coded('EPROTO', 'wrong version number'), 'wrong version number'],
    [coded('EWEIRD'), 'EWEIRD'],
    [new Error('socket closed oddly'), 'socket closed oddly'],
  ])('a failure another attempt will not mend (%s) is reported at once, in its own words', async (thrown, words) => {
    const t = scripted([thrown, session()]);
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`Could not reach the RevKeen API at 127.0.0.1:9: ${words}`);
    expect(t.sent).toHaveLength(1);
  });

  it.each([
    ['plain words', 'plain words'],
    [undefined, 'undefined'],
    [null, 'null'],
  ])('something thrown that is not an Error (%j) is said as it is', async (thrown, words) => {
    const t = scripted([(async () => Promise.reject(thrown)) as never]);
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`Could not reach the RevKeen API at 127.0.0.1:9: ${words}`);
  });

  it.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])('%s is a timeout in seconds, with its code', async (code) => {
    const t = scripted([coded(code, 'Headers Timeout Error')], { maxRetries: 0 });
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('No complete answer from the RevKeen API within 1.5 s');
    expect(error.code).toBe(code);
  });

  it('a headers timeout is not retried (it used the whole time)', async () => {
    const t = scripted([coded('UND_ERR_HEADERS_TIMEOUT'), session()]);
    await failure(call(t.options, 'GET', '/x'));
    expect(t.sent).toHaveLength(1);
  });

  it('the call’s own deadline aborts a request that hangs, even with a caller’s signal', async () => {
    const hang = (req: OutgoingRequest) => new Promise<Exchange>((_, reject) => req.signal.addEventListener('abort', () => reject(coded('ABORT_ERR', 'aborted'))));
    const t = scripted([hang], { timeoutMs: 200 });
    const error = await failure(call(t.options, 'GET', '/x', { signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('No complete answer from the RevKeen API within 0.2 s');
  });

  it('the caller’s signal aborts a request in flight: cancelled, its reason kept; a RevKeen reason is the error', async () => {
    const hang = (req: OutgoingRequest) => new Promise<Exchange>((_, reject) => req.signal.addEventListener('abort', () => reject(coded('ABORT_ERR', 'aborted'))));
    const stop = new AbortController();
    const t = scripted([hang, hang]);
    const pending = failure(call(t.options, 'GET', '/x', { signal: stop.signal }));
    setTimeout(() => stop.abort('user stop'), 20);
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toBe('The request was cancelled');
    expect(error.cause).toBe('user stop');
    const typed = new AbortController();
    const second = failure(call(t.options, 'GET', '/y', { signal: typed.signal }));
    const reason = new ServerError('stopped by the batch', { status: 503 });
    setTimeout(() => typed.abort(reason), 20);
    expect(await second).toBe(reason);
  });

  it('a call aborted while it waits behind a 429 is cancelled, and sends nothing', async () => {
    const t = scripted([session()]);
    t.options.gate.hold(5000);
    const stop = new AbortController();
    const pending = failure(call(t.options, 'GET', '/x', { signal: stop.signal }));
    setTimeout(() => stop.abort('user stop'), 20);
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.cause).toBe('user stop');
    expect(t.sent).toHaveLength(0);
  });
});

describe('reading the answer', () => {
  it('a 404 is NotFoundError with the API’s words and request ID, whatever the body holds', async () => {
    const t = scripted([{ status: 404, headers: {}, text: JSON.stringify({ data: { id: 'cs_1' }, error: { code: 'resource_missing', message: 'No such session', requestId: 'req_e' } }) }]);
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect([error.status, error.code, error.message, error.requestId]).toEqual([404, 'resource_missing', 'No such session', 'req_e']);
  });

  it.each([
    [{ 'x-request-id': 'req_h1' }, '{"data":{"id":"cs_1"}}', 'req_h1'],
    [{ 'request-id': 'req_h2' }, '{"data":{"id":"cs_1"}}', 'req_h2'],
    [{ 'x-request-id': 'req_h3' }, '{"data":{"id":"cs_1"},"request_id":"req_b"}', 'req_b'],
    [{}, '{"data":{"id":"cs_1"},"requestId":"req_c"}', 'req_c'],
    [{ 'x-request-id': 'req_h4' }, '{"data":{"id":"cs_1"},"error":"a string","requestId":5}', 'req_h4'],
    [{ 'x-request-id': 'req_h5' }, '{"data":{"id":"cs_1"},"error":{"requestId":7}}', 'req_h5'],
    [{ 'x-request-id': 'req_h6' }, '{"data":{"id":"cs_1"},"error":null}', 'req_h6'],
    [{}, '{"data":{"id":"cs_1"},"error":{"requestId":"req_e"}}', 'req_e'],
  ])('the request ID from %j and %s is %s', async (headers, text, requestId) => {
    const t = scripted([{ status: 200, headers, text }]);
    expect((await call(t.options, 'GET', '/x')).requestId).toBe(requestId);
  });

  it.each([
    ['', {}, 'an empty body'],
    ['  \n', {}, 'an empty body'],
    ['Bad gateway', { 'content-type': 'text/html' }, 'an HTML page'],
    ['  <html>down</html>', {}, 'an HTML page'],
    ['error <b>x</b>', { 'content-type': 'text/plain' }, 'a body that is not valid JSON (14 bytes)'],
    ['{"data":', {}, 'a body that is not valid JSON (8 bytes)'],
  ])('a 200 of %j (%j) is described as %s', async (text, headers, words) => {
    const t = scripted([{ status: 200, headers, text }]);
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe(`The server answered HTTP 200 with ${words} instead of JSON`);
  });

  it('an error answer that is JSON but says nothing gets the status’s own words, with no note about the body', async () => {
    const t = scripted([{ status: 503, headers: {}, text: '{}' }], { maxRetries: 0 });
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('The API had a server error');
  });

  it('a 400 that is not JSON keeps its status and says what came', async () => {
    const t = scripted([{ status: 400, headers: { 'content-type': 'text/html' }, text: '<h1>Bad</h1>' }]);
    const error = await failure(call(t.options, 'GET', '/x'));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/; it sent an HTML page$/);
  });
});

describe('rate limits hold the whole client', () => {
  it('a 429 holds the gate for the wait; a 503 does not', async () => {
    const t = scripted([
      { status: 503, headers: {}, text: '{}' },
      { status: 429, headers: { 'retry-after': '1' }, text: '{}' },
      session(),
    ]);
    t.options.timeoutMs = 30_000;
    await call(t.options, 'GET', '/x');
    expect(t.holds).toEqual([1000]);
    expect(t.sent).toHaveLength(3);
  }, 20_000);
});
