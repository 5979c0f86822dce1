import { isWellFormedKey, keyMode } from '../client/api-key.js';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderHostedPage } from './hosted-page.js';
import { SessionStore, createView, expireView, retrieveView, type StoredSession } from './session-store.js';
import { validateCreateBody } from './validate-create.js';

export interface MockOptions {
  port?: number;
  host?: string;
  /** How long a new session stays open. Default 24 hours. */
  sessionTtlMs?: number;
  /** Called for every request served, for the mock's own log. */
  onRequest?: (line: string) => void;
  /** Where checkout.session.* events are delivered, signed with `webhookSecret`. */
  forwardTo?: string[];
  webhookSecret?: string;
  /** One line per delivery attempt. */
  onWebhookLog?: (line: string) => void;
  /** Waits between delivery attempts (tests shorten them). */
  webhookDelaysMs?: number[];
}

export interface MockServer {
  /** The API base URL, ending in /v2. */
  baseUrl: string;
  origin: string;
  store: SessionStore;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startMockServer(options: MockOptions = {}): Promise<MockServer> {
  const store = new SessionStore(options.sessionTtlMs ?? 24 * 60 * 60 * 1000);
  const server = createServer((req, res) => {
    const started = Date.now();
    res.on('finish', () => options.onRequest?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    handle(store, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `Mock failure: ${(error as Error).message}` });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, options.host ?? '127.0.0.1', () => resolve());
  });
  const stopWebhooks = await forwardEvents(store, options);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  return {
    baseUrl: `${origin}/v2`,
    origin,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        stopWebhooks();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** How often open sessions are checked for a lapsed TTL, so their expiry event goes out on time. */
const SWEEP_MS = 250;

/** Wires the store's events to signed deliveries; returns how to stop them. */
async function forwardEvents(store: SessionStore, options: MockOptions): Promise<() => void> {
  if (!options.forwardTo?.length) return () => {};
  const { WebhookForwarder, newEvent } = await import('./webhook-forwarder.js');
  const forwarder = new WebhookForwarder({
    targets: options.forwardTo,
    secret: options.webhookSecret ?? '',
    log: options.onWebhookLog ?? (() => {}),
    delaysMs: options.webhookDelaysMs,
  });
  store.onEvent = (type, session) => {
    // Fire and forget: the API's own answer never waits for a delivery.
    void forwarder.emit(newEvent(type, retrieveView(session), keyMode(session.owner) === 'live'));
  };
  const sweep = setInterval(() => store.sweep(), SWEEP_MS);
  sweep.unref();
  return () => {
    clearInterval(sweep);
    forwarder.close();
  };
}

async function handle(store: SessionStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock');
  const requestId = `req_${randomBytes(8).toString('hex')}`;
  res.setHeader('x-request-id', requestId);
  const reply = (status: number, body: Record<string, unknown>) => sendJson(res, status, { ...body, requestId });

  const page = /^\/p\/([A-Za-z0-9_]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
  if (page) return hostedPage(store, req, res, page[1], page[2], url);

  const route = /^\/v2\/checkout-sessions(?:\/([^/]+)(\/expire)?)?\/?$/.exec(url.pathname);
  if (!route) return reply(404, { error: `No route ${req.method} ${url.pathname}` });

  const apiKey = headerOf(req, 'x-api-key');
  if (!apiKey) return reply(401, { error: 'Missing API key: send it in the x-api-key header' });
  if (!isWellFormedKey(apiKey) || keyMode(apiKey) === 'unknown') return reply(401, { error: 'Malformed or revoked API key' });

  const [, rawId, expire] = route;
  const id = rawId === undefined ? undefined : safeDecode(rawId);
  const expected = id === undefined || expire ? 'POST' : 'GET';
  if (req.method !== expected) {
    res.setHeader('allow', expected);
    return reply(405, { error: `Use ${expected} for ${url.pathname}` });
  }

  let body: unknown;
  if (req.method === 'POST') {
    const text = await readBody(req);
    if (text === undefined) return reply(413, { error: `Request body over ${MAX_BODY} bytes` });
    if (id === undefined) {
      try {
        body = JSON.parse(text);
      } catch {
        return reply(400, { error: 'Request body is not valid JSON' });
      }
    }
    const key = headerOf(req, 'idempotency-key');
    if (key !== undefined) {
      if (key.length < 1 || key.length > 255) return reply(400, { error: 'Idempotency-Key must be 1-255 characters' });
      // The same request is the same JSON value, whatever order its keys were written in.
      const fingerprint = `${req.method} ${url.pathname} ${canonicalJson(body ?? null)}`;
      const stored = store.replay(apiKey, key, fingerprint);
      if (stored === 'conflict') {
        return reply(409, {
          error: {
            type: 'idempotency_error',
            code: 'idempotency_conflict',
            message: 'This Idempotency-Key was already used with a different request',
          },
        });
      }
      if (stored) {
        res.setHeader('idempotency-replayed', 'true');
        return sendJson(res, stored.status, stored.body);
      }
      const remember = (status: number, payload: Record<string, unknown>) => {
        const full = { ...payload, requestId };
        store.remember(apiKey, key, fingerprint, status, full);
        sendJson(res, status, full);
      };
      return id === undefined ? createSession(store, apiKey, body, req, remember) : expireSession(store, apiKey, id, remember);
    }
    return id === undefined ? createSession(store, apiKey, body, req, reply) : expireSession(store, apiKey, id, reply);
  }

  const session = id === undefined ? undefined : store.find(apiKey, id);
  if (!session) return reply(404, { error: `No checkout session ${id}` });
  return reply(200, { data: retrieveView(session) });
}

type Reply = (status: number, body: Record<string, unknown>) => void;

function createSession(store: SessionStore, apiKey: string, body: unknown, req: IncomingMessage, reply: Reply): void {
  const checked = validateCreateBody(body);
  if ('error' in checked) return reply(400, { error: checked.error });
  const origin = `http://${req.headers.host ?? 'localhost'}`;
  reply(201, { data: createView(store.create(apiKey, checked.input, origin)) });
}

function expireSession(store: SessionStore, apiKey: string, id: string, reply: Reply): void {
  const session = store.find(apiKey, id);
  if (!session) return reply(404, { error: `No checkout session ${id}` });
  if (!store.expire(session)) {
    // As the official document has it: `error` is the message; the code beside it is extra.
    return reply(409, { error: `Checkout session ${id} is ${session.status}; only open or pending sessions can be expired`, code: 'session_not_expirable' });
  }
  reply(200, { data: expireView(session) });
}

async function hostedPage(
  store: SessionStore,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  action: string | undefined,
  url: URL,
): Promise<void> {
  const session = store.findByToken(token);
  const page = (status: number, notice?: string) =>
    sendHtml(res, status, renderHostedPage(session as StoredSession, { now: Date.now(), cancelled: url.searchParams.has('cancelled'), notice }));
  if (!session) return sendHtml(res, 404, '<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title><p>No such checkout.</p>');
  if (!action) return page(200);
  if (req.method !== 'POST') return page(405, 'Use the buttons on this page.');
  const text = await readBody(req);
  // A form this large is not the page's: refuse it whole, and change nothing.
  if (text === undefined) return page(413, `That form was larger than ${MAX_BODY / 1024} KiB; nothing was changed.`);
  if (action === 'cancel') return redirect(res, session.cancelUrl ?? `/p/${session.publicToken}?cancelled`);
  const method = new URLSearchParams(text).get('method') ?? session.allowedMethods[0];
  if (!session.allowedMethods.includes(method)) return page(400, 'That payment method is not offered for this checkout; nothing was charged.');
  if (!store.pay(session, method)) return page(409, `This checkout is ${session.status}; nothing was charged.`);
  return redirect(res, session.successUrl ?? `/p/${session.publicToken}`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'content-type': 'text/plain; charset=utf-8' });
  res.end(`Continue at ${location}\n`);
}

/** JSON with every object's keys sorted: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
