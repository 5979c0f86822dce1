import type { CallOptions } from './transport.js';
import {
  normalizeSession,
  type ApiResponse,
  type CheckoutSession,
  type CheckoutSessionCreateParams,
  type CheckoutSessionExpired,
} from './session.js';
import { RevKeenError } from './errors.js';

type Caller = (
  method: 'GET' | 'POST',
  path: string,
  options?: CallOptions,
) => Promise<ApiResponse<Record<string, unknown>>>;

export interface RequestOptions {
  /** Reuse a key to make a retried create safe; one is generated when absent. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The three checkout-session endpoints, thin over the client's one call(). */
export class CheckoutSessions {
  readonly #call: Caller;

  constructor(call: Caller) {
    this.#call = call;
  }

  async create(params: CheckoutSessionCreateParams, options: RequestOptions = {}): Promise<ApiResponse<CheckoutSession>> {
    const response = await this.#call('POST', '/checkout-sessions', { ...options, body: params });
    return { ...response, data: normalizeSession(response.data) };
  }

  async get(id: string, options: Pick<RequestOptions, 'signal'> = {}): Promise<ApiResponse<CheckoutSession>> {
    const response = await this.#call('GET', `/checkout-sessions/${pathSegment(id)}`, options);
    return { ...response, data: normalizeSession(response.data) };
  }

  async expire(id: string, options: RequestOptions = {}): Promise<ApiResponse<CheckoutSessionExpired>> {
    const response = await this.#call('POST', `/checkout-sessions/${pathSegment(id)}/expire`, options);
    const session = normalizeSession(response.data);
    return { ...response, data: { id: session.id, status: session.status ?? 'expired', expiredAt: session.expiredAt } };
  }
}

/** An ID always stays one path segment, whatever it contains. */
export function pathSegment(id: string): string {
  if (typeof id !== 'string' || id === '' || id === '.' || id === '..') {
    throw new RevKeenError(`Not a checkout session ID: ${JSON.stringify(id)}`, { code: 'invalid_id' });
  }
  return encodeURIComponent(id);
}
