import { VERSION } from '../version.js';
import { defaultBaseUrl, normalizeBaseUrl } from './base-url.js';
import { CheckoutSessions } from './checkout-sessions.js';
import { RevKeenError } from './errors.js';
import { RateLimitGate } from './retry-policy.js';
import { call, type RetryInfo, type TraceEvent, type TransportOptions } from './transport.js';
import type { Dispatcher } from 'undici';
import { createHttpSender, type HttpSender } from './http-sender.js';

export interface RevKeenOptions {
  apiKey: string;
  /** With or without the trailing `/v2`; defaults by key prefix (sandbox keys to staging). */
  baseUrl?: string;
  /** Bounds each call, retries included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries on connection errors, 429, 5xx and idempotency_in_progress. Default 2. */
  maxRetries?: number;
  userAgent?: string;
  /** An undici dispatcher to send through; by default Node's http(s), or undici's proxy agent when a proxy variable is set. */
  dispatcher?: Dispatcher;
  /** Most connections kept open to the API at once (default: as many as calls in flight). */
  maxConnections?: number;
  /** Sees every attempt, with the key already masked. */
  onTrace?: (event: TraceEvent) => void;
  /** Told before every wait for a retry, e.g. to say "rate limited, waiting 20 s". */
  onRetry?: (info: RetryInfo) => void;
}

export class RevKeen {
  readonly checkoutSessions: CheckoutSessions;
  readonly baseUrl: string;
  readonly #http: HttpSender;

  constructor(options: RevKeenOptions) {
    if (!options || typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new RevKeenError('RevKeen needs an apiKey', { code: 'missing_api_key' });
    }
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? defaultBaseUrl(options.apiKey));
    this.#http = createHttpSender({ maxConnections: options.maxConnections, dispatcher: options.dispatcher });
    const transport: TransportOptions = {
      apiKey: options.apiKey,
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      userAgent: options.userAgent ?? `revkeen/${VERSION} node/${process.versions.node}`,
      http: this.#http,
      gate: new RateLimitGate(),
      onTrace: options.onTrace,
      onRetry: options.onRetry,
    };
    this.checkoutSessions = new CheckoutSessions((method, path, callOptions) =>
      call(transport, method, path, callOptions),
    );
  }

  /** Closes kept-alive connections; a process that is done with the client can then end at once. */
  close(): Promise<void> {
    return this.#http.close();
  }
}
