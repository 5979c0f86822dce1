import type { CallOptions } from './transport.js';
import {
  normalizeSession,
  type ApiResponse,
  type CheckoutSession,
  type CheckoutSessionCreateParams,
  type CheckoutSessionExpired,
} from './session.js';
import { InvalidIdError } from './errors.js';

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

/** What the CLI needs of the API: the three endpoints (tests hand commands a scripted one). */
export interface CheckoutSessionsApi {
  create(params: CheckoutSessionCreateParams, options?: RequestOptions): Promise<ApiResponse<CheckoutSession>>;
  get(id: string, options?: Pick<RequestOptions, 'signal'>): Promise<ApiResponse<CheckoutSession>>;
  expire(id: string, options?: RequestOptions): Promise<ApiResponse<CheckoutSessionExpired>>;
}

/** The three checkout-session endpoints, thin over the client's one call(). */
export class CheckoutSessions implements CheckoutSessionsApi {
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
    throw new InvalidIdError(`Not a checkout session ID: ${JSON.stringify(id)}`);
  }
  return encodeURIComponent(id);
}
