import { VERSION } from '../version.js';
import { baseUrlProblem, defaultBaseUrl, isLoopbackHost, normalizeBaseUrl } from './base-url.js';
import { CheckoutSessions } from './checkout-sessions.js';
import { InvalidOptionsError } from './errors.js';
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
      throw new InvalidOptionsError('RevKeen needs an apiKey', { code: 'missing_api_key' });
    }
    const base = options.baseUrl ?? defaultBaseUrl(options.apiKey);
    // The client is what sends the key: the same rules as the CLI, https or http to this machine only.
    const problem = typeof base === 'string' ? baseUrlProblem(base) : 'baseUrl must be a string';
    if (problem) throw new InvalidOptionsError(`baseUrl: ${problem}`, { code: 'invalid_base_url' });
    this.baseUrl = normalizeBaseUrl(base.trim());
    const timeoutMs = checkNumber('timeoutMs', options.timeoutMs, 30_000, 1, 24 * 3_600_000);
    const maxRetries = checkNumber('maxRetries', options.maxRetries, 2, 0, 10);
    const maxConnections = options.maxConnections === undefined ? undefined : checkNumber('maxConnections', options.maxConnections, 1, 1, 1024);
    this.#http = createHttpSender({ maxConnections, dispatcher: options.dispatcher, loopback: isLoopbackHost(new URL(this.baseUrl).hostname) });
    const transport: TransportOptions = {
      apiKey: options.apiKey,
      baseUrl: this.baseUrl,
      timeoutMs,
      maxRetries,
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

/** A whole number within bounds, or the default when absent; anything else (NaN, 2.5, -1) is refused by name. */
function checkNumber(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionsError(`${name} must be a whole number from ${min} to ${max}, not ${String(value)}`, { code: 'invalid_option' });
  }
  return value;
}
