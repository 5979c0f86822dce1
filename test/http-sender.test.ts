import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpSender, MAX_BODY_BYTES, type HttpSender } from '../src/client/http-sender.js';
import { InvalidResponseError } from '../src/client/errors.js';
import { startProxy, type LoopbackProxy } from './helpers/proxy.js';
import { startFaultServer, type FaultServer } from './helpers/servers.js';

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

const track = <T extends { close(): Promise<unknown> }>(thing: T): T => (stops.push(() => thing.close()), thing);
const server = async (handler: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> => track(await startFaultServer(handler));
const proxy = async (hosts: Record<string, string>): Promise<LoopbackProxy> => track(await startProxy(hosts));
const sender = (options: Parameters<typeof createHttpSender>[0]): HttpSender => track(createHttpSender(options));
const get = (s: HttpSender, url: string, headers: Record<string, string> = {}) =>
  s.send({ method: 'GET', url, headers, signal: new AbortController().signal, timeoutMs: 5000 });

/** A loopback server that sends `size` bytes of body in 64 KiB chunks, noting whether the client hung up first. */
async function bigBodyServer(size: number): Promise<{ url: string; hungUp: () => boolean }> {
  let hungUp = false;
  const s = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(size) });
    let sent = 0;
    const more = () => {
      while (sent < size) {
        const n = Math.min(65_536, size - sent);
        sent += n;
        if (!res.write(Buffer.alloc(n, 0x61))) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('close', () => void (hungUp = !res.writableFinished));
    more();
  });
  return { url: `${s.baseUrl}/x`, hungUp: () => hungUp };
}

describe('the HTTP sender', () => {
  it('sends a body with its exact byte length, and joins repeated reply headers', async () => {
    const s = await server((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end('{"ok":true}');
    });
    const body = JSON.stringify({ note: 'café ☕' });
    const reply = await sender({}).send({ method: 'POST', url: `${s.baseUrl}/x`, headers: { 'x-test': '1' }, body, signal: new AbortController().signal, timeoutMs: 5000 });
    expect(reply).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(reply.headers['set-cookie']).toBe('a=1, b=2');
    expect(s.requests[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(s.requests[0].body).toBe(body);
    expect(s.requests[0].headers['x-test']).toBe('1');
  });

  it('reads a reply of exactly 1 MiB, and refuses one byte more, hanging up instead of reading on', async () => {
    const exact = await bigBodyServer(MAX_BODY_BYTES);
    expect((await get(sender({}), exact.url)).text).toHaveLength(MAX_BODY_BYTES);
    const huge = await bigBodyServer(64 * MAX_BODY_BYTES);
    const error = await get(sender({}), huge.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe("The server sent more than 1 MiB for one response (HTTP 200); that is not a RevKeen API reply");
    expect((error as InvalidResponseError).status).toBe(200);
    await expect.poll(huge.hungUp).toBe(true);
  });

  it('through a proxy too: refuses a reply over 1 MiB and hangs up', async () => {
    const huge = await bigBodyServer(64 * MAX_BODY_BYTES);
    const { port } = new URL(huge.url);
    const p = await proxy({ 'api.revkeen.test': '127.0.0.1' });
    // undici's proxy agent reads the process's own variables.
    for (const other of ['HTTPS_PROXY', 'https_proxy', 'http_proxy', 'NO_PROXY', 'no_proxy']) vi.stubEnv(other, undefined);
    vi.stubEnv('HTTP_PROXY', p.url);
    const error = await get(sender({}), `http://api.revkeen.test:${port}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    await expect.poll(huge.hungUp).toBe(true);
  });

  it('reuses one kept-alive connection for calls one after another, and closes it when closed', async () => {
    const sockets = new Set<Socket>();
    let closed = 0;
    const s = await server((_req, res) => {
      if (!sockets.has(res.socket as Socket)) (res.socket as Socket).once('close', () => closed++);
      sockets.add(res.socket as Socket);
      res.end('{}');
    });
    const h = createHttpSender({});
    for (let i = 0; i < 3; i++) await get(h, `${s.baseUrl}/x`);
    expect(sockets.size).toBe(1);
    expect(closed).toBe(0);
    await h.close();
    await expect.poll(() => closed).toBe(1);
  });

  it('speaks TLS to an https URL (a plain server answers the handshake with nonsense)', async () => {
    const s = await server((_req, res) => void res.end('{}'));
    const error = await get(sender({}), s.baseUrl.replace('http:', 'https:')).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toMatch(/^(EPROTO|ERR_SSL_WRONG_VERSION_NUMBER|ECONNRESET)$/);
  });

  it('a proxied sender that never sent closes cleanly', async () => {
    await expect(createHttpSender({ env: { HTTP_PROXY: 'http://127.0.0.1:9' } }).close()).resolves.toBeUndefined();
  });

  it('keeps at most maxConnections connections to a host, and unlimited without it', async () => {
    const sockets = new Set<Socket>();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const s = await server(async (_req, res) => {
      sockets.add(res.socket as Socket);
      await held;
      res.end('{}');
    });
    const burst = (h: HttpSender) => Promise.all(Array.from({ length: 6 }, () => get(h, `${s.baseUrl}/x`)));
    const limited = burst(sender({ maxConnections: 2 }));
    await expect.poll(() => s.requests.length).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(sockets.size).toBe(2);
    release();
    await limited;
    expect(s.requests).toHaveLength(6);
    expect(sockets.size).toBe(2);
    sockets.clear();
    await burst(sender({}));
    expect(sockets.size).toBeGreaterThan(2);
  });

  it('resolves localhost itself, to this machine', async () => {
    const s = await server((_req, res) => void res.end('{"here":true}'));
    const url = s.baseUrl.replace('127.0.0.1', 'LocalHost');
    expect((await get(sender({ loopback: true }), `${url}/x`)).text).toBe('{"here":true}');
  });
});

describe('proxies', () => {
  // The https variables are proven through a CONNECT tunnel in the end-to-end HTTPS tests.
  for (const name of ['HTTP_PROXY', 'http_proxy']) {
    it(`${name} sends a request for another host through the proxy`, async () => {
      const s = await server((_req, res) => void res.end('{"via":"proxy"}'));
      const { port } = new URL(s.baseUrl);
      const p = await proxy({ 'api.revkeen.test': '127.0.0.1' });
      for (const other of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) vi.stubEnv(other, undefined);
      vi.stubEnv(name, p.url);
      const reply = await get(sender({}), `http://api.revkeen.test:${port}/v2/x`);
      expect(reply.text).toBe('{"via":"proxy"}');
      // undici reaches every target through a CONNECT tunnel, plain http included.
      expect(p.seen).toEqual([`CONNECT api.revkeen.test:${port}`]);
    });
  }

  it('never carries a request to this machine, whatever is set', async () => {
    const s = await server((_req, res) => void res.end('{"direct":true}'));
    const p = await proxy({});
    const env = { HTTPS_PROXY: p.url, https_proxy: p.url, HTTP_PROXY: p.url, http_proxy: p.url };
    expect((await get(sender({ env, loopback: true }), `${s.baseUrl}/x`)).text).toBe('{"direct":true}');
    expect(p.seen).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('goes direct when no proxy variable is set, even to an address it was not told is this machine', async () => {
    const s = await server((_req, res) => void res.end('{"direct":true}'));
    const p = await proxy({});
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy']) vi.stubEnv(name, undefined);
    expect((await get(sender({ env: { NO_PROXY: '' } }), `${s.baseUrl}/x`)).text).toBe('{"direct":true}');
    expect(p.seen).toEqual([]);
  });

  for (const name of ['HTTPS_PROXY', 'https_proxy']) {
    it(`${name} tunnels a request for another https host through the proxy`, async () => {
      const p = await proxy({ 'api.revkeen.test': '127.0.0.1' });
      const s = await server((_req, res) => void res.end('{}'));
      const { port } = new URL(s.baseUrl);
      for (const other of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) vi.stubEnv(other, undefined);
      vi.stubEnv(name, p.url);
      // The server speaks plain http, so TLS through the tunnel fails; the tunnel is what is proven.
      await get(sender({}), `https://api.revkeen.test:${port}/v2/x`).catch(() => undefined);
      expect(p.seen).toEqual([`CONNECT api.revkeen.test:${port}`]);
    });
  }

  it('a dispatcher given by a library user is the way every request goes', async () => {
    const { ProxyAgent } = await import('undici');
    const s = await server((_req, res) => void res.end('{"via":"dispatcher"}'));
    const { port } = new URL(s.baseUrl);
    const p = await proxy({ 'api.revkeen.test': '127.0.0.1' });
    const dispatcher = new ProxyAgent(p.url);
    stops.push(() => dispatcher.close());
    const reply = await get(sender({ dispatcher, env: {} }), `http://api.revkeen.test:${port}/v2/x`);
    expect(reply.text).toBe('{"via":"dispatcher"}');
    expect(p.seen).toEqual([`CONNECT api.revkeen.test:${port}`]);
  });
});
