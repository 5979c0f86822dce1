import { VERSION } from '../version.js';
import { defaultBaseUrl, normalizeBaseUrl } from './base-url.js';
import { CheckoutSessions } from './checkout-sessions.js';
import { RevKeenError } from './errors.js';
import { call, type TraceEvent, type TransportOptions } from './transport.js';
import type { Dispatcher } from 'undici';

export interface RevKeenOptions {
  apiKey: string;
  /** With or without the trailing `/v2`; defaults by key prefix (sandbox keys to staging). */
  baseUrl?: string;
  /** Bounds each call, retries included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries on connection errors, 429, 5xx and idempotency_in_progress. Default 2. */
  maxRetries?: number;
  userAgent?: string;
  /** Defaults to one kept-alive agent per process that honours the proxy variables. */
  dispatcher?: Dispatcher;
  /** Sees every attempt, with the key already masked. */
  onTrace?: (event: TraceEvent) => void;
}

export class RevKeen {
  readonly checkoutSessions: CheckoutSessions;
  readonly baseUrl: string;

  constructor(options: RevKeenOptions) {
    if (!options || typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new RevKeenError('RevKeen needs an apiKey', { code: 'missing_api_key' });
    }
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? defaultBaseUrl(options.apiKey));
    const transport: TransportOptions = {
      apiKey: options.apiKey,
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      userAgent: options.userAgent ?? `revkeen/${VERSION} node/${process.versions.node}`,
      dispatcher: options.dispatcher,
      onTrace: options.onTrace,
    };
    this.checkoutSessions = new CheckoutSessions((method, path, callOptions) =>
      call(transport, method, path, callOptions),
    );
  }
}
