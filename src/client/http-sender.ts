import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { Dispatcher } from 'undici';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;
import { InvalidResponseError } from './errors.js';

/** Session bodies are a few hundred bytes; anything this large is not the API talking. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Exchange {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  timeoutMs: number;
}

export interface HttpSender {
  send(request: OutgoingRequest): Promise<Exchange>;
  close(): Promise<void>;
}

export interface SenderOptions {
  /** The API is on this machine: never through a proxy, and `localhost` is 127.0.0.1 without asking DNS. */
  loopback?: boolean;
  /** Most connections kept open per host: N workers reuse N connections. */
  maxConnections?: number;
  dispatcher?: Dispatcher;
  env?: Record<string, string | undefined>;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * Node's own http(s) with kept-alive agents, which costs nothing at start-up; undici's
 * EnvHttpProxyAgent (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), loaded only when a proxy is set or a
 * dispatcher is given.
 */
export function createHttpSender(options: SenderOptions = {}): HttpSender {
  const env = options.env ?? process.env;
  if (options.dispatcher !== undefined) return undiciSender(options);
  const proxied = !options.loopback && PROXY_VARIABLES.some((name) => env[name]);
  return proxied ? undiciSender(options) : nodeSender(options);
}

function nodeSender({ maxConnections }: SenderOptions): HttpSender {
  const agentOptions = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: maxConnections ?? Infinity };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  return {
    send: (req) =>
      new Promise<Exchange>((resolve, reject) => {
        const secure = req.url.startsWith('https:');
        const outgoing = (secure ? httpsRequest : httpRequest)(req.url, {
          lookup: localhostLookup,
          method: req.method,
          // end(body) below sets Content-Length to the body's byte length.
          headers: req.headers,
          agent: secure ? https : http,
          signal: req.signal,
        });
        outgoing.on('error', reject);
        outgoing.on('response', (response: IncomingMessage) => {
          readCapped(response, response.statusCode ?? 0, () => response.destroy())
            .then((text) => resolve({ status: response.statusCode ?? 0, headers: flatten(response.headers), text }))
            .catch(reject);
          response.on('error', reject);
        });
        outgoing.end(req.body);
      }),
    close: async () => {
      http.destroy();
      https.destroy();
    },
  };
}

/** `localhost` is this machine by definition; any other name goes to the system resolver as usual. */
const localhostLookup = ((hostname: string, options: LookupOptions, callback: LookupCallback) => {
  if (hostname.toLowerCase() !== 'localhost') return dnsLookup(hostname, options, callback as never);
  if (options.all) return void (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  callback(null, '127.0.0.1', 4);
}) as typeof dnsLookup;

function undiciSender({ maxConnections, dispatcher }: SenderOptions): HttpSender {
  let own: Dispatcher | undefined;
  const load = import('undici');
  return {
    async send(req) {
      const undici = await load;
      const via = dispatcher ?? (own ??= new undici.EnvHttpProxyAgent({ keepAliveTimeout: 10_000, ...(maxConnections ? { connections: maxConnections } : {}) }));
      const response = await undici.request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        dispatcher: via,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const text = await readCapped(response.body, response.statusCode, () => response.body.destroy());
      return { status: response.statusCode, headers: flatten(response.headers), text };
    },
    async close() {
      await own?.close();
      own = undefined;
    },
  };
}

/** Both Node's response and undici's body give Buffers (neither is given an encoding). */
async function readCapped(body: AsyncIterable<Buffer>, status: number, stop: () => void): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const buffer of body) {
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      stop();
      throw new InvalidResponseError(
        `The server sent more than ${MAX_BODY_BYTES / 1024 / 1024} MiB for one response (HTTP ${status}); that is not a RevKeen API reply`,
        { status },
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
