/** Every failure the client raises is a RevKeenError: callers branch on the subclass. */
export interface ErrorDetails {
  status?: number;
  code?: string;
  requestId?: string;
  param?: string;
  details?: unknown;
  cause?: unknown;
  /** How long the server asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
}

export class RevKeenError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly param: string | undefined;
  readonly details: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, info: ErrorDetails = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = new.target.name;
    this.status = info.status;
    this.code = info.code;
    this.requestId = info.requestId;
    this.param = info.param;
    this.details = info.details;
    this.retryAfterMs = info.retryAfterMs;
  }
}

/** The server answered with an error status. */
export class ApiError extends RevKeenError {}
/** 400 or 422: the server refused the request's content. */
export class InvalidRequestError extends ApiError {}
/** 401: missing, malformed or revoked key. */
export class AuthenticationError extends ApiError {}
/** 403: the key may not do this. */
export class PermissionDeniedError extends ApiError {}
/** 404: no such session for this key. */
export class NotFoundError extends ApiError {}
/** 409: the session's state or an idempotency key forbids this. */
export class ConflictError extends ApiError {}
/** 429 after the retries ran out. */
export class RateLimitError extends ApiError {}
/** 5xx after the retries ran out. */
export class ServerError extends ApiError {}
/** A 2xx whose body is not the JSON the API documents. */
export class InvalidResponseError extends RevKeenError {}
/** The request never got an answer: refused, reset, DNS, TLS. */
export class ConnectionError extends RevKeenError {}
/** No answer in time. */
export class TimeoutError extends ConnectionError {}
/** The client was given an option it cannot work with (a base URL, a number); nothing was sent. */
export class InvalidOptionsError extends RevKeenError {}
/** An ID refused before anything was sent: it cannot be one path segment. */
export class InvalidIdError extends RevKeenError {}
/** The caller aborted the request. */
export class AbortedError extends RevKeenError {}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: InvalidRequestError,
  429: RateLimitError,
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The request was invalid',
  401: 'The API key was missing, malformed or revoked',
  403: 'The API key is not allowed to do this',
  404: 'No such checkout session',
  409: 'The request conflicts with the session’s current state',
  422: 'The request failed validation',
  429: 'Too many requests',
};

/**
 * Reads whichever of the API's three error shapes the server used:
 * { error: "msg" }, { error: { type, code, message, param, details } }, { message }.
 */
export function parseErrorBody(body: unknown): { code?: string; message?: string; param?: string; details?: unknown } {
  if (body === null || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') {
    return { message: error, code: stringOrUndefined(record.code) };
  }
  if (error !== null && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    return {
      code: stringOrUndefined(e.code) ?? stringOrUndefined(e.type),
      message: stringOrUndefined(e.message),
      param: stringOrUndefined(e.param),
      details: e.details,
    };
  }
  return { message: stringOrUndefined(record.message), code: stringOrUndefined(record.code) };
}

/** `bodyNote` says what the server sent when it was not JSON ("an HTML page"). */
export function errorFromResponse(
  status: number,
  body: unknown,
  requestId: string | undefined,
  bodyNote?: string,
  retryAfterMs?: number,
): ApiError {
  const parsed = parseErrorBody(body);
  const Kind = BY_STATUS[status] ?? (status >= 500 ? ServerError : ApiError);
  const fallback = DEFAULT_MESSAGES[status] ?? (status >= 500 ? 'The API had a server error' : `The API refused the request`);
  const message = parsed.message ?? (bodyNote ? `${fallback}; it sent ${bodyNote}` : fallback);
  return new Kind(message, { status, code: parsed.code, requestId, param: parsed.param, details: parsed.details, retryAfterMs });
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
