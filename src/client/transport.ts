import { randomUUID } from 'node:crypto';
import {
  AbortedError,
  ConnectionError,
  InvalidResponseError,
  RevKeenError,
  TimeoutError,
  errorFromResponse,
} from './errors.js';
import { maskKey } from './api-key.js';
import { RETRYABLE_NETWORK_CODES, backoffDelay, isRetryableStatus, retryAfterMs, type RateLimitGate } from './retry-policy.js';
import { sleep } from './sleep.js';
import type { Exchange, HttpSender } from './http-sender.js';
import type { ApiResponse } from './session.js';

export const API_VERSION = '2026-05-01';

export type TraceEvent =
  | { type: 'request'; attempt: number; method: string; url: string; headers: Record<string, string> }
  | {
      type: 'response';
      attempt: number;
      method: string;
      url: string;
      status: number;
      ms: number;
      headers: Record<string, string>;
      replayed: boolean;
    }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'error'; attempt: number; method: string; url: string; ms: number; message: string };

export interface TransportOptions {
  apiKey: string;
  baseUrl: string;
  /** Bounds the whole call, retries included, in milliseconds. */
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
  http: HttpSender;
  /** Shared by every call of one client, so a 429 holds them all. */
  gate: RateLimitGate;
  onTrace?: (event: TraceEvent) => void;
  /** Told before every wait for a retry (a progress line can say "rate limited"). */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
  status?: number;
}

export interface CallOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Sends one logical call: one place for headers, idempotency, timeouts and retries. */
export async function call(
  options: TransportOptions,
  method: 'GET' | 'POST',
  path: string,
  { body, idempotencyKey, signal }: CallOptions = {},
): Promise<ApiResponse<Record<string, unknown>>> {
  const url = options.baseUrl + path;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': options.userAgent,
    'revkeen-version': API_VERSION,
    'x-api-key': options.apiKey,
  };
  // Every attempt of one POST carries the same key, so a retry can never create a second session.
  if (method === 'POST') headers['idempotency-key'] = idempotencyKey ?? randomUUID();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = 'application/json';

  // The call's time starts when it may first send: waiting behind another call's 429 is not its own time.
  await options.gate.pass(signal ?? NEVER).catch((error: unknown) => {
    throw toTransportError(error, signal ?? NEVER, options.timeoutMs, url);
  });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new TimeoutError(timeoutMessage(options.timeoutMs))), options.timeoutMs);
  const aborted = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  const startedAt = Date.now();
  /** Waits before the next attempt, or returns false when no attempt is left or it would not fit in the timeout. */
  const waitToRetry = async (attempt: number, reason: string, status?: number, serverAskedMs?: number): Promise<boolean> => {
    const delayMs = backoffDelay(attempt, serverAskedMs);
    // Every other call waits out a 429 too, whether or not this one may try again.
    if (status === 429) options.gate.hold(delayMs);
    if (attempt >= options.maxRetries || delayMs >= options.timeoutMs - (Date.now() - startedAt)) return false;
    options.onTrace?.({ type: 'retry', attempt: attempt + 1, delayMs, reason });
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason, status });
    await sleep(delayMs, aborted);
    // Others may have met a 429 meanwhile: go only when the whole client may.
    await options.gate.pass(aborted);
    return true;
  };

  try {
    for (let attempt = 0; ; attempt++) {
      const began = Date.now();
      options.onTrace?.({ type: 'request', attempt, method, url, headers: redact(headers, options.apiKey) });
      let response: Exchange;
      try {
        response = await options.http.send({ method, url, headers, body: payload, signal: aborted, timeoutMs: options.timeoutMs });
      } catch (error) {
        const failure = toTransportError(error, aborted, options.timeoutMs, url);
        options.onTrace?.({ type: 'error', attempt, method, url, ms: Date.now() - began, message: failure.message });
        const retryable = failure instanceof ConnectionError && RETRYABLE_NETWORK_CODES.has(failure.code ?? '');
        if (retryable && (await waitToRetry(attempt, failure.message))) continue;
        throw failure;
      }

      const replayed = response.headers['idempotency-replayed'] === 'true';
      options.onTrace?.({
        type: 'response',
        attempt,
        method,
        url,
        status: response.status,
        ms: Date.now() - began,
        headers: response.headers,
        replayed,
      });

      const parsed = parseJson(response.text);
      const requestId = findRequestId(response.headers, parsed);
      if (response.status >= 200 && response.status < 300) {
        return toApiResponse(response, parsed, requestId, replayed);
      }

      const askedWait = retryAfterMs(response.headers['retry-after']);
      const error = errorFromResponse(
        response.status,
        parsed === NOT_JSON ? undefined : parsed,
        requestId,
        parsed === NOT_JSON ? describeBody(response) : undefined,
        askedWait,
      );
      const retryable = isRetryableStatus(response.status, error.code);
      if (retryable && (await waitToRetry(attempt, `HTTP ${response.status}`, response.status, askedWait))) continue;
      throw error;
    }
  } catch (error) {
    throw toTransportError(error, aborted, options.timeoutMs, url);
  } finally {
    clearTimeout(timer);
  }
}

const NEVER = new AbortController().signal;

function toApiResponse(response: Exchange, parsed: unknown, requestId: string | undefined, replayed: boolean): ApiResponse<Record<string, unknown>> {
  if (parsed === NOT_JSON) {
    throw new InvalidResponseError(
      `The server answered HTTP ${response.status} with ${describeBody(response)} instead of JSON`,
      { status: response.status, requestId },
    );
  }
  const data = (parsed as Record<string, unknown> | null)?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidResponseError(`The server answered HTTP ${response.status} without the session in "data"`, {
      status: response.status,
      requestId,
    });
  }
  return { data: data as Record<string, unknown>, requestId, body: parsed, status: response.status, replayed };
}

/** What a body that does not parse (or is empty) reads as. */
const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function describeBody(response: Exchange): string {
  if (response.text.trim() === '') return 'an empty body';
  const type = response.headers['content-type'] ?? '';
  if (type.includes('html') || /^\s*</.test(response.text)) return 'an HTML page';
  return `a body that is not valid JSON (${response.text.length} bytes)`;
}

function findRequestId(headers: Record<string, string>, body: unknown): string | undefined {
  if (body !== null && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['requestId', 'request_id']) {
      if (typeof record[key] === 'string') return record[key] as string;
    }
    const error = record.error as Record<string, unknown> | undefined;
    if (error && typeof error === 'object' && typeof error.requestId === 'string') return error.requestId;
  }
  return headers['x-request-id'] ?? headers['request-id'];
}

function toTransportError(error: unknown, signal: AbortSignal, timeoutMs: number, url: string): RevKeenError {
  if (error instanceof RevKeenError) return error;
  if (signal.aborted) {
    const reason = signal.reason;
    if (reason instanceof RevKeenError) return reason;
    return new AbortedError('The request was cancelled', { cause: reason });
  }
  const code = (error as { code?: string })?.code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError(timeoutMessage(timeoutMs), { code, cause: error });
  }
  const message = (error as Error)?.message || code || String(error);
  // Name the host: "could not be resolved" means little until it says which name.
  return new ConnectionError(`Could not reach the RevKeen API at ${new URL(url).host}: ${describeNetworkCode(code, message)}`, {
    code: code || undefined,
    cause: error,
  });
}

function describeNetworkCode(code: string, message: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed before a reply arrived';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    default:
      return message || code;
  }
}

function timeoutMessage(timeoutMs: number): string {
  return `No complete answer from the RevKeen API within ${timeoutMs / 1000} s`;
}

function redact(headers: Record<string, string>, apiKey: string): Record<string, string> {
  return { ...headers, 'x-api-key': maskKey(apiKey) };
}

