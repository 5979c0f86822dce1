import { sleep } from './sleep.js';

/** The longest any single wait may be, whatever a server asks for. */
export const MAX_WAIT_MS = 60_000;
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;

// Failures another attempt may get past; a certificate that does not verify will not verify next time.
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isRetryableStatus(status: number, code: string | undefined): boolean {
  return status === 429 || status >= 500 || (status === 409 && code === 'idempotency_in_progress');
}

/**
 * The wait before retry number `attempt + 1`: exponential backoff with jitter (between half and
 * all of it), never shorter than that floor even when the server asks for less, never over the cap.
 */
export function backoffDelay(attempt: number, serverAskedMs?: number, random: () => number = Math.random): number {
  const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  const floor = Math.round(backoff / 2 + random() * (backoff / 2));
  return Math.min(MAX_WAIT_MS, Math.max(floor, serverAskedMs ?? 0));
}

/** `Retry-After` as seconds or an HTTP date, in ms; 0 for a past date or a negative number. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_WAIT_MS, Math.max(0, Math.round(ms)));
}

/**
 * Shared by every call of one client: when the server says "too many requests", every call waits
 * until its wait is over, instead of each finding out with a request of its own.
 */
export class RateLimitGate {
  #openAt = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Holds every call for `ms` from now (a longer hold already in place stays). */
  hold(ms: number): void {
    this.#openAt = Math.max(this.#openAt, this.#now() + ms);
  }

  async pass(signal: AbortSignal): Promise<void> {
    for (let left = this.#openAt - this.#now(); left > 0; left = this.#openAt - this.#now()) await sleep(left, signal);
  }
}
